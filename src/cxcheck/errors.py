"""Errors as values with context: where a problem is, what was expected, what was found.

The core raises these; only the command line turns them into a message and an exit code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Outcome(IntEnum):
    """How a command ended; the command line exits with its value."""

    OK = 0
    FAILED = 1  # a threshold failed, or a score fell too far since the baseline
    BAD_INPUT = 2
    INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, as a shell reports it
    BROKEN_PIPE = 141  # the reader of stdout went away (`| head`): 128 + SIGPIPE
    TERMINATED = 143  # SIGTERM (a CI timeout, `kill`): 128 + SIGTERM


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is, so it stops as Ctrl-C does: the interview saves and
    says how to resume, nothing half-written is left; only the exit code differs."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input, located as precisely as we can."""

    message: str
    file: str | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    expected: str | None = None
    found: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        text = f"{where}{self.message}"
        details = []
        if self.expected is not None:
            details.append(f"expected {self.expected}")
        if self.found is not None:
            details.append(f"found {self.found}")
        if details:
            text += " (" + ", ".join(details) + ")"
        return text


class BadInput(Exception):
    """Input the user must fix: every problem found, reported together (exit code 2)."""

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def describe_found(value: object, limit: int = 40) -> str:
    """A short, quoted rendering of a user's value for an error message."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
