"""Reading one line typed at a question: an answer (with an optional note) or a key. Pure: the
question type reads its own answers; this module knows only the keys every question shares.

A key means the same at every question: `n` is always "no" (and refused where there is no "no"),
`na` always "not applicable", and no shared key is a letter that picks a choice option.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from cxcheck.model import NOT_APPLICABLE, UNKNOWN, AnswerRejected

Action = Literal["answer", "keep", "help", "back", "skip"]
NOTE_SEPARATOR = ";"
COMMAND_KEYS: dict[str, Action] = {
    "?": "help",
    "help": "help",
    "<": "back",
    "back": "back",
    "s": "skip",
    "skip": "skip",
}
UNKNOWN_KEYS = ("u", UNKNOWN, "don't know", "dont know")
NA_KEYS = ("na", NOT_APPLICABLE, "not applicable")
LINK = re.compile(r"https?://\S+")
NO_KEYS = ("n", "no")


class ReplyRejected(ValueError):
    """A reply the question cannot take; the message is the hint shown before asking again."""


@dataclass(frozen=True)
class Reply:
    """What one line typed at a question asks for.

    `note` is None when no note was given, "" when the note is to be cleared. `links` are the
    web addresses in the note, taken out of it: evidence for the answer (a report, a dashboard).
    """

    action: Action
    value: Any = None
    note: str | None = None
    links: tuple[str, ...] = ()


def parse_reply(line: str, question: Any) -> Reply:
    """Read one line typed at a question: an answer (with an optional `; note`) or a key.

    Raises ReplyRejected with a hint when the line is not something this question takes.
    """
    head, separator, note_text = line.partition(NOTE_SEPARATOR)
    links = tuple(LINK.findall(note_text))
    note = " ".join(LINK.sub(" ", note_text).split()) if separator else None
    if links and not note:
        note = None  # only a link: the note stays as it was
    text = " ".join(head.split()).lower()
    if not text:
        return Reply("keep", note=note, links=links)
    if text in COMMAND_KEYS:
        if note is not None or links:
            raise ReplyRejected(f"a note goes after an answer, for example: 3 {NOTE_SEPARATOR} why")
        return Reply(COMMAND_KEYS[text])
    if text in UNKNOWN_KEYS:
        return Reply("answer", UNKNOWN, note, links)
    if text in NA_KEYS:
        if not question.allow_na:
            raise ReplyRejected("this question applies to every organisation: n/a is not accepted here")
        return Reply("answer", NOT_APPLICABLE, note, links)
    try:
        return Reply("answer", question.read_reply(text), note, links)
    except AnswerRejected as rejected:
        if text in NO_KEYS:  # n is "no" at every question, never n/a
            na = ", or na if it does not apply" if question.allow_na else ""
            raise ReplyRejected(f"this question has no 'no': type {question.keys()}{na}") from None
        raise ReplyRejected(str(rejected)) from None
