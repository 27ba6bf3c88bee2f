"""The imported document checked by the contract's own models, with each problem moved back to the
spreadsheet cell it came from.

The importer does not repeat the contract's rules (known time zones, a location for in-person
meetings, ...); it lets the contract judge and translates `participants[4].timezone` into
`row 6, column "Time zone"`, the place the coordinator can actually fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pydantic

from groupformer.contract import SignupFile
from groupformer.formimport.mapping import FormMapping
from groupformer.formimport.problems import ProblemLog
from groupformer.validate import json_path


@dataclass(frozen=True)
class RowOrigin:
    """Where participants[i] came from: its row, and the day column of each availability window."""

    row_number: int
    window_columns: list[str]


def _field_column(field: str, mapping: FormMapping) -> str | None:
    columns = mapping.columns
    if field == "max_travel_km":
        return columns.max_travel
    if field == "location":
        return columns.location or columns.latitude
    column = getattr(columns, field, None)
    return column if isinstance(column, str) else None


def _column_of(location: tuple[Any, ...], origin: RowOrigin, mapping: FormMapping) -> str | None:
    field = location[2] if len(location) > 2 else None
    if field is None:
        return None
    if field == "availability" and len(location) > 3 and isinstance(location[3], int):
        return origin.window_columns[location[3]]
    return _field_column(field, mapping)


def _place(
    location: tuple[Any, ...],
    message: str,
    origins: list[RowOrigin],
    mapping: FormMapping,
    mapping_name: str,
    log: ProblemLog,
) -> None:
    if location and location[0] == "settings":
        log.in_mapping(f"{mapping_name}: {json_path(location)}: {message}")
        return
    if len(location) < 2 or location[0] != "participants" or not isinstance(location[1], int):
        log.in_mapping(f"{json_path(location)}: {message}")
        return
    origin = origins[location[1]]
    column = _column_of(location, origin, mapping)
    if log.has_cell_problem(origin.row_number, column):
        return
    if column is None:
        log.in_row(origin.row_number, message)
    else:
        log.in_cell(origin.row_number, column, message)


def check_with_contract(
    document: dict, origins: list[RowOrigin], mapping: FormMapping, mapping_name: str, log: ProblemLog
) -> SignupFile | None:
    try:
        return SignupFile.model_validate(document)
    except pydantic.ValidationError as error:
        for detail in error.errors(include_url=False):
            message = detail["msg"].removeprefix("Value error, ")
            for line in message.split("\n"):
                _place(tuple(detail["loc"]), line, origins, mapping, mapping_name, log)
        return None
