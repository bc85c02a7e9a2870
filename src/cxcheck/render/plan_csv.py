"""The plan as CSV for a tracker (`assess --plan-csv FILE`): one row per step, with the columns
Jira, Trello, Asana, Monday and GitHub Projects import (title, description, owner, due date,
effort, impact, pitfall, status).

A step is due at the end of its window (30, 60 or 90 days after the assessment's date); the
backlog follows with no due date, so a tracker holds the whole plan and nothing is dated that
the plan has not scheduled.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from cxcheck.model import ActionItem, Result

COLUMNS = ("Title", "Description", "Owner", "Due date", "Effort", "Impact", "Pitfall", "Status")
DAYS = {"now": 30, "next": 60, "later": 90}  # the end of each of the plan's windows


def _row(item: ActionItem, start: dt.date) -> list[str]:
    due = start + dt.timedelta(days=DAYS[item.horizon]) if item.horizon in DAYS else None
    description = f"{item.text}\n\nQuestion: {item.question_text} ({item.pack}/{item.question})"
    return [
        item.title or item.text,
        description,
        item.owner,
        due.isoformat() if due else "",
        item.effort,
        item.impact,
        item.pack_title or item.pack,
        "To do" if due else "Backlog",
    ]


def plan_csv(result: Result, today: dt.date | None = None) -> str:
    """The plan's steps, then the backlog, as CSV with a header row (UTF-8 with a byte-order
    mark, so Excel reads accents too)."""
    start = result.date or today or dt.date.today()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in [*result.actions, *result.find_out, *result.backlog]:
        writer.writerow(_row(item, start))
    return "\ufeff" + out.getvalue()
