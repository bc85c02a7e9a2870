"""Answers from response sheets: one respondent per row, one question per column.

Sheets come from `cxcheck init --format csv|xlsx` (the first row holds question ids, the second
the question texts) or from survey tools (Google Forms, Microsoft Forms, Typeform, SurveyMonkey),
whose exports head each column with the question's text. A column is matched by the id
(`pack/question`) or by the text, whatever the spaces, case, numbering or trailing "?"; Name,
Role (or Department), Organisation and Date (or Timestamp) columns fill in the respondent, and
any other column (Email Address, ID, ...) is left alone. A cell is read as the answer's value,
a level or option number, a level's text or an option's label, "don't know" or "n/a".

Every row is checked against the same AnswerChecker as answers files, so a sheet and the YAML
files it stands for score identically, and every bad cell is reported by row and column.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cxcheck.answers import AnswerChecker, Misfit
from cxcheck.errors import BadInput, Problem, describe_found
from cxcheck.io.tables import Row, read_table
from cxcheck.model import NOT_APPLICABLE, SLUG_PATTERN, UNKNOWN, Given, Pack, Response

_UNSEEN: Any = object()
MAX_PROBLEMS = 50  # a sheet wrong in every row says so in fifty lines, not a hundred thousand

RESPONDENT_HEADERS = {
    "name": ("name", "your name", "full name", "respondent", "respondent name", "participant"),
    "role": ("role", "your role", "role or department", "your role or department", "job role"),
    "department": ("department", "your department", "team", "function", "business unit"),
    "organisation": ("organisation", "organization", "company", "organisation name", "organization name"),
    "date": ("date", "answered on"),
    "timestamp": (
        "timestamp",
        "completion time",
        "submitted at",
        "submission date",
        "end time",
        "end date",
        "date submitted",
    ),
}
SECOND_HEADER_WORDS = frozenset({"response", "open-ended response"})  # SurveyMonkey's second row
DONT_KNOW = frozenset({UNKNOWN, "don't know", "dont know", "do not know", "not sure"})
NOT_APPLICABLE_WORDS = frozenset({NOT_APPLICABLE, "na", "n.a", "not applicable"})
REFERENCE = re.compile(SLUG_PATTERN[1:-1] + "/" + SLUG_PATTERN[1:-1])
NUMBERED = re.compile(r"(\d+)\s*(?:[-–—.:)=]\s*(.*))?")


def normalise(text: Any) -> str:
    """A header or an answer as compared: case, spaces, curly quotes, survey numbering
    ("3.", "Q3:") and a trailing "?", ":" or "." do not count."""
    text = " ".join(str(text).replace("’", "'").split()).lower()
    text = re.sub(r"^(?:q(?:uestion)?\s*\d+[.):\-–—]?|\d+(?:\.\d+)*\s*[.):\-–—])\s+", "", text)
    return text.rstrip(" ?:.*")


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    pack: Pack
    question: Any


@dataclass
class Layout:
    """What each column of a sheet holds."""

    questions: list[Column]
    notes: dict[int, int]  # question column index -> its note column index
    respondent: dict[str, int]  # name, role, department, organisation, date, timestamp -> column


class _Questions:
    """The catalogue's questions by id and by normalised text."""

    def __init__(self, catalogue: dict[str, Pack]) -> None:
        self.by_reference: dict[str, tuple[Pack, Any]] = {}
        self.by_text: dict[str, list[tuple[Pack, Any]]] = {}
        for pack in catalogue.values():
            for question in pack.questions:
                self.by_reference[f"{pack.id}/{question.id}"] = (pack, question)
                self.by_text.setdefault(normalise(question.text), []).append((pack, question))

    def find(self, header: str) -> tuple[Pack, Any] | str | None:
        """The question a header names; a reason when it looks like one but is not; else None."""
        key = normalise(header)
        found = self.by_reference.get(key)
        if found:
            return found
        matches = self.by_text.get(key, [])
        if len(matches) == 1:
            return matches[0]
        if matches:
            ids = ", ".join(f"{p.id}/{q.id}" for p, q in matches)
            return f"this text is asked by several questions; head the column with one id: {ids}"
        if REFERENCE.fullmatch(" ".join(header.split()).lower()):
            return "unknown question id"
        return None


