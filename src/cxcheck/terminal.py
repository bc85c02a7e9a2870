"""The one path from text to a terminal: whatever a file, an answer or a name holds, nothing it
contains is ever read by the terminal as a command.

Organisation names, notes, roles, pack text, YAML keys and file names all come from input, and
reach the screen in scorecards, listings, prompts and error messages. A terminal obeys escape
sequences (clear the screen, set the title, OSC 8 links, OSC 52 clipboard writes) and bidi
controls reorder what is shown, so every Rich console cxcheck prints with is a `SafeConsole`:
each piece of text is cleaned after layout, just before it is written (what was removed shows
as one U+FFFD each), and Rich's own styling
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
# and two-character escapes. A string without its end (Rich drops BEL from text before we see
# it) loses only its opening and number, so the text after it is not swallowed.
_SEQUENCES = re.compile(
    r"""
    (?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?          # CSI
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])                   # OSC, DCS, SOS, PM, APC:
      (?:[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c) | [0-9;]*)        # to BEL or ST; else its number

    | \x1b[\x20-\x2f]*[\x30-\x7e]?                                # other escapes
    """,
    re.VERBOSE,
)
# Kept: newline and tab (layout); the joiners scripts and emoji need (ZWNJ, ZWJ); the bidi marks
# right-to-left text needs (LRM, RLM, ALM), which cannot reorder what follows as overrides can.
_KEEP = {"\n", "\t", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c"}
# What stands where something was removed, so `own<ESC>]0;x<BEL>er` never reads as `owner`.
REPLACEMENT = "\ufffd"


def _unsafe(character: str) -> bool:
    if character in _KEEP:
        return False
    # Cc: C0, DEL and C1 controls; Cf: format characters such as bidi overrides and isolates,
    # zero-width spaces; Zl/Zp: line and paragraph separators; Co/Cn: private and unassigned.
    return unicodedata.category(character) in {"Cc", "Cf", "Zl", "Zp", "Co", "Cn"}


def clean(text: str) -> str:
    """`text` with every escape sequence, control and format character replaced by one visible
    REPLACEMENT character each."""
    if text.isprintable():  # the common case, fast: no controls, no format characters
        return text
    text = _SEQUENCES.sub(REPLACEMENT, text)
    return "".join(REPLACEMENT if _unsafe(c) else c for c in text)


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
