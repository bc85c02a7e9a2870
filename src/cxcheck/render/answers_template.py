"""The answers file `cxcheck init` writes: every question, its scale and help as comments.

Values are left blank, which cxcheck reads as unanswered, so a half-filled file is still valid.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Sequence

from cxcheck.model import NOT_APPLICABLE, UNKNOWN, Pack

WIDTH = 96
# What YAML cannot hold in a comment: non-printable characters. Line breaks (a title written as a
# folded scalar ends with one) are joined by `_one_line` first.
YAML_UNPRINTABLE = re.compile("[^\t\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _one_line(text: str) -> str:
    """Pack text as one line a YAML comment can hold, so the file `init` writes always parses."""
    return YAML_UNPRINTABLE.sub("\ufffd", " ".join(text.split()))


def _comment(text: str, indent: str, first: str = "", rest: str = "") -> list[str]:
    lines = textwrap.wrap(
        _one_line(text),
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
        title, theme = _one_line(pack.title), _one_line(pack.theme)
        out.append(f"  # ── {title} ({theme}) " + "─" * max(3, 70 - len(title) - len(theme)))
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
