"""A survey export as a table: its header row and data rows, every cell knowing the row and
column a spreadsheet shows. The rows come from `cxcheck.io.tables` (CSV in UTF-8 or
Windows-1252, any of `,;<tab>`; XLSX with the optional extra), so survey exports and response
sheets are read the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cxcheck.errors import BadInput, Problem
from cxcheck.io.tables import READABLE, SAVE_AS_INSTEAD, read_table

Cell = str | int | float | None


def column_letter(column: int) -> str:
    """The spreadsheet name of a 1-based column: 1 -> A, 27 -> AA."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class Table:
    """A header row and the data rows beneath it; `rows[i]` is spreadsheet row `row_numbers[i]`,
    which is also the line problems name (`lines[i]`)."""

    file: str
    headers: list[str]
    rows: list[list[Cell]]
    row_numbers: list[int]
    lines: list[int]
    label: str = ""  # what reports call it: the file, or one wave of it

    @property
    def name(self) -> str:
        return self.label or self.file

    def where(self, index: int, column: int) -> str:
        """'row 5, column C ("How likely…")': a data row and a 0-based column, as a person finds it."""
        header = self.headers[column] if column < len(self.headers) else ""
        shown = header if len(header) <= 40 else header[:39] + "…"
        return f"row {self.row_numbers[index]}, column {column_letter(column + 1)} ({shown!r})"

    def subset(self, indices: list[int], label: str) -> Table:
        """Some of the rows, still located in the file they came from."""
        return Table(
            self.file,
            self.headers,
            [self.rows[i] for i in indices],
            [self.row_numbers[i] for i in indices],
            [self.lines[i] for i in indices],
            label,
        )


def read_export(path: Path) -> Table:
    """A .csv or .xlsx survey export: its first non-blank row is the header."""
    if path.suffix.lower() not in READABLE + SAVE_AS_INSTEAD:
        raise BadInput(
            Problem(
                "not a survey export cxcheck reads",
                file=str(path),
                expected=".csv or .xlsx",
                found=path.suffix or "no suffix",
            )
        )
    rows = iter(read_table(path))
    header = next(rows, None)
    if header is None:
        raise BadInput(Problem("file is empty", file=str(path), expected="a header row and answers"))
    headers = [" ".join(str(h).split()) if h is not None else "" for h in header.cells]
    while headers and not headers[-1]:
        headers.pop()
    cells, numbers = [], []
    for row in rows:
        cells.append([_cell(value) for value in row.cells])
        numbers.append(row.number)
    return Table(str(path), headers, cells, numbers, numbers)


def _cell(value: object) -> Cell:
    """Numbers stay numbers; dates, booleans and anything else become their text."""
    if isinstance(value, bool):
        return str(value)
    if value is None or isinstance(value, str | int | float):
        return value
    return str(value)
