"""A roster CSV (what `export --csv` writes) read back as a grouping, after a coordinator moved people
between groups in a spreadsheet by editing the group column.

Only the `participant` and `group` columns are read: the others describe the groups as they were
exported and go stale the moment someone moves, so `complete` derives them again. An empty group cell
means unplaced. Spreadsheets save CSV back with a byte order mark, semicolons or tabs for commas, and the
apostrophe the export put before formula-like text; all three are undone here. Rows are numbered as a
spreadsheet shows them, the header being row 1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection

import pydantic

from groupformer.contract import SignupFile
from groupformer.export.roster import needs_apostrophe
from groupformer.grouping import Grouping
from groupformer.validate import InputError, decoded_text, membership_problems

ID_COLUMN = "participant"
GROUP_COLUMN = "group"
DELIMITERS = ",;\t"


def _unescaped(text: str) -> str:
    return text[1:] if text.startswith("'") and needs_apostrophe(text[1:]) else text


def cell_text(cell: str, known: Collection[str] = ()) -> str:
    """The cell as the sign-ups spell it: without the apostrophe `export` put before formulas, and trimmed
    unless the untrimmed text is a `known` id (the contract allows an id to start or end with a space)."""
    exact = _unescaped(cell)
    return exact if exact in known else _unescaped(cell.strip())


def _rows(text: str, source_name: str) -> list[list[str]]:
    header = text.split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(header, delimiters=DELIMITERS)
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise InputError([f"{source_name}: not a readable CSV file: {error}"]) from None


def _column_positions(header: list[str], source_name: str) -> dict[str, int]:
    positions = {cell_text(name).casefold(): position for position, name in reversed(list(enumerate(header)))}
    missing = [name for name in (ID_COLUMN, GROUP_COLUMN) if name not in positions]
    if missing:
        needed = f"a roster needs the columns {ID_COLUMN} and {GROUP_COLUMN}"
        raise InputError([f"{source_name}: row 1: no {' or '.join(missing)} column ({needed})"])
    return {name: positions[name] for name in (ID_COLUMN, GROUP_COLUMN)}


def load_roster(raw: bytes, signups: SignupFile, source_name: str = "roster") -> Grouping:
    """Groups keep the order in which the roster first names them, members the order of the rows."""
    rows = _rows(decoded_text(raw, source_name), source_name)
    if not rows:
        raise InputError([f"{source_name}: the roster is empty; row 1 must name the columns"])
    columns = _column_positions(rows[0], source_name)
    known = {ID_COLUMN: {participant.id for participant in signups.participants}, GROUP_COLUMN: _fixed_ids(signups)}
    members: dict[str, list[str]] = {}
    first_rows: dict[str, int] = {}
    listings: list[tuple[str, str]] = []
    problems: list[str] = []
    for row_number, row in enumerate(rows[1:], start=2):
        cells = {
            name: cell_text(row[position], known[name]) if position < len(row) else ""
            for name, position in columns.items()
        }
        if not any(cell.strip() for cell in row):
            continue
        if not cells[ID_COLUMN]:
            problems.append(f"{source_name}: row {row_number}, column {ID_COLUMN}: no participant id")
            continue
        listings.append((cells[ID_COLUMN], f"row {row_number}, column {ID_COLUMN}"))
        if cells[GROUP_COLUMN]:
            members.setdefault(cells[GROUP_COLUMN], []).append(cells[ID_COLUMN])
            first_rows.setdefault(cells[GROUP_COLUMN], row_number)
    problems += [f"{source_name}: {problem}" for problem in membership_problems(listings, signups)]
    if problems:
        raise InputError(problems)
    return _grouping(members, first_rows, source_name)


def _fixed_ids(signups: SignupFile) -> set[str]:
    return {group_id for group_id, _, _ in signups.fixed_groups() or []}


def _grouping(members: dict[str, list[str]], first_rows: dict[str, int], source_name: str) -> Grouping:
    """The groups, or the contract's problems with them (a group name or size beyond its limits), each
    at the row that first names the group."""
    groups = [{"id": group_id, "members": ids} for group_id, ids in members.items()]
    try:
        return Grouping.model_validate({"groups": groups})
    except pydantic.ValidationError as error:
        rows = list(first_rows.values())
        raise InputError([_placed(detail, rows, source_name) for detail in error.errors(include_url=False)]) from None


def _placed(detail: dict, rows: list[int], source_name: str) -> str:
    location = detail["loc"]
    if len(location) < 2:
        return f"{source_name}: {detail['msg']} (groups)"
    return f"{source_name}: row {rows[location[1]]}, column {GROUP_COLUMN}: {detail['msg']}"
