"""The CSV response sheet `cxcheck init --format csv` writes: one row per respondent, one column
per question. The first row holds the question ids `assess --answers` matches; the second the
question and the answers it takes (assess skips it); respondents fill in from the third.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from cxcheck.model import Pack
from cxcheck.render.respondent_view import number_hint, options, reference, specials

RESPONDENT_COLUMNS = (
    ("name", "Your name (optional)"),
    ("role", "Your role or department, e.g. Marketing"),
    ("organisation", "Organisation"),
    ("date", "Date answered (YYYY-MM-DD)"),
)


def allowed(question: Any) -> str:
    """The answers a cell takes, in words, without their scores."""
    shown = options(question)
    if question.type == "number":
        words = "".join(f" or {o.label}" for o in shown)
        choices = f"{number_hint(question)}{words}"
    elif question.type == "yes_no":
        choices = ", ".join(o.value for o in shown[:-1]) + f" or {shown[-1].value}"
    else:
        choices = "\n".join(f"{index} = {o.label}" for index, o in enumerate(shown))
    return f"{choices}\nor {' / '.join(o.label.lower() for o in specials(question))}"


def columns(packs: Sequence[Pack]) -> list[tuple[str, str]]:
    """Each column's header (an id) and its description (the question and its answers)."""
    found = list(RESPONDENT_COLUMNS)
    for pack in packs:
        for question in pack.questions:
            found.append((reference(pack, question), f"{question.text}\nAnswer:\n{allowed(question)}"))
    return found


def form(packs: Sequence[Pack], profile: str) -> str:
    sheet = io.StringIO()
    writer = csv.writer(sheet, lineterminator="\r\n")
    headers = columns(packs)
    writer.writerow(header for header, _ in headers)
    writer.writerow(description for _, description in headers)
    return "\ufeff" + sheet.getvalue()  # the byte-order mark tells Excel the file is UTF-8
