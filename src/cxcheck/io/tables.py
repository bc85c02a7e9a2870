"""Reading response sheets: CSV and XLSX into rows of cells, as real exports come.

CSV from spreadsheets and survey tools arrives with a byte-order mark, `;` as the separator
(European Excel), quoted newlines inside answers, Windows-1252 instead of UTF-8, and blank rows
at the end; all of those are read as the person who saved the file meant them. XLSX needs the
optional openpyxl (`pip install 'cxcheck[xlsx]'`).
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cxcheck.errors import BadInput, Problem

MAX_SHEET_BYTES = 200 * 1024 * 1024  # about a million respondents of the full catalogue
READABLE = (".csv", ".xlsx")
SAVE_AS_INSTEAD = (".xls", ".xlsm", ".ods", ".numbers")  # named so the message can say what to do
SHEET_SUFFIXES = READABLE + SAVE_AS_INSTEAD
SEPARATORS = ",;\t"
XLSX_EXTRA = "pip install 'cxcheck[xlsx]'"

Cell = Any  # str, int, float, bool, datetime or None, as the file holds it


@dataclass(frozen=True)
class Row:
    """One row of a sheet and its number as a spreadsheet shows it (1 = the first row)."""

    number: int
    cells: list[Cell]


def read_table(path: Path) -> Iterator[Row]:
    """Every non-blank row of a CSV file or of an XLSX workbook's response sheet, one at a
    time (a sheet of a hundred thousand rows is never held whole)."""
    if path.suffix.lower() in SAVE_AS_INSTEAD:
        raise BadInput(
            Problem(
                f"cxcheck cannot read {path.suffix} spreadsheets",
                file=str(path),
                expected="the sheet saved as .xlsx, or as UTF-8 CSV",
            )
        )
    rows = _read_xlsx(path) if path.suffix.lower() == ".xlsx" else _read_csv(path)
    return (row for row in rows if any(_filled(cell) for cell in row.cells))


def _filled(cell: Cell) -> bool:
    return cell is not None and (not isinstance(cell, str) or bool(cell.strip()))


def _read_bytes(path: Path, *, read: bool = True) -> bytes:
    """The file's bytes (or, with read=False, only the checks), within the size limit."""
    try:
        size = path.stat().st_size
        if size > MAX_SHEET_BYTES:
            raise BadInput(
                Problem(
                    "file is too large for a response sheet",
                    file=str(path),
                    expected=f"at most {MAX_SHEET_BYTES // (1024 * 1024)} MB",
                    found=f"{size / (1024 * 1024):.1f} MB",
                )
            )
        return path.read_bytes() if read else b""
    except FileNotFoundError:
        raise BadInput(Problem("file not found", file=str(path))) from None
    except OSError as exc:
        raise BadInput(Problem(f"cannot read file: {exc.strerror}", file=str(path))) from None


def _decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252: what Excel's plain
    "CSV" saves on Windows."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def separator(text: str) -> str:
    """The separator: of `,;<tab>`, the one the first lines all hold equally often (outside
    quotes), so an unquoted comma in a semicolon export's question header does not win; failing
    that, the one the header line holds most of."""
    sample = [re.sub(r'"[^"]*"', "", line) for line in itertools.islice(_lines(text), 20)]
    sample = [line for line in sample if line.strip()]
    first = sample[0] if sample else ""
    steady = [
        c for c in SEPARATORS if first.count(c) and all(x.count(c) == first.count(c) for x in sample[1:])
    ]
    if len(steady) == 1:
        return steady[0]
    counts = {candidate: first.count(candidate) for candidate in steady or SEPARATORS}
    best = max(counts, key=lambda candidate: counts[candidate])
    return best if counts[best] else ","


def _read_csv(path: Path) -> Iterator[Row]:
    data = _read_bytes(path)
    if b"\x00" in data[:4096]:
        raise BadInput(
            Problem(
                "not a CSV text file",
                file=str(path),
                expected="CSV saved as UTF-8 text",
                found="binary data",
            )
        )
    text = _decode(data)
    return _csv_rows(path, text)


def _lines(text: str) -> Iterator[str]:
    """The text's lines, each with its line break, as a file opened with newline="" gives them
    to the csv module (io.StringIO would hold a second copy at four bytes a character)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def _csv_rows(path: Path, text: str) -> Iterator[Row]:
    reader = csv.reader(_lines(text), delimiter=separator(text), strict=True)
    try:
        for number, cells in enumerate(reader, start=1):
            yield Row(number, cells)
    except csv.Error as exc:
        raise BadInput(
            Problem(
                f"CSV cannot be read: {exc}",
                file=str(path),
                line=reader.line_num,
                expected="comma- or semicolon-separated values, quotes closed",
            )
        ) from None


def _read_xlsx(path: Path) -> Iterator[Row]:
    try:
        from openpyxl import load_workbook
    except ImportError:
        raise BadInput(
            Problem("reading .xlsx needs the xlsx extra", file=str(path), expected=XLSX_EXTRA)
        ) from None
    _read_bytes(path, read=False)  # the same size limit and messages as CSV
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged or foreign file
        raise BadInput(
            Problem(
                "not a readable XLSX workbook",
                file=str(path),
                expected="an Excel .xlsx workbook",
                found=str(exc) or type(exc).__name__,
            )
        ) from None
    return _xlsx_rows(path, workbook)


def _xlsx_rows(path: Path, workbook: Any) -> Iterator[Row]:
    number = 0
    try:
        sheet = workbook["Responses"] if "Responses" in workbook.sheetnames else workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield Row(number, list(values))
    except Exception as exc:  # a damaged sheet inside a readable archive
        raise BadInput(
            Problem(
                f"row {number + 1}: the XLSX sheet cannot be read",
                file=str(path),
                expected="an Excel .xlsx workbook",
                found=str(exc) or type(exc).__name__,
            )
        ) from None
    finally:
        workbook.close()
