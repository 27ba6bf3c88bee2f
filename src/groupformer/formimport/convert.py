"""One form row -> one contract participant (everything but `avoid` and `prefer`, which need all rows).

Every answer must be translated: an answer the mapping does not know is a problem for the coordinator,
never a value quietly left out, because a dropped "In person only" would put someone in the wrong group.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from groupformer.contract import FREQUENCIES, MODALITIES, STYLES
from groupformer.contract.limits import quoted
from groupformer.distance_unit import to_km
from groupformer.formimport.cells import (
    CellError,
    KnownAnswers,
    parse_distance,
    parse_number,
    parse_size_range,
    parse_time_range,
    split_answers,
)
from groupformer.formimport.findings import Findings
from groupformer.formimport.mapping import FormMapping, answer_key
from groupformer.formimport.place import Place
from groupformer.formimport.places import checked_coordinates, location_label, parse_location
from groupformer.formimport.problems import ProblemLog
from groupformer.formimport.table import FormRow
from groupformer.formimport.world_places import country_code

CONTRACT_CHOICES = {"modality": MODALITIES, "style": STYLES, "frequency": FREQUENCIES}
TERM_FIELDS = ("focus", "specialties", "tags", "avoid_tags")
TEXT_FIELDS = ("name", "email", "credential")
_NO_TIMEZONE = "no time zone: every sign-up needs one, answered or taken from the place of its location"


class RowReader:
    """The mapped cells of one row, with each problem logged against its row and column, and each
    reading the coordinator should know about noted in the findings."""

    def __init__(self, row: FormRow, mapping: FormMapping, log: ProblemLog, findings: Findings):
        self.row = row
        self.mapping = mapping
        self.log = log
        self.findings = findings

    def text(self, column: str | None) -> str:
        """The cell's answer, empty when the column is not mapped or the answer means "none"."""
        if column is None:
            return ""
        cell = self.row.cells[column]
        return "" if self.mapping.options.means_none(cell) else cell

    def read(self, column: str | None, reader: Callable[[str], Any]) -> Any:
        """The reader's value for a non-empty cell; None for an empty or unreadable one (then logged)."""
        cell = self.text(column)
        if not cell:
            return None
        try:
            return reader(cell)
        except CellError as error:
            self.log.in_cell(self.row.number, column, str(error))
            return None


def _choices(field: str, mapping: FormMapping) -> Callable[[str], list[str]]:
    table = getattr(mapping.answers, field)
    known = KnownAnswers(table.keys())

    def read(cell: str) -> list[str]:
        values: list[str] = []
        for answer in split_answers(cell, known):
            translated = table.get(answer_key(answer))
            if translated is None and answer_key(answer) in CONTRACT_CHOICES[field]:
                translated = answer_key(answer)
            if translated is None:
                raise CellError(
                    f"{quoted(answer)} is not an answer the mapping translates for {field}: add it to "
                    f"[answers.{field}] or answer one of {', '.join(CONTRACT_CHOICES[field])}"
                )
            values += [translated] if isinstance(translated, str) else translated
        return list(dict.fromkeys(values))

    return read


def _terms(field: str, mapping: FormMapping) -> Callable[[str], list[str]]:
    """Free-text answers are kept as written unless the mapping renames them."""
    table = getattr(mapping.answers, field)
    known = KnownAnswers(table.keys())

    def read(cell: str) -> list[str]:
        values: list[str] = []
        for answer in split_answers(cell, known):
            translated = table.get(answer_key(answer), answer)
            values += [translated] if isinstance(translated, str) else translated
        return values

    return read


def _timezone(mapping: FormMapping) -> Callable[[str], str]:
    def read(cell: str) -> str:
        return mapping.answers.timezone.get(answer_key(cell), cell)

    return read


def _windows_of_day(day: str, mapping: FormMapping) -> Callable[[str], list[dict]]:
    def read(cell: str) -> list[dict]:
        ranges = mapping.answers.availability.get(answer_key(cell), cell)
        windows = []
        for text in split_answers(ranges):
            start, end = parse_time_range(text)
            windows.append({"day": day, "start": start, "end": end})
        return windows

    return read


def _travel_km(reader: RowReader) -> Callable[[str], float]:
    """Kilometres, whatever the unit of the answer; the unit is counted to choose the one to display."""
    mapping = reader.mapping
    unit = mapping.options.distance_unit

    def read(cell: str) -> float:
        answered = mapping.answers.max_travel.get(answer_key(cell))
        distance, answer_unit = parse_distance(cell, unit) if answered is None else (answered, unit)
        reader.findings.travel_units[answer_unit] += 1
        return to_km(distance, answer_unit)

    return read


def _preferred_size(mapping: FormMapping) -> Callable[[str], dict | None]:
    def read(cell: str) -> dict | None:
        answered = mapping.answers.preferred_size.get(answer_key(cell))
        if answered is None:
            return parse_size_range(cell)
        return answered.model_dump(exclude_none=True) or None

    return read


def _experience_years(mapping: FormMapping) -> Callable[[str], float]:
    def read(cell: str) -> float:
        answered = mapping.answers.experience_years.get(answer_key(cell))
        if answered is None:
            return parse_number(cell, "a number of years")
        return answered

    return read


def _degrees(what: str) -> Callable[[str], float]:
    def read(cell: str) -> float:
        try:
            return float(cell)
        except ValueError:
            raise CellError(f"cannot read {quoted(cell)} as a {what} in degrees like 41.88") from None

    return read


