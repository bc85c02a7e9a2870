"""What the interview shows: the only part of it that knows Rich. Prompts go to stderr, so
`--format json > result.json` still works during an interview."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.prompt import Confirm, Prompt
from rich.table import Table
from rich.text import Text

from cxcheck.interview.replies import NOTE_SEPARATOR
from cxcheck.model import NOT_APPLICABLE, UNKNOWN, Given, Pack

BAR_WIDTH = 24
PROMPT = "[bold cyan]›[/] "


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def described(question: Any, given: Given) -> str:
    """An answer already given, as the prompt offers to keep it."""
    text = given.value if given.value in (UNKNOWN, NOT_APPLICABLE) else question.display(given.value)
    shown = f"{text} · note: {given.note}" if given.note else str(text)
    links = [e.link for e in given.evidence if e.link]
    return shown + (f" · evidence: {', '.join(links)}" if links else "")


class Screen:
    """The interview's terminal: what it prints and the lines it reads."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True, highlight=False)

    # -- reading --------------------------------------------------------------------------

    def reply(self) -> str:
        return self.console.input(PROMPT)

    def text(self, label: str, required: bool = False) -> str:
        """A line of free text, spaces collapsed; asked again while empty if required."""
        while True:
            text = " ".join(self.console.input(f"{label}: ").split())
            if text or not required:
                return text
            self.console.print("[red]✗[/] please type a name (it heads the scorecard and the plan)")

    def choose(self, question: str, choices: list[str], default: str) -> str:
        return Prompt.ask(question, choices=choices, default=default, console=self.console)

    def confirm(self, question: str, default: bool) -> bool:
        return Confirm.ask(question, default=default, console=self.console)

    def file_name(self, default: str) -> str:
        return Prompt.ask("  File name", default=default, console=self.console).strip()

    # -- showing --------------------------------------------------------------------------

    def blank(self) -> None:
        self.console.print()

    def note(self, text: str) -> None:
        self.console.print(Text(text, style="dim"))

    def rejected(self, hint: str) -> None:
        self.console.print(Text.assemble(("✗ ", "red"), hint))

    def wrote(self, path: object) -> None:
        self.console.print(Text(f"wrote {path}"))

    def intro(self, summary: str, session: str) -> None:
        console = self.console
        console.print()
        console.rule("[bold]cxcheck[/] · customer-experience health check", style="cyan")
        console.print(summary, markup=False)
        console.print("[bold]Keys[/] (type one, then Enter):")
        keys = Table.grid(padding=(0, 2))
        keys.add_column(style="bold", no_wrap=True)
        keys.add_column()
        keys.add_row("0-4, y/n…", "answer as the question shows")
        keys.add_row("?", "help: what the question means and why it matters")
        keys.add_row("b / s", "back one question / skip it (left unanswered)")
        keys.add_row("u", "don't know: not scored, listed as a knowledge gap")
        keys.add_row("n", "not applicable, where allowed (na on yes/no questions)")
        keys.add_row(f"3 {NOTE_SEPARATOR} note", "answer with a note, e.g. 3 ; the COO owns it")
        keys.add_row(
            f"3 {NOTE_SEPARATOR} https://…", "a link in the note is kept as evidence (a report, a dashboard)"
        )
        keys.add_row("Enter", "keep the answer already given (after going back)")
        keys.add_row("Ctrl-C", "stop; everything is saved, --resume continues")
        console.print(keys)
        console.print(
            f"[dim]Every answer is saved at once to {escape(session)}, a valid answers file.[/]",
            soft_wrap=True,
        )
        console.print()

    def pack_header(self, pack: Pack, number: int, total: int) -> None:
        self.console.print()
        self.console.rule(
            f"[bold]{escape(pack.title)}[/] · pack {number} of {total}", style="cyan", align="left"
        )
        self.console.print(f"[dim]{escape(pack.summary)}[/]")

    def question(self, position: int, total: int, pack: Pack, question: Any, current: Given | None) -> None:
        console = self.console
        console.print()
        console.print(self._progress(position, total, pack, question))
        console.print(Text(question.text, style="bold"))
        menu = question.menu()
        if menu:
            grid = Table.grid(padding=(0, 1))
            grid.add_column(justify="right", style="bold cyan", no_wrap=True, min_width=3)
            grid.add_column()
            for number, label in enumerate(menu):
                grid.add_row(str(number), label)
            console.print(grid)
        elif question.type == "number":
            console.print(f"  [dim]Answer in {escape(question.unit)}.[/]")
        console.print(self._keys_line(question, current))

    def _progress(self, position: int, total: int, pack: Pack, question: Any) -> Text:
        filled = round(BAR_WIDTH * position / total) if total else 0
        line = Text(f"Question {position + 1} of {total} ", style="bold")
        line.append("━" * filled, style="cyan")
        line.append("─" * (BAR_WIDTH - filled), style="dim")
        if len(pack.questions) > 1:
            in_pack = [q.id for q in pack.questions].index(question.id) + 1
            line.append(f" {in_pack} of {len(pack.questions)} in this pack", style="dim")
        return line

    def _keys_line(self, question: Any, current: Given | None) -> Text:
        line = Text(f"answer {question.keys()}", style="bold")
        parts = ["u don't know"]
        if question.allow_na:
            parts.append(f"{question.na_key()} n/a")
        parts += ["s skip", "b back", "? help", f"{NOTE_SEPARATOR} note"]
        line.append(" · " + " · ".join(parts), style="dim")
        if current is not None:
            line.append("\nEnter keeps ", style="dim")
            line.append(described(question, current), style="bold")
        return line

    def help(self, pack: Pack, question: Any) -> None:
        console = self.console
        if question.help:
            console.print(Text(question.help, style="italic"))
        console.print(Text.assemble(("Why it matters: ", "bold"), pack.why))
        if not question.menu():
            console.print(Text("How answers score:", style="bold"))
            for line in question.answer_lines():
                console.print(Text(f"  {line}"))
        console.print(f"[dim]More: cxcheck explain {pack.id}/{question.id}[/]")

    def existing_session(self, session: str, organisation: str | None, held: int) -> None:
        who = f" for {escape(organisation)}" if organisation else ""
        self.console.print(
            f"{escape(session)} already holds a saved interview{who} ({plural(held, 'answer')})."
        )

    def done(self, answered: int, total: int) -> None:
        self.console.print()
        self.console.rule(f"[bold]Done[/]: {answered} of {total} answered", style="cyan")

    def stopped_before_start(self, kept: str) -> None:
        self.console.print()
        self.console.print(f"[yellow]Stopped before the interview began;[/] {escape(kept)}.")

    def stopped(self, answered: int, total: int, session: str, command: str) -> None:
        self.console.print()
        self.console.print(
            f"[yellow]Stopped.[/] {answered} of {total} answers saved in "
            f"{escape(session)}.\nTo continue where you left off:\n"
            f"  [bold]{escape(command)}[/]",
            soft_wrap=True,
        )

    def show(self, renderable: Any) -> None:
        self.console.print(renderable)