def _layout(path: Path, header: Row, questions: _Questions) -> Layout:
    layout = Layout([], {}, {})
    problems: list[Problem] = []
    seen: dict[tuple[str, str], str] = {}
    notes: list[tuple[int, tuple[Pack, Any], str]] = []
    meta = {normalise(name): field for field, names in RESPONDENT_HEADERS.items() for name in names}
    for index, cell in enumerate(header.cells):
        text = " ".join(str(cell).split()) if cell is not None else ""
        if not text:
            continue
        where = f'row {header.number}, column "{text}"'
        field = meta.get(normalise(text))
        if field is not None:
            layout.respondent.setdefault(field, index)
            continue
        note = re.fullmatch(r"(.+?)\s*[-–:(]*\s*note\)?", text, flags=re.IGNORECASE)
        noted = questions.find(note.group(1)) if note else None
        if isinstance(noted, tuple):
            notes.append((index, noted, where))
            continue
        found = questions.find(text)
        if isinstance(found, str):
            problems.append(
                Problem(
                    f"{where}: {found}", file=str(path), expected="a question id, pack/question, or its text"
                )
            )
        elif found is not None:
            pack, question = found
            reference = (pack.id, question.id)
            if reference in seen:
                problems.append(
                    Problem(
                        f"{where}: {pack.id}/{question.id} already has a column",
                        file=str(path),
                        expected="one column per question",
                        found=f"also column {seen[reference]!r}",
                    )
                )
                continue
            seen[reference] = text
            layout.questions.append(Column(index, text, pack, question))
    by_question = {(c.pack.id, c.question.id): c.index for c in layout.questions}
    for index, (pack, question), where in notes:
        column = by_question.get((pack.id, question.id))
        if column is None:
            problems.append(Problem(f"{where}: a note column without its question's column", file=str(path)))
        else:
            layout.notes[column] = index
    if not layout.questions and not problems:
        headers = ", ".join(repr(" ".join(str(c).split())) for c in header.cells[:4] if c is not None)
        problems.append(
            Problem(
                f"row {header.number}: no column matches a question",
                file=str(path),
                expected="question ids, pack/question, or the questions' texts in the first row",
                found=headers or "an empty row",
            )
        )
    if problems:
        raise BadInput(problems)
    return layout


def _raw(question: Any, cell: Any) -> Any:
    """A cell as the value an answers file would hold, for the question to check."""
    if cell is None or isinstance(cell, bool):
        return cell
    if isinstance(cell, (int, float)):
        integral = isinstance(cell, int) or cell.is_integer()
        return int(cell) if integral else cell
    if isinstance(cell, (dt.date, dt.datetime)):
        return cell.isoformat()
    text = " ".join(str(cell).split())
    if not text:
        return None
    word = normalise(text)
    if word in DONT_KNOW:
        return UNKNOWN
    if word in NOT_APPLICABLE_WORDS:
        return NOT_APPLICABLE
    if question.type in ("scale", "choice"):
        labels = question.levels if question.type == "scale" else [o.label for o in question.options]
        for index, label in enumerate(labels):
            if word == normalise(label):
                return index
        numbered = NUMBERED.fullmatch(text)
        if numbered:
            index, rest = int(numbered.group(1)), numbered.group(2)
            if not rest or (index < len(labels) and normalise(rest) == normalise(labels[index])):
                return index
        return text
    if question.type == "yes_no":
        return {"y": "yes", "n": "no"}.get(word, word)
    if question.type == "number":
        figure = text.removesuffix(question.unit).strip().rstrip("%").strip()
        if re.fullmatch(r"\d+,\d+", figure):
            figure = figure.replace(",", ".")
        try:
            number = float(figure)
        except ValueError:
            return text
        return int(number) if number.is_integer() else number
    return text