def _form_country(reader: RowReader) -> tuple[bool, str | None]:
    """Whether the country column (if any) could be read, and the ISO code it gives."""
    column = reader.mapping.columns.country
    cell = reader.text(column)
    if not cell:
        return True, None
    code = country_code(cell, reader.mapping.answers.country)
    if code is None:
        message = (
            f"{quoted(cell)} is not a country name or ISO code the gazetteer knows (teach it in [answers.country])"
        )
        reader.log.in_cell(reader.row.number, column, message)
        return False, None
    return True, code


def _named_location(reader: RowReader) -> Place | None:
    column = reader.mapping.columns.location
    readable, form_country = _form_country(reader)
    if not readable:
        return None
    place = reader.read(column, lambda cell: parse_location(cell, form_country, reader.mapping.answers.country))
    if place is not None and place.note is not None:
        reader.findings.remark(reader.row.number, column, place.note)
    return place


def _coordinate_columns(reader: RowReader) -> Place | None:
    columns = reader.mapping.columns
    lat = reader.read(columns.latitude, _degrees("latitude"))
    lon = reader.read(columns.longitude, _degrees("longitude"))
    if lat is None and lon is None:
        return None
    if lat is None or lon is None:
        missing = columns.latitude if lat is None else columns.longitude
        if not reader.text(missing):
            reader.log.in_cell(reader.row.number, missing, "empty, but the other coordinate is given")
        return None
    try:
        lat, lon = checked_coordinates(lat, lon, f"{lat}, {lon}")
    except CellError as error:
        reader.log.in_row(reader.row.number, str(error))
        return None
    return Place(lat, lon, "coordinates")


def _location(reader: RowReader) -> tuple[Place | None, dict | None]:
    """The place, and the contract location whose label is the answer as written."""
    if reader.mapping.columns.location is None:
        place = _coordinate_columns(reader)
        return place, None if place is None else {"lat": place.lat, "lon": place.lon}
    place = _named_location(reader)
    if place is None:
        return None, None
    label = location_label(reader.text(reader.mapping.columns.location), place)
    return place, {"lat": place.lat, "lon": place.lon, "label": label}


def _timezone_of(reader: RowReader, place: Place | None) -> str | None:
    """The answered time zone; else, when the mapping asks for it, the time zone of the place."""
    columns = reader.mapping.columns
    row_number = reader.row.number
    answered = reader.read(columns.timezone, _timezone(reader.mapping))
    if answered is not None or (columns.timezone and reader.log.has_cell_problem(row_number, columns.timezone)):
        return answered
    if not reader.mapping.options.timezone_from_location:
        reader.log.in_cell(row_number, columns.timezone, "empty: every sign-up needs a time zone")
    elif place is not None and place.timezone is not None:
        reader.findings.timezones_from_locations += 1
        return place.timezone
    elif place is not None:
        reader.log.in_cell(row_number, columns.location, "coordinates carry no time zone: give the city or a time zone")
    elif not reader.log.has_cell_problem(row_number, columns.location):
        reader.log.in_cell(row_number, columns.timezone or columns.location, _NO_TIMEZONE)
    return None


def _availability(reader: RowReader) -> tuple[list[dict], list[str]]:
    """The windows, and beside each the column it came from (to place later contract problems)."""
    windows: list[dict] = []
    sources: list[str] = []
    for day, column in reader.mapping.columns.availability.by_day().items():
        day_windows = reader.read(column, _windows_of_day(day, reader.mapping)) or []
        windows += day_windows
        sources += [column] * len(day_windows)
    return windows, sources


def participant_id(reader: RowReader, position: int, count: int) -> str | None:
    """The id column's answer, or an id numbered by position (p001, p002, ...) when there is none."""
    column = reader.mapping.columns.id
    if column is None:
        width = max(3, len(str(count)))
        return f"{reader.mapping.options.generated_id_prefix}{position:0{width}d}"
    identifier = reader.text(column)
    if not identifier:
        reader.log.in_cell(reader.row.number, column, "empty: every sign-up needs an id")
        return None
    return identifier


def read_participant(reader: RowReader, identifier: str | None) -> tuple[dict, list[str]]:
    """The participant's fields that were answered, and the source column of each availability window."""
    mapping = reader.mapping
    columns = mapping.columns
    windows, window_columns = _availability(reader)
    place, location = _location(reader)
    if place is not None and identifier is not None:
        reader.findings.places[identifier] = place
    fields: dict[str, Any] = {
        "id": identifier,
        "timezone": _timezone_of(reader, place),
        "availability": windows,
        "location": location,
        "max_travel_km": reader.read(columns.max_travel, _travel_km(reader)),
        "preferred_size": reader.read(columns.preferred_size, _preferred_size(mapping)),
        "experience_years": reader.read(columns.experience_years, _experience_years(mapping)),
    }
    for field in TEXT_FIELDS:
        fields[field] = reader.text(getattr(columns, field)) or None
    for field in CONTRACT_CHOICES:
        fields[field] = reader.read(getattr(columns, field), _choices(field, mapping))
    for field in TERM_FIELDS:
        fields[field] = reader.read(getattr(columns, field), _terms(field, mapping))
    return {name: value for name, value in fields.items() if value is not None}, window_columns
