"""The form export as a table of text cells, addressed the way a coordinator sees it in a spreadsheet.

Row numbers count the header as row 1, so "row 7" in a message is row 7 on screen. Column headers are
matched ignoring case and surrounding spaces, since form tools and spreadsheets differ in both.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from groupformer.validate import InputError, decoded_text

HEADER_ROW = 1


@dataclass(frozen=True)
class FormRow:
    number: int
    cells: dict[str, str]


@dataclass(frozen=True)
class FormTable:
    columns: list[str]
    """The mapped columns, as the mapping names them, from left to right in the sheet."""
    rows: list[FormRow]


def header_key(column: str) -> str:
    return column.strip().casefold()


def _records(text: str, source_name: str) -> list[list[str]]:
    try:
        return list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as error:
        raise InputError([f"{source_name}: not a readable CSV file: {error}"]) from None


def _is_blank(record: list[str]) -> bool:
    return not any(cell.strip() for cell in record)


def read_table(raw: bytes, source_name: str, wanted_columns: list[str]) -> FormTable:
    """Rows of the wanted columns only; a wanted column missing from the header is an error naming it."""
    records = _records(decoded_text(raw, source_name, "export the form as UTF-8 CSV"), source_name)
    if not records or _is_blank(records[0]):
        raise InputError([f"{source_name}: no header row (the first row must name the columns)"])
    header = records[0]
    positions = _column_positions(header, wanted_columns, source_name)
    problems = []
    rows = []
    for number, record in enumerate(records[1:], start=HEADER_ROW + 1):
        if _is_blank(record):
            continue
        if len(record) != len(header):
            problems.append(f"row {number}: has {len(record)} cells but the header has {len(header)} columns")
            continue
        rows.append(FormRow(number, {column: record[position].strip() for column, position in positions.items()}))
    if problems:
        raise InputError(problems)
    if not rows:
        raise InputError([f"{source_name}: no sign-ups below the header row"])
    return FormTable(sorted(positions, key=positions.__getitem__), rows)


def _column_positions(header: list[str], wanted_columns: list[str], source_name: str) -> dict[str, int]:
    positions_by_key: dict[str, list[int]] = {}
    for position, column in enumerate(header):
        positions_by_key.setdefault(header_key(column), []).append(position)
    problems = []
    positions = {}
    for column in wanted_columns:
        found = positions_by_key.get(header_key(column), [])
        if not found:
            problems.append(f'{source_name}: the mapping names column "{column}", which the header does not have')
        elif len(found) > 1:
            places = " and ".join(str(position + 1) for position in found)
            problems.append(f'{source_name}: column "{column}" appears more than once in the header ({places})')
        else:
            positions[column] = found[0]
    if problems:
        raise InputError(problems)
    return positions
