"""The session file of an interview: where it resumes, and the commands that continue or score it."""

from __future__ import annotations

import shlex
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from cxcheck.model import NOT_APPLICABLE, UNKNOWN, Pack, Response

WORDS_PER_MINUTE = 200  # careful reading of unfamiliar text
SECONDS_TO_DECIDE = 8  # recalling how things are done, then typing the answer


def resume_position(response: Response, questions: Sequence[tuple[Pack, Any]]) -> int:
    """Where a saved interview continues: just after the last question it holds an answer to.

    Questions skipped before that point stay skipped (go back with `<` to answer them).
    """
    position = 0
    for index, (pack, question) in enumerate(questions):
        if question.id in response.answers.get(pack.id, {}):
            position = index + 1
    return position


def command_line(verb: str, path: Path, options: Mapping[str, Any]) -> str:
    """A `cxcheck assess` command for a session file (--resume or --answers) with the same options.

    Option values: True is a flag, a list repeats the option, None or False leaves it out.
    """
    words = ["cxcheck", "assess", verb, str(path)]
    for option, value in options.items():
        if value is None or value is False:
            continue
        if value is True:
            words.append(option)
            continue
        for item in value if isinstance(value, (list, tuple)) else [value]:
            words.extend([option, str(item)])
    return " ".join(shlex.quote(word) for word in words)


def seconds_to_answer(question: Any) -> float:
    """An estimate of the time one question takes: reading its text and the answers it lists,
    then deciding. Anchored levels are long, so this is far more than a fixed figure per question."""
    words = len(question.text.split()) + sum(len(label.split()) for _, label in question.menu())
    return words * 60 / WORDS_PER_MINUTE + SECONDS_TO_DECIDE


def tally(response: Response, questions: Sequence[tuple[Pack, Any]], *, done: bool = False) -> str:
    """The questions by what they hold, in the words every report uses: answered, don't know,
    n/a, skipped; those after the last one answered are "to go", not skipped."""
    reached = len(questions) if done else resume_position(response, questions)
    counts = dict.fromkeys(("answered", "don't know", "n/a", "skipped", "to go"), 0)
    counts["to go"] = len(questions) - reached
    for pack, question in questions[:reached]:
        given = response.answers.get(pack.id, {}).get(question.id)
        value = None if given is None else given.value
        kind = {None: "skipped", UNKNOWN: "don't know", NOT_APPLICABLE: "n/a"}.get(value, "answered")
        counts[kind] += 1
    shown = [f"{n} {kind}" for kind, n in counts.items() if n or kind == "answered"]
    return " · ".join(shown)
