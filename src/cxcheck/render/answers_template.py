"""The answers file `cxcheck init` writes: every question, its scale and help as comments.

Values are left blank, which cxcheck reads as unanswered, so a half-filled file is still valid.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence

from cxcheck.model import NOT_APPLICABLE, UNKNOWN, Pack

WIDTH = 96


def _comment(text: str, indent: str, first: str = "", rest: str = "") -> list[str]:
    lines = textwrap.wrap(
        " ".join(text.split()),
        width=WIDTH - len(indent) - 2,
        initial_indent=first,
        subsequent_indent=rest,
    )
    return [f"{indent}# {line}".rstrip() for line in lines]


def answers_template(packs: Sequence[Pack], profile: str, today: dt.date | None = None) -> str:
    """The template; it records the profile, so `assess` scores the questions it asks."""
    today = today or dt.date.today()
    count = sum(len(p.questions) for p in packs)
    out = [
        f"# cxcheck answers file: {len(packs)} pack{'s' if len(packs) != 1 else ''}, "
        f"{count} question{'s' if count != 1 else ''} ({profile} profile).",
        "# Fill in each value (the allowed answers are listed above it), then run:",
        "#   cxcheck assess --answers THIS-FILE",
        f"# Blank = unanswered. '{UNKNOWN}' = don't know (reported as a knowledge gap).",
        f"# '{NOT_APPLICABLE}' = not applicable, where allowed. To add a note, write",
        '#   question-id: {value: 2, note: "why"}',
        "# To back an answer with evidence (a report, a dashboard, a survey export), write",
        "#   question-id: {value: 3, evidence: {link: https://..., date: 2026-10-05, by: Insight}}",
        "# or evidence: {metrics: survey.csv} to measure a survey export (see cxcheck metrics).",
        "cxcheck: 1",
        "organisation:",
        "respondent:",
        "  name:",
        "  role:            # e.g. Leadership, Marketing, Operations, HR, Customer Service",
        f"date: {today.isoformat()}",
        f"profile: {profile}",
        "answers:",
    ]
    for pack in packs:
        out.append("")
        out.append(
            f"  # ── {pack.title} ({pack.theme}) " + "─" * max(3, 70 - len(pack.title) - len(pack.theme))
        )
        out.extend(_comment(pack.summary, "  "))
        out.append(f"  {pack.id}:")
        for question in pack.questions:
            out.append("")
            out.extend(_comment(question.text, "    "))
            if question.help:
                out.extend(_comment(question.help, "    ", "  ", "  "))
            for line in question.answer_lines():
                out.extend(_comment(line, "    ", "  ", "      "))
            specials = UNKNOWN + (f", {NOT_APPLICABLE}" if question.allow_na else "")
            out.append(f"    #   (or {specials})")
            out.append(f"    {question.id}:")
    return "\n".join(out) + "\n"


def form(packs: Sequence[Pack], profile: str) -> str:
    """The answers template, as every format of `cxcheck init` is called."""
    return answers_template(packs, profile)
