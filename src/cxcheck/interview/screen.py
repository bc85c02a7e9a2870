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
from cxcheck.terminal import SafeConsole

BAR_WIDTH = 16
PROMPT = "[bold cyan]›[/] "
SPOKEN = {UNKNOWN: "don't know", NOT_APPLICABLE: "n/a"}


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def spoken(question: Any, value: Any) -> str:
    """An answer as the prompt listed it: its key and label for a menu, else its display."""
    if value in SPOKEN:
        return SPOKEN[value]
    for key, label in question.menu():
        if label == value or key == str(value):
            return f"{key} {label}"
    return str(question.display(value))


def described(question: Any, given: Given) -> str:
    """An answer already given, as the prompt offers to keep it."""
    text = spoken(question, given.value)
    shown = f"{text} · note: {given.note}" if given.note else text
    links = [e.link for e in given.evidence if e.link]
    return shown + (f" · evidence: {', '.join(links)}" if links else "")


class Screen:
    """The interview's terminal: what it prints and the lines it reads."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or SafeConsole(stderr=True, markup=True)

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

    def rejected(self, hint: str, remind: bool = False) -> None:
        """Why a reply was refused; `remind` adds the keys that always work."""
        line = Text.assemble(("✗ ", "red"), hint)
        if remind:
            line.append("  (u don't know · ? help)", style="dim")
        self.console.print(line)

    def recorded(self, question: Any, given: Given | None, kept: bool = False) -> None:
        """A one-line echo of what was saved, so a slip shows at once."""
        if given is None:
            return
        line = Text("✓ ", style="green")
        line.append(("kept " if kept else "") + spoken(question, given.value))
        if given.note:
            line.append(" · note saved", style="dim")
        line.truncate(max(20, self.console.width - 1), overflow="ellipsis")
        self.console.print(line, no_wrap=True)

    def skipped(self, cleared: bool) -> None:
        self.note("– skipped; the answer given before is cleared" if cleared else "– skipped")

    def intro(self, summary: str, session: str) -> None:
        console = self.console
        console.print()
        console.rule("[bold]cxcheck[/] · customer-experience health check", style="cyan")
        console.print(summary, markup=False)
        console.print("[bold]Keys[/] (type one, then Enter):")
        keys = Table.grid(padding=(0, 2))
        keys.add_column(style="bold", no_wrap=True)
        keys.add_column()
        keys.add_row("0-4, a-c…", "a level, or the letter of an option, as the question lists")
        keys.add_row("y n p", "yes, no, partly; 18 months, 15%, about 2 days for figures")
        keys.add_row("u / na", "don't know (counts 0, listed to find out) / not applicable")
        keys.add_row("< / s", "back one question / skip it (left unanswered)")
        keys.add_row(f"3 {NOTE_SEPARATOR} note", "answer with a note, e.g. 3 ; the COO owns it")
        keys.add_row(
            f"3 {NOTE_SEPARATOR} https://…", "a link in the note is kept as evidence (a report, a dashboard)"
        )
        keys.add_row("? / Enter", "help on the question / keep the answer given before")
        keys.add_row("Ctrl-C", "stop; everything is saved, --resume continues")
        console.print(keys)
        console.print(
            f"[dim]Every answer is saved at once to {escape(session)}, a valid answers file.[/]",
            soft_wrap=True,
        )
        console.print()

    def pack_header(self, pack: Pack, number: int, total: int) -> None:
        """The pack's neutral heading and intro where it has them: naming the pitfall ("Lip-service
        leadership") before the questions would lead the answers."""
        self.console.print()
        self.console.rule(
            f"[bold]{escape(pack.heading or pack.title)}[/] · pack {number} of {total}",
            style="cyan",
            align="left",
        )
        self.console.print(Text(pack.intro or pack.summary, style="dim"))

    def question(
        self,
        position: int,
        total: int,
        pack: Pack,
        question: Any,
        current: Given | None,
        minutes_left: int | None = None,
    ) -> None:
        console = self.console
        console.print()
        console.print(self._progress(position, total, pack, question, minutes_left))
        console.print(Text(question.text, style="bold"))
        menu = question.menu()
        if menu:
            grid = Table.grid(padding=(0, 1))
            grid.add_column(justify="right", style="bold cyan", no_wrap=True, min_width=3)
            grid.add_column()
            for key, label in menu:
                grid.add_row(key, Text(label))  # a label is text, never markup
            console.print(grid)
        elif question.type == "number":
            hint = question.hint()
            console.print(Text(f"  {hint[0].upper()}{hint[1:]}.", style="dim"))
        console.print(self._keys_line(question, current))

    def _progress(
        self, position: int, total: int, pack: Pack, question: Any, minutes_left: int | None
    ) -> Text:
        filled = round(BAR_WIDTH * position / total) if total else 0
        line = Text(f"Question {position + 1} of {total} ", style="bold")
        line.append("━" * filled, style="cyan")
        line.append("─" * (BAR_WIDTH - filled), style="dim")
        if len(pack.questions) > 1:
            in_pack = [q.id for q in pack.questions].index(question.id) + 1
            line.append(f" {in_pack} of {len(pack.questions)} in this pack", style="dim")
        if minutes_left is not None:
            line.append(f" · about {minutes_left} min left", style="dim")
        return line

    def _keys_line(self, question: Any, current: Given | None) -> Text:
        figure = question.type == "number" and not question.is_percentage()
        what = f"in {question.unit}" if figure else question.keys()  # "in months", "a percentage"
        line = Text(f"answer {what}", style="bold")
        parts = ["u don't know"]
        if question.allow_na:
            parts.append("na n/a")
        parts += ["s skip", "< back", "? help", f"{NOTE_SEPARATOR} note"]
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

    def done(self, tally: str) -> None:
        self.console.print()
        self.console.rule(f"[bold]Done[/]: {escape(tally)}", style="cyan")

    def unsaved(self, session: str, document: str) -> None:
        """The session that could not be written, so no answer is lost."""
        self.console.print()
        self.console.print(
            Text(f"{session} could not be saved. Your answers, to copy into it:", style="yellow")
        )
        self.console.print(Text(document))

    def stopped_before_start(self, kept: str) -> None:
        self.console.print()
        self.console.print(f"[yellow]Stopped before the interview began;[/] {escape(kept)}.")

    def stopped(self, tally: str, session: str, command: str) -> None:
        self.console.print()
        self.console.print(
            f"[yellow]Stopped.[/] Saved in {escape(session)}: {escape(tally)}."
            "\nTo continue where you left off:\n"
            f"  [bold]{escape(command)}[/]",
            soft_wrap=True,
        )

    def show(self, renderable: Any) -> None:
        self.console.print(renderable)
