"""Survey exports as a table of cells, every cell knowing the row and column a spreadsheet shows.

CSV is read with the standard library (UTF-8, with or without a byte-order mark; comma,
semicolon or tab, whichever the header row uses most). XLSX needs openpyxl, the optional
extra `cxcheck[xlsx]`: the first worksheet, values as Excel stored them.
"""

from __future__ import annotations

import csv
import io
import itertools
from dataclasses import dataclass
from pathlib import Path

from cxcheck.errors import BadInput, Problem

Cell = str | int | float | None

DELIMITERS = (",", ";", "\t")


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
    and `lines[i]` the line of the file it starts on (for CSV, where a quoted cell may span lines;
    for XLSX the row number)."""

    file: str
    headers: list[str]
    rows: list[list[Cell]]
    row_numbers: list[int]
    lines: list[int]
    label: str = ""  # what reports call it: the file, or one wave of it

    @property
    def name(self) -> str:
        return self.label or self.file

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

    def where(self, index: int, column: int) -> str:
        """'row 5, column C ("How likely…")': a data row and a 0-based column, as a person finds it."""
        header = self.headers[column] if column < len(self.headers) else ""
        shown = header if len(header) <= 40 else header[:39] + "…"
        return f"row {self.row_numbers[index]}, column {column_letter(column + 1)} ({shown!r})"


def read_table(path: Path) -> Table:
    """The first sheet of an .xlsx file, or a .csv file, or BadInput saying where it broke."""
    if not path.exists():
        raise BadInput(Problem("file not found", file=str(path)))
    if path.is_dir():
        raise BadInput(Problem("is a folder, not a file", file=str(path)))
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path)
    if suffix in (".csv", ".tsv", ".txt"):
        return _read_csv(path)
    raise BadInput(
        Problem(
            "not a survey export cxcheck reads",
            file=str(path),
            expected=".csv or .xlsx",
            found=suffix or "no suffix",
        )
    )


def _headers(path: Path, raw: list[Cell]) -> list[str]:
    headers = [" ".join(str(h).split()) if h is not None else "" for h in raw]
    while headers and not headers[-1]:
        headers.pop()
    if not any(headers):
        raise BadInput(
            Problem("the first row holds no column headers", file=str(path), line=1, expected="a header row")
        )
    return headers


def _read_csv(path: Path) -> Table:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadInput(Problem(f"cannot read file: {exc.strerror}", file=str(path))) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput(
            Problem(
                "file is not UTF-8 text",
                file=str(path),
                line=data[: exc.start].count(b"\n") + 1,
                expected="CSV saved as UTF-8 (in Excel: Save As, 'CSV UTF-8')",
                found=f"byte 0x{data[exc.start]:02x}",
            )
        ) from None
    if not text.strip():
        raise BadInput(Problem("file is empty", file=str(path), expected="a header row and answers"))
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[list[Cell]] = []
    lines: list[int] = []
    start = 1
    try:
        for record in reader:
            records.append(list(record))
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise BadInput(Problem(f"invalid CSV: {exc}", file=str(path), line=start)) from None
    headers = _headers(path, records[0])
    rows: list[list[Cell]] = []
    numbers, starts = [], []
    for number, (cells, line) in enumerate(zip(records[1:], lines[1:], strict=True), start=2):
        if any(cell.strip() for cell in cells if isinstance(cell, str)):  # skip empty lines
            rows.append(cells)
            numbers.append(number)
            starts.append(line)
    return Table(str(path), headers, rows, numbers, starts)


def _delimiter(text: str) -> str:
    """The delimiter that splits the first rows into the same number of cells, the most of them:
    a comma inside a quoted question does not make a semicolon export comma-separated."""
    sample = text[:65536]

    def fit(delimiter: str) -> tuple[bool, int]:
        try:
            reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
            records = [len(r) for r in itertools.islice(reader, 20)]
        except csv.Error:
            return (False, 0)
        return (len(set(records[:-1] or records)) == 1, records[0] if records else 0)

    return max(DELIMITERS, key=fit)


def _read_xlsx(path: Path) -> Table:
    try:
        from openpyxl import load_workbook
    except ImportError:
        raise BadInput(
            Problem(
                "reading .xlsx needs openpyxl",
                file=str(path),
                expected="pip install 'cxcheck[xlsx]', or the sheet saved as CSV UTF-8",
            )
        ) from None
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError and its own errors for broken files
        raise BadInput(
            Problem("not a readable .xlsx workbook", file=str(path), found=type(exc).__name__)
        ) from None
    try:
        sheet = book.worksheets[0]
        headers: list[str] | None = None
        rows, numbers = [], []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_xlsx_cell(v) for v in values]
            if headers is None:
                headers = _headers(path, cells)
                continue
            if any(c is not None and str(c).strip() for c in cells):
                rows.append(cells)
                numbers.append(number)
    finally:
        book.close()
    if headers is None:
        raise BadInput(
            Problem("the first worksheet is empty", file=str(path), expected="a header row and answers")
        )
    return Table(str(path), headers, rows, numbers, numbers)


def _xlsx_cell(value: object) -> Cell:
    """Numbers stay numbers; dates and anything else become their text."""
    if isinstance(value, bool):
        return str(value)
    if value is None or isinstance(value, str | int | float):
        return value
    return str(value)
