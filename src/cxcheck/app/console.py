"""The only place cxcheck prints: stdout carries the chosen format and nothing else; messages,
notes and errors go to stderr. Rich is imported on first use, so `diff --format json` and the
like never load it. Everything shown on a terminal passes through `cxcheck.terminal`, so no text
from input reaches it as an escape sequence or as Rich markup."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from cxcheck.errors import Problem

if TYPE_CHECKING:
    from cxcheck.terminal import SafeConsole


class Console:
    """Where a command's output goes. `quiet` keeps stderr to errors and notes."""

    def __init__(self, quiet: bool = False, writes: bool = True) -> None:
        self.quiet = quiet
        self.writes = writes
        self._out: SafeConsole | None = None
        self._err: SafeConsole | None = None

    # -- the two streams ------------------------------------------------------------------

    @property
    def stdout(self) -> SafeConsole:
        if self._out is None:
            from cxcheck.terminal import SafeConsole

            self._out = SafeConsole()
        return self._out

    @property
    def stderr(self) -> SafeConsole:
        if self._err is None:
            from cxcheck.terminal import SafeConsole

            self._err = SafeConsole(stderr=True, soft_wrap=True)
        return self._err

    def is_terminal(self) -> bool:
        return sys.stdout.isatty()

    # -- stdout ---------------------------------------------------------------------------

    def write(self, text: str) -> None:
        """Text in the chosen format: exactly as rendered into a pipe or file, cleaned of control
        sequences on a terminal."""
        if self.is_terminal():
            from cxcheck.terminal import clean

            text = clean(text)
        sys.stdout.write(text)

    def show(self, renderable: Any) -> None:
        """A Rich renderable on stdout (a table, the scorecard)."""
        self.stdout.print(renderable)

    def line(self, text: str) -> None:
        """A plain line on stdout (a command's own listing, such as `packs validate`)."""
        self.stdout.print(text, markup=False, highlight=False)

    # -- stderr ---------------------------------------------------------------------------

    def problems(self, problems: list[Problem]) -> None:
        from rich.text import Text

        from cxcheck.terminal import clean

        for problem in problems:  # cleaned before Rich drops a BEL that ends an escape sequence
            self.stderr.print(Text.assemble(("error:", "bold red"), " ", clean(str(problem))), soft_wrap=True)
        if len(problems) > 1:
            written = "; nothing was written" if self.writes else ""
            self.stderr.print(Text(f"{len(problems)} problems{written}.", style="red"))

    def note(self, text: str, style: str = "yellow") -> None:
        """Something the person should know, even with --quiet."""
        self.stderr.print(text, style=style, markup=False)

    def info(self, text: str) -> None:
        """A progress line (what was written where); --quiet leaves it out."""
        if not self.quiet:
            self.stderr.print(text, style="dim", markup=False)

    def wrote(self, paths: Iterable[object]) -> None:
        shown = ", ".join(str(p) for p in paths)
        if shown:
            self.info(f"wrote {shown}")

    def failed(self, label: str, detail: str) -> None:
        """A failure CI must see on stderr: `threshold failed: ...`, `score dropped: ...`."""
        from rich.text import Text

        self.stderr.print(Text.assemble((f"{label}:", "red"), " ", detail))

    def interrupted(self) -> None:
        self.stderr.print("interrupted", style="yellow", markup=False)
