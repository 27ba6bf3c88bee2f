"""One form row -> one contract participant (everything but `avoid` and `prefer`, which need all rows).

Every answer must be translated: an answer the mapping does not know is a problem for the coordinator,
never a value quietly left out, because a dropped "In person only" would put someone in the wrong group.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from groupformer.contract import FREQUENCIES, MODALITIES, STYLES
from groupformer.formimport.cells import (
    MILES_IN_KM,
    CellError,
    parse_distance_km,
    parse_number,
    parse_size_range,
    parse_time_range,
    split_answers,
)
from groupformer.formimport.mapping import FormMapping, answer_key
from groupformer.formimport.places import checked_coordinates, parse_location
from groupformer.formimport.problems import ProblemLog
from groupformer.formimport.table import FormRow

CONTRACT_CHOICES = {"modality": MODALITIES, "style": STYLES, "frequency": FREQUENCIES}
TERM_FIELDS = ("focus", "specialties", "tags", "avoid_tags")
TEXT_FIELDS = ("name", "email", "credential")


class RowReader:
    """The mapped cells of one row, with each problem logged against its row and column."""

    def __init__(self, row: FormRow, mapping: FormMapping, log: ProblemLog):
        self.row = row
        self.mapping = mapping
        self.log = log

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

    def read(cell: str) -> list[str]:
        values: list[str] = []
        for answer in split_answers(cell, table.keys()):
            translated = table.get(answer_key(answer))
            if translated is None and answer_key(answer) in CONTRACT_CHOICES[field]:
                translated = answer_key(answer)
            if translated is None:
                raise CellError(
                    f"{answer!r} is not an answer the mapping translates for {field}: add it to "
                    f"[answers.{field}] or answer one of {', '.join(CONTRACT_CHOICES[field])}"
                )
            values += [translated] if isinstance(translated, str) else translated
        return list(dict.fromkeys(values))

    return read


def _terms(field: str, mapping: FormMapping) -> Callable[[str], list[str]]:
    """Free-text answers are kept as written unless the mapping renames them."""
    table = getattr(mapping.answers, field)

    def read(cell: str) -> list[str]:
        values: list[str] = []
        for answer in split_answers(cell, table.keys()):
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


def _travel_km(mapping: FormMapping) -> Callable[[str], float]:
    unit = mapping.options.travel_unit

    def read(cell: str) -> float:
        answered = mapping.answers.max_travel.get(answer_key(cell))
        if answered is None:
            return parse_distance_km(cell, unit)
        return round(answered * MILES_IN_KM, 3) if unit == "miles" else answered

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
            raise CellError(f"cannot read {cell!r} as a {what} in degrees like 41.88") from None

    return read


def _location(reader: RowReader) -> dict | None:
    columns = reader.mapping.columns
    if columns.location is not None:
        return reader.read(columns.location, parse_location)
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
    return {"lat": lat, "lon": lon}


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
    fields: dict[str, Any] = {
        "id": identifier,
        "timezone": reader.read(columns.timezone, _timezone(mapping)),
        "availability": windows,
        "location": _location(reader),
        "max_travel_km": reader.read(columns.max_travel, _travel_km(mapping)),
        "preferred_size": reader.read(columns.preferred_size, _preferred_size(mapping)),
        "experience_years": reader.read(columns.experience_years, _experience_years(mapping)),
    }
    for field in TEXT_FIELDS:
        fields[field] = reader.text(getattr(columns, field)) or None
    for field in CONTRACT_CHOICES:
        fields[field] = reader.read(getattr(columns, field), _choices(field, mapping))
    for field in TERM_FIELDS:
        fields[field] = reader.read(getattr(columns, field), _terms(field, mapping))
    if fields["timezone"] is None:
        reader.log.in_cell(reader.row.number, columns.timezone, "empty: every sign-up needs a time zone")
    return {name: value for name, value in fields.items() if value is not None}, window_columns
