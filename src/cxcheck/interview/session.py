"""The session file of an interview: where it resumes, and the commands that continue or score it."""

from __future__ import annotations

import shlex
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from cxcheck.model import Pack, Response


def resume_position(response: Response, questions: Sequence[tuple[Pack, Any]]) -> int:
    """Where a saved interview continues: just after the last question it holds an answer to.

    Questions skipped before that point stay skipped (go back with `b` to answer them).
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
