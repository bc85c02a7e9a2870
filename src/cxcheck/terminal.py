"""The one path from text to a terminal: whatever a file, an answer or a name holds, nothing it
contains is ever read by the terminal as a command.

Organisation names, notes, roles, pack text, YAML keys and file names all come from input, and
reach the screen in scorecards, listings, prompts and error messages. A terminal obeys escape
sequences (clear the screen, set the title, OSC 8 links, OSC 52 clipboard writes) and bidi
controls reorder what is shown, so every Rich console cxcheck prints with is a `SafeConsole`:
each piece of text is cleaned after layout, just before it is written, and Rich's own styling
(kept apart from the text as styles) is the only control output there is. Markup is off unless a
caller asks for it, so a `[/]` or `[link=...]` in a pack is text, not an instruction.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment

# A whole escape sequence goes, not just its ESC, so `ESC]0;title BEL` leaves no `]0;title`:
# CSI (ESC [ ... final), OSC/DCS/SOS/PM/APC strings (up to BEL or ST), their 8-bit C1 forms,
# and two-character escapes.
_SEQUENCES = re.compile(
    r"""
    (?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?          # CSI
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?  # OSC, DCS, ...
    | \x1b[\x20-\x2f]*[\x30-\x7e]?                                # other escapes
    """,
    re.VERBOSE,
)
# Kept: newline and tab (layout), and the joiners that scripts and emoji need (ZWNJ, ZWJ).
_KEEP = {"\n", "\t", "\u200c", "\u200d"}


def _unsafe(character: str) -> bool:
    if character in _KEEP:
        return False
    # Cc: C0, DEL and C1 controls; Cf: format characters such as bidi overrides and isolates,
    # zero-width spaces; Zl/Zp: line and paragraph separators; Co/Cn: private and unassigned.
    return unicodedata.category(character) in {"Cc", "Cf", "Zl", "Zp", "Co", "Cn"}


def clean(text: str) -> str:
    """`text` with every escape sequence and every control or format character removed."""
    if text.isprintable():  # the common case, fast: no controls, no format characters
        return text
    text = _SEQUENCES.sub("", text)
    return "".join(c for c in text if not _unsafe(c))


def clean_line(text: str) -> str:
    """`clean`, on one line: for a value shown inside a sentence (a message, a table cell)."""
    return " ".join(clean(text).split()) if not text.isprintable() else text


class SafeConsole(Console):
    """A Rich console that cleans every piece of text it writes (`clean`), and that reads
    strings as plain text unless a caller turns markup on."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        kwargs.setdefault("highlight", False)
        kwargs.setdefault("emoji", False)
        super().__init__(*args, **kwargs)

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            text, style, control = segment
            if control or text.isprintable() or text == "\n":
                yield segment
            else:
                yield Segment(clean(text), style, control)
