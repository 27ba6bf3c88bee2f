"""Where a participant is: coordinates, a US ZIP code, a US "City, ST", or a "City, Country"
anywhere, resolved offline.

Coordinators should not need a geocoding service (nor send members' addresses to one), so names are
looked up in gazetteers shipped as packages. The country is either written after the city or given
by the form's country column; a name without a country is never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from groupformer.contract.limits import quoted, shortened
from groupformer.formimport.cells import CellError
from groupformer.formimport.mapping import answer_key
from groupformer.formimport.place import Place, place_key
from groupformer.formimport.us_places import us_city_place, us_state_code, zip_code_place
from groupformer.formimport.world_places import country_code, country_name, world_city_place

_COORDINATES = re.compile(r"^\s*\(?\s*(?P<lat>[-+]?\d+(?:\.\d+)?)\s*[,;\s]\s*(?P<lon>[-+]?\d+(?:\.\d+)?)\s*\)?\s*$")
_ZIP_CODE = re.compile(r"^\s*(?P<zip>\d{5})(?:-\d{4})?\s*$")

LOCATION_EXAMPLE = (
    'coordinates like "41.88, -87.63", a US ZIP code like 60614, "Chicago, IL" or a city and its country '
    'like "Lyon, France"'
)


def checked_coordinates(lat: float, lon: float, text: str) -> tuple[float, float]:
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise CellError(f"{quoted(text)} is not a latitude between -90 and 90 and a longitude between -180 and 180")
    return lat, lon


def _country(country_text: str, country_answers: Mapping[str, str], text: str) -> str:
    code = country_code(country_text, country_answers)
    if code is None:
        raise CellError(
            f"{quoted(text)}: {quoted(country_text)} is not a US state, nor a country name or ISO code the "
            "gazetteer knows (teach it in [answers.country])"
        )
    return code


def _us_place(city: str, state: str, abroad_code: str | None, text: str) -> Place:
    """A US city by its state. A state that is also a country ("DE", "CA", "Georgia") is that country
    when the state has no such city, and when both have one the US reading is taken and reported."""
    state_code = us_state_code(state)
    in_state = us_city_place(city, state_code)
    if abroad_code in (None, "US"):
        if in_state is None:
            raise CellError(f"{quoted(text)} is not a US city known by that name in that state (try its ZIP code)")
        return in_state
    country = country_name(abroad_code)
    try:
        abroad = world_city_place(city, abroad_code, text)
    except CellError:
        if in_state is None:
            message = f"{quoted(text)} is not a US city known by that name in that state (try its ZIP code)"
            raise CellError(message) from None
        return in_state
    if in_state is not None:
        written = f"{shortened(city)}, {country}"
        note = f'{quoted(text)}: read {quoted(state)} as the US state; write "{written}" for the city in {country}'
        return replace(in_state, note=note)
    note = f"{quoted(text)}: no such city in the US state {state_code}, so read {quoted(state)} as {country}"
    return replace(abroad, note=abroad.note or note)


def _named_place(text: str, form_country: str | None, country_answers: Mapping[str, str]) -> Place:
    """A city alone or with its region (in the country column's country), "City, ST", "City, Country" or
    "City, ST, Country". Regions outside the US are not checked (the gazetteer has no region names)."""
    parts = [part.strip() for part in text.split(",")]
    if len(parts) > 3 or not all(parts):
        raise CellError(f"cannot read {quoted(text)} as {LOCATION_EXAMPLE}")
    city = parts[0]
    if len(parts) == 1:
        if form_country is None:
            raise CellError(f'{quoted(text)} has no country: write it like "{shortened(city)}, Canada"')
        return world_city_place(city, form_country, text)
    taught_country = answer_key(parts[-1]) in country_answers
    if len(parts) == 2 and form_country in (None, "US") and us_state_code(parts[1]) and not taught_country:
        abroad_code = country_code(parts[1], country_answers) if form_country is None else None
        return _us_place(city, parts[1], abroad_code, text)
    if form_country is not None and len(parts) == 2 and country_code(parts[1], country_answers) is None:
        return world_city_place(city, form_country, text)
    code = _country(parts[-1], country_answers, text)
    if form_country is not None and code != form_country:
        raise CellError(
            f"{quoted(text)} names {country_name(code)}, but the country column says {country_name(form_country)}"
        )
    if code == "US" and len(parts) == 3 and us_state_code(parts[1]):
        return _us_place(city, parts[1], None, text)
    return world_city_place(city, code, text)


def parse_location(text: str, form_country: str | None, country_answers: Mapping[str, str]) -> Place:
    """`form_country` is the ISO code from the form's country column, for answers without one."""
    coordinates = _COORDINATES.match(text)
    zip_code = _ZIP_CODE.match(text)
    if coordinates:
        lat, lon = checked_coordinates(float(coordinates["lat"]), float(coordinates["lon"]), text)
        return Place(lat, lon, "coordinates")
    if zip_code and form_country in (None, "US"):
        return zip_code_place(zip_code["zip"], text)
    if zip_code or text.strip().isdigit():
        raise CellError(f'{quoted(text)}: only US ZIP codes are known; give the city instead, like "Lyon"')
    return _named_place(text, form_country, country_answers)


def location_label(text: str, place: Place) -> str:
    """The answer as written, so the coordinator and members recognise it, and the gazetteer's name
    beside it when that says something the answer does not ("60614 (Chicago, IL)")."""
    if place.name is None or place_key(place.name) == place_key(text):
        return text
    return f"{text} ({place.name})"