def _date(cell: Any) -> dt.date | None:
    """A date or timestamp cell as a date; None when it is not one we can read unambiguously."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    found = re.match(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", str(cell or ""))
    if found:
        try:
            return dt.date(*map(int, found.groups()))
        except ValueError:
            return None
    return None


def _is_text_row(row: Row, layout: Layout) -> bool:
    """A second header row: a generated sheet's (every filled answer cell starts with its
    question's text) or SurveyMonkey's ("Response", "Open-Ended Response")."""
    filled = [
        (c, row.cells[c.index])
        for c in layout.questions
        if c.index < len(row.cells) and row.cells[c.index] not in (None, "")
    ]
    return bool(filled) and all(
        normalise(cell) in SECOND_HEADER_WORDS or normalise(cell).startswith(normalise(c.question.text))
        for c, cell in filled
    )


def _text(value: Any) -> str | None:
    return " ".join(str(value).split()) or None if value is not None else None


def sheet_responses(path: Path, checker: AnswerChecker) -> list[Response]:
    """Every respondent (row) of a CSV or XLSX response sheet, checked against the packs.

    Rows are read one at a time and each distinct cell of a column is checked once, so a
    hundred thousand rows cost little more than reading them."""
    rows = read_table(path)
    header = next(rows, None)
    if header is None:
        raise BadInput(
            Problem(
                "the sheet is empty", file=str(path), expected="a header row, then one row per respondent"
            )
        )
    layout = _layout(path, header, _Questions(checker.catalogue))
    plan = [
        (c.index, layout.notes.get(c.index), c.pack, c.question, c.pack.id, c.question.id, c.header)
        for c in layout.questions
    ]
    respondent = layout.respondent
    cache: dict[tuple[int, Any], Given | Misfit | None] = {}
    responses: list[Response] = []
    problems: list[Problem] = []
    first = True
    for row in rows:
        if first:
            first = False
            if _is_text_row(row, layout):
                continue
        cells, width = row.cells, len(row.cells)
        answers: dict[str, dict[str, Given]] = {}
        for index, note_index, pack, question, pack_id, question_id, column in plan:
            value = cells[index] if index < width else None
            note = cells[note_index] if note_index is not None and note_index < width else None
            note_text = str(note).strip() if note is not None else ""  # its line breaks kept
            if note_text:
                raw = {"value": _raw(question, value), "note": note_text}
                outcome = checker.answer(pack, question, raw, ())
            elif value is None or value == "":
                continue
            else:
                key = (index, value)
                outcome = cache.get(key, _UNSEEN)
                if outcome is _UNSEEN:
                    outcome = cache[key] = checker.answer(pack, question, _raw(question, value), ())
            if isinstance(outcome, Misfit):
                problems.append(
                    Problem(
                        f'row {row.number}, column "{column}": value not allowed',
                        file=str(path),
                        expected=outcome.expected,
                        found=describe_found(value),
                    )
                )
            elif outcome is not None:
                by_pack = answers.get(pack_id)
                if by_pack is None:
                    by_pack = answers[pack_id] = {}
                by_pack[question_id] = outcome

        def field(name: str, cells: list[Any] = cells, width: int = width) -> Any:
            index = respondent.get(name)
            return cells[index] if index is not None and index < width else None

        responses.append(
            Response(
                file=f"{path} row {row.number}",
                organisation=_text(field("organisation")),
                name=_text(field("name")),
                role=_text(field("role")) or _text(field("department")),
                date=_date(field("date")) or _date(field("timestamp")),
                answers=answers,
            )
        )
    if problems:
        if len(problems) > MAX_PROBLEMS:
            more = len(problems) - MAX_PROBLEMS
            problems = [*problems[:MAX_PROBLEMS], Problem(f"... and {more} more bad cells", file=str(path))]
        raise BadInput(problems)
    return responses
