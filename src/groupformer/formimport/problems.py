"""Problems found while importing, each placed where the coordinator will look for it.

All problems are collected before anything is reported, so one pass over the spreadsheet fixes them
all; they come out in row order, as the coordinator will walk through the sheet.
"""

from __future__ import annotations

from groupformer.validate import InputError


class ProblemLog:
    """Problems in sheet order: by row, then by column from left to right, then those of a whole row."""

    def __init__(self, columns: list[str]) -> None:
        self._column_position = {column: position for position, column in enumerate(columns)}
        self._entries: list[tuple[int, int, str]] = []
        self._cells: set[tuple[int, str]] = set()

    def in_cell(self, row_number: int, column: str, message: str) -> None:
        self._cells.add((row_number, column))
        position = self._column_position.get(column, len(self._column_position))
        self._entries.append((row_number, position, f'row {row_number}, column "{column}": {message}'))

    def has_cell_problem(self, row_number: int, column: str | None = None) -> bool:
        """Whether that cell (or, without a column, any cell of the row) already has a problem: a
        later check would then only repeat it in other words."""
        if column is None:
            return any(row == row_number for row, _ in self._cells)
        return (row_number, column) in self._cells

    def in_row(self, row_number: int, message: str) -> None:
        self._entries.append((row_number, len(self._column_position), f"row {row_number}: {message}"))

    def in_mapping(self, message: str) -> None:
        self._entries.append((0, 0, message))

    def raise_if_any(self) -> None:
        if self._entries:
            ordered = sorted(self._entries, key=lambda entry: entry[:2])
            raise InputError([message for _, _, message in ordered])
