"""Where a participant is: coordinates, a US ZIP code or a "City, ST" name, resolved offline.

Coordinators should not need a geocoding service (nor send members' addresses to one), so names are
looked up in the `zipcodes` package's gazetteer. A city has many ZIP codes; its place is the mean of
its active ZIP codes' coordinates, which is deterministic and lies near the city's centre of mass.
"""

from __future__ import annotations

import re
from functools import lru_cache
from statistics import fmean

import zipcodes

from groupformer.formimport.cells import CellError

_COORDINATES = re.compile(r"^\s*\(?\s*(?P<lat>[-+]?\d+(?:\.\d+)?)\s*[,;\s]\s*(?P<lon>[-+]?\d+(?:\.\d+)?)\s*\)?\s*$")
_ZIP_CODE = re.compile(r"^\s*(?P<zip>\d{5})(?:-\d{4})?\s*$")
_CITY_STATE = re.compile(r"^\s*(?P<city>[^,]+?)\s*,\s*(?P<state>[A-Za-z]{2})\s*$")

LOCATION_EXAMPLE = 'coordinates like "41.88, -87.63", a US ZIP code like 60614 or a place like "Chicago, IL"'


def _coordinates_of(entries: list[dict]) -> tuple[float, float]:
    active = [entry for entry in entries if entry["active"]] or entries
    lat = fmean(float(entry["lat"]) for entry in active)
    lon = fmean(float(entry["long"]) for entry in active)
    return round(lat, 5), round(lon, 5)


@lru_cache(maxsize=1)
def _zip_codes_by_city() -> dict[tuple[str, str], list[dict]]:
    by_city: dict[tuple[str, str], list[dict]] = {}
    for entry in zipcodes.list_all():
        by_city.setdefault((entry["city"].casefold(), entry["state"].upper()), []).append(entry)
    return by_city


def checked_coordinates(lat: float, lon: float, text: str) -> tuple[float, float]:
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise CellError(f"{text!r} is not a latitude between -90 and 90 and a longitude between -180 and 180")
    return lat, lon


def _zip_code_place(zip_code: str, text: str) -> tuple[float, float]:
    entries = zipcodes.matching(zip_code)
    if not entries:
        raise CellError(f"{text!r} is not a known US ZIP code")
    return _coordinates_of(entries)


def _city_place(city: str, state: str, text: str) -> tuple[float, float]:
    entries = _zip_codes_by_city().get((" ".join(city.split()).casefold(), state.upper()))
    if not entries:
        raise CellError(f"{text!r} is not a US city known by that name in that state (try its ZIP code)")
    return _coordinates_of(entries)


def parse_location(text: str) -> dict:
    """A contract location whose label is the answer as written, so the coordinator recognises it."""
    coordinates = _COORDINATES.match(text)
    zip_code = _ZIP_CODE.match(text)
    city_state = _CITY_STATE.match(text)
    if coordinates:
        lat, lon = checked_coordinates(float(coordinates["lat"]), float(coordinates["lon"]), text)
    elif zip_code:
        lat, lon = _zip_code_place(zip_code["zip"], text)
    elif city_state:
        lat, lon = _city_place(city_state["city"], city_state["state"], text)
    else:
        raise CellError(f"cannot read {text!r} as {LOCATION_EXAMPLE}")
    return {"lat": lat, "lon": lon, "label": text}
