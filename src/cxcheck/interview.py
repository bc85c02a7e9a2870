"""The terminal interview: asks the questions, saves every answer at once, resumes where it stopped.

It talks to the person and never scores. What it collects is an ordinary answers file (the
session file), which the CLI then reads and scores exactly like `--answers`, so an interview and
a file give the same result. Prompts go to stderr, so `--format json > result.json` still works.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shlex
import signal
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from rich.console import Console
from rich.markup import escape
from rich.prompt import Confirm, Prompt
from rich.table import Table
from rich.text import Text

from cxcheck.loading import load_response, select_packs, write_atomic
from cxcheck.model import (
    NOT_APPLICABLE,
    UNKNOWN,
    AnswerRejected,
    ChoiceQuestion,
    Given,
    NumberQuestion,
    Pack,
    Response,
    Result,
    ScaleQuestion,
    YesNoQuestion,
)
from cxcheck.render.catalogue import answer_scale

DEFAULT_SESSION = Path("cxcheck-session.yaml")
DEFAULT_ANSWERS = Path("cxcheck-answers.yaml")
DEFAULT_PLAN = Path("cxcheck-plan.md")
SECONDS_PER_QUESTION = 14  # an estimate for reading anchored levels: the quick profile in about five minutes
NOTE_SEPARATOR = ";"
BAR_WIDTH = 24
PROMPT = "[bold cyan]›[/] "
SELECTION_OPTIONS = ("--profile", "--packs", "--rules", "--no-builtin")

Action = Literal["answer", "keep", "help", "back", "skip"]
COMMAND_KEYS: dict[str, Action] = {
    "?": "help",
    "help": "help",
    "b": "back",
    "back": "back",
    "s": "skip",
    "skip": "skip",
}
YES_NO_KEYS = {"y": "yes", "yes": "yes", "n": "no", "no": "no", "p": "partly", "partly": "partly"}
UNKNOWN_KEYS = ("u", UNKNOWN, "don't know", "dont know")
NA_KEYS = ("na", NOT_APPLICABLE, "not applicable")


# --- reading a reply --------------------------------------------------------------------


class ReplyRejected(ValueError):
    """A reply the question cannot take; the message is the hint shown before asking again."""


@dataclass(frozen=True)
class Reply:
    """What one line typed at a question asks for.

    `note` is None when no note was given, "" when the note is to be cleared.
    """

    action: Action
    value: Any = None
    note: str | None = None


def answer_keys(question: Any) -> str:
    """The answers a question takes, as typed at the prompt."""
    if isinstance(question, ScaleQuestion):
        return f"0-{len(question.levels) - 1}"
    if isinstance(question, ChoiceQuestion):
        return f"0-{len(question.options) - 1}"
    if isinstance(question, YesNoQuestion):
        return "y, n or p" if question.allow_partly else "y or n"
    if isinstance(question, NumberQuestion):
        return f"a number of {question.unit}"
    raise TypeError(type(question))  # pragma: no cover - the union is closed


def na_key(question: Any) -> str:
    """`n` means N/A except on yes/no questions, where it means no."""
    return "na" if isinstance(question, YesNoQuestion) else "n"


def _number(text: str) -> Any:
    """A typed number, as an int when it is whole (so the answers file reads 12, not 12.0)."""
    try:
        number = float(text)
    except ValueError:
        return text  # the question rejects it
    return int(number) if number.is_integer() else number


def _parse_value(text: str, question: Any) -> Any:
    """The canonical value for a typed answer, checked by the question type itself."""
    if isinstance(question, YesNoQuestion):
        raw: Any = YES_NO_KEYS.get(text, text)
        if raw == "partly" and not question.allow_partly:
            raise ReplyRejected("this question takes y or n only (partly is not an answer here)")
    elif isinstance(question, (ScaleQuestion, ChoiceQuestion)):
        raw = int(text) if text.isdigit() else text
    else:
        raw = _number(text)
    try:
        return question.parse_value(raw)
    except AnswerRejected:
        if isinstance(question, NumberQuestion):
            raise ReplyRejected(f"type {answer_keys(question)}, 0 or more (for example 12 or 1.5)") from None
        raise ReplyRejected(f"type {answer_keys(question)} (or ? for help)") from None


def parse_reply(line: str, question: Any) -> Reply:
    """Read one line typed at a question: an answer (with an optional `; note`) or a key.

    Raises ReplyRejected with a hint when the line is not something this question takes.
    """
    head, separator, note_text = line.partition(NOTE_SEPARATOR)
    note = " ".join(note_text.split()) if separator else None
    text = " ".join(head.split()).lower()
    if not text:
        return Reply("keep", note=note)
    if text in COMMAND_KEYS:
        if note is not None:
            raise ReplyRejected(f"a note goes after an answer, for example: 3 {NOTE_SEPARATOR} why")
        return Reply(COMMAND_KEYS[text])
    if text in UNKNOWN_KEYS:
        return Reply("answer", UNKNOWN, note)
    if text in NA_KEYS or (text == "n" and na_key(question) == "n"):
        if not question.allow_na:
            raise ReplyRejected("this question applies to every organisation: n/a is not accepted here")
        return Reply("answer", NOT_APPLICABLE, note)
    return Reply("answer", _parse_value(text, question), note)


# --- the session file -------------------------------------------------------------------


def answers_document(response: Response, packs: Sequence[Pack], header: str) -> str:
    """The response as an answers file, packs and questions in the order they are asked.

    Answers to questions outside `packs` (from a session started with other options) are kept.
    """
    ordered: dict[str, dict[str, Any]] = {}
    for pack in packs:
        given = response.answers.get(pack.id, {})
        for question in pack.questions:
            if question.id in given:
                ordered.setdefault(pack.id, {})[question.id] = given[question.id]
    for pack_id, given in response.answers.items():
        for question_id, answer in given.items():
            ordered.setdefault(pack_id, {}).setdefault(question_id, answer)
    document: dict[str, Any] = {"cxcheck": 1}
    if response.organisation:
        document["organisation"] = response.organisation
    respondent = {k: v for k, v in (("name", response.name), ("role", response.role)) if v}
    if respondent:
        document["respondent"] = respondent
    if response.date:
        document["date"] = response.date
    document["answers"] = {
        pack_id: {
            question_id: answer.value if answer.note is None else {"value": answer.value, "note": answer.note}
            for question_id, answer in answers.items()
        }
        for pack_id, answers in ordered.items()
        if answers
    }
    body = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    return "".join(f"# {line}\n".replace("# \n", "#\n") for line in header.splitlines()) + body


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


# --- the conversation -------------------------------------------------------------------


class Paused(Exception):
    """The person stopped the interview (Ctrl-C, end of input or a closed terminal); progress is saved."""


class _TerminalClosed(Exception):
    """SIGHUP: the terminal went away."""


@contextlib.contextmanager
def _hangup_raises() -> Iterator[None]:
    """Turn SIGHUP into an exception, so a closed terminal saves like Ctrl-C does."""
    if not hasattr(signal, "SIGHUP"):  # pragma: no cover - Windows
        yield
        return

    def hang_up(signum: int, frame: Any) -> None:
        raise _TerminalClosed

    previous = signal.signal(signal.SIGHUP, hang_up)
    try:
        yield
    finally:
        signal.signal(signal.SIGHUP, previous)


def _minutes(questions: int) -> int:
    return max(1, round(questions * SECONDS_PER_QUESTION / 60))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class Interview:
    """One person's interview: the questions of the selected packs, saved to `session` as it goes."""

    def __init__(
        self,
        catalogue: Sequence[Pack],
        selected: Sequence[Pack],
        profile: str,
        session: Path,
        *,
        resume: Path | None = None,
        options: Mapping[str, Any] | None = None,
        console: Console | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.selected = selected
        self.profile = profile
        self.session = session
        self.resume = resume
        self.options = dict(options or {})
        self.console = console or Console(stderr=True, highlight=False)
        self.questions = [(pack, question) for pack in selected for question in pack.questions]
        self.response: Response | None = None  # None until we know we may write the session file

    # -- the whole run ----------------------------------------------------------------

    def run(self) -> Path:
        """Ask every question; return the session file, complete. Raises Paused when stopped."""
        with self._stops_safely():
            position = self._start()
            self._ask_from(position)
        self.console.print()
        self.console.rule(
            f"[bold]Done[/]: {self._answered()} of {len(self.questions)} answered", style="cyan"
        )
        return self.session

    def finish(self, result: Result, *, scorecard_printed: bool, plan_written: bool) -> None:
        """After scoring: the scorecard (unless already on screen), then offer to keep the files."""
        with self._stops_safely():
            if not scorecard_printed:
                from cxcheck.render.scorecard import scorecard

                self.console.print(scorecard(result))
            self.console.print()
            self._offer_answers_file()
            if not plan_written:
                self._offer_plan(result)

    @contextlib.contextmanager
    def _stops_safely(self) -> Iterator[None]:
        with _hangup_raises():
            try:
                yield
            except (KeyboardInterrupt, EOFError, _TerminalClosed) as stop:
                self._pause(terminal_gone=isinstance(stop, _TerminalClosed))
                raise Paused from None

    def _pause(self, terminal_gone: bool) -> None:
        """Save, then say how to continue (unless there is no terminal left to say it on)."""
        if self.response is not None:
            self._save()
        if terminal_gone:
            return
        with contextlib.suppress(OSError):
            self.console.print()
            if self.response is None:
                kept = "nothing saved"
                if self.session.exists():
                    kept = f"{escape(str(self.session))} is unchanged"
                self.console.print(f"[yellow]Stopped before the interview began;[/] {kept}.")
                return
            answered = self._answered()
            self.console.print(
                f"[yellow]Stopped.[/] {answered} of {len(self.questions)} answers saved in "
                f"{escape(str(self.session))}.\nTo continue where you left off:\n"
                f"  [bold]{escape(self.continue_command())}[/]",
                soft_wrap=True,
            )

    def continue_command(self) -> str:
        return command_line("--resume", self.session, self.options)

    def _answers_command(self, path: Path) -> str:
        """Scoring a saved file asks for the same packs and profile as this interview."""
        selection = {k: v for k, v in self.options.items() if k in SELECTION_OPTIONS}
        return command_line("--answers", path, selection)

    # -- starting -----------------------------------------------------------------------

    def _start(self) -> int:
        """Load or create the session, greet the person, and return where to begin."""
        saved = None
        if self.resume is not None:
            saved = self._load(self.resume)
        elif self.session.exists():
            saved = self._existing_session_choice()
        self.response = saved or Response(file=str(self.session))
        self.response.date = self.response.date or dt.date.today()
        position = resume_position(self.response, self.questions)
        self._intro(resuming=saved is not None, position=position)
        if not self.response.organisation:
            self._ask_who()
        self._save()
        return position

    def _load(self, path: Path) -> Response:
        return load_response(path, {p.id: p for p in self.catalogue})

    def _existing_session_choice(self) -> Response | None:
        """The session file exists and no --resume was given: continue it, or start afresh?"""
        existing = self._load(self.session)
        held = sum(len(a) for a in existing.answers.values())
        who = f" for {escape(existing.organisation)}" if existing.organisation else ""
        self.console.print(
            f"{escape(str(self.session))} already holds a saved interview{who} ({_plural(held, 'answer')})."
        )
        choice = Prompt.ask(
            "[bold]r[/] resume it, [bold]o[/] overwrite it and start afresh, [bold]q[/] quit",
            choices=["r", "o", "q"],
            default="r",
            console=self.console,
        )
        if choice == "q":
            raise KeyboardInterrupt
        return existing if choice == "r" else None

    def _intro(self, resuming: bool, position: int) -> None:
        count = len(self.questions)
        console = self.console
        console.print()
        console.rule("[bold]cxcheck[/] · customer-experience health check", style="cyan")
        if resuming:
            where = (
                f"continuing at question {position + 1}"
                if position < count
                else "every question has been reached, so on to the scorecard"
            )
            console.print(
                f"Resuming {escape(str(self.session))}: {self._answered()} of {count} answered; {where}."
            )
        else:
            other = "full" if self.profile == "quick" else "quick"
            other_count = sum(
                len(p.questions)
                for p in select_packs(list(self.catalogue), [p.id for p in self.selected], other)
            )
            console.print(
                f"{_plural(count, 'question')} in {_plural(len(self.selected), 'pack')}, "
                f"about {_plural(_minutes(count), 'minute')}. This is the {self.profile} profile"
                + (
                    f"; --profile {other} asks {other_count} "
                    f"(about {_plural(_minutes(other_count), 'minute')})."
                    if other_count != count
                    else "."
                )
            )
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
        keys.add_row("Enter", "keep the answer already given (after going back)")
        keys.add_row("Ctrl-C", "stop; everything is saved, --resume continues")
        console.print(keys)
        console.print(
            f"[dim]Every answer is saved at once to {escape(str(self.session))}, a valid answers file.[/]",
            soft_wrap=True,
        )
        console.print()

    def _ask_who(self) -> None:
        assert self.response is not None
        self.response.organisation = self._ask_text("Organisation", required=True)
        self.response.name = self._ask_text("Your name [dim](optional)[/]") or None
        self.response.role = (
            self._ask_text("Your role [dim](optional: Leadership, Marketing, Operations, HR, …)[/]") or None
        )

    def _ask_text(self, label: str, required: bool = False) -> str:
        while True:
            text = " ".join(self.console.input(f"{label}: ").split())
            if text or not required:
                return text
            self.console.print("[red]✗[/] please type a name (it heads the scorecard and the plan)")

    # -- asking ---------------------------------------------------------------------------

    def _ask_from(self, position: int) -> None:
        shown_pack: str | None = None
        while position < len(self.questions):
            pack, _ = self.questions[position]
            if pack.id != shown_pack:
                self._pack_header(pack)
                shown_pack = pack.id
            position += self._ask(position)

    def _pack_header(self, pack: Pack) -> None:
        number = next(i for i, p in enumerate(self.selected, start=1) if p.id == pack.id)
        self.console.print()
        self.console.rule(
            f"[bold]{escape(pack.title)}[/] · pack {number} of {len(self.selected)}",
            style="cyan",
            align="left",
        )
        self.console.print(f"[dim]{escape(pack.summary)}[/]")

    def _progress(self, position: int, pack: Pack, question: Any) -> Text:
        total = len(self.questions)
        filled = round(BAR_WIDTH * position / total) if total else 0
        line = Text(f"Question {position + 1} of {total} ", style="bold")
        line.append("━" * filled, style="cyan")
        line.append("─" * (BAR_WIDTH - filled), style="dim")
        if len(pack.questions) > 1:
            in_pack = [q.id for q in pack.questions].index(question.id) + 1
            line.append(f" {in_pack} of {len(pack.questions)} in this pack", style="dim")
        return line

    def _show_question(self, position: int) -> None:
        pack, question = self.questions[position]
        console = self.console
        console.print()
        console.print(self._progress(position, pack, question))
        console.print(Text(question.text, style="bold"))
        if isinstance(question, (ScaleQuestion, ChoiceQuestion)):
            if isinstance(question, ScaleQuestion):
                labels = question.levels
            else:
                labels = [o.label for o in question.options]
            grid = Table.grid(padding=(0, 1))
            grid.add_column(justify="right", style="bold cyan", no_wrap=True, min_width=3)
            grid.add_column()
            for number, label in enumerate(labels):
                grid.add_row(str(number), label)
            console.print(grid)
        elif isinstance(question, NumberQuestion):
            console.print(f"  [dim]Answer in {escape(question.unit)}.[/]")
        console.print(self._keys_line(pack, question))

    def _keys_line(self, pack: Pack, question: Any) -> Text:
        line = Text(f"answer {answer_keys(question)}", style="bold")
        parts = ["u don't know"]
        if question.allow_na:
            parts.append(f"{na_key(question)} n/a")
        parts += ["s skip", "b back", "? help", f"{NOTE_SEPARATOR} note"]
        line.append(" · " + " · ".join(parts), style="dim")
        current = self._current(pack, question)
        if current is not None:
            line.append("\nEnter keeps ", style="dim")
            line.append(self._describe(question, current), style="bold")
        return line

    def _describe(self, question: Any, given: Given) -> str:
        text = given.value if given.value in (UNKNOWN, NOT_APPLICABLE) else question.display(given.value)
        return f"{text} · note: {given.note}" if given.note else str(text)

    def _show_help(self, pack: Pack, question: Any) -> None:
        console = self.console
        if question.help:
            console.print(Text(question.help, style="italic"))
        console.print(Text.assemble(("Why it matters: ", "bold"), pack.why))
        if isinstance(question, (NumberQuestion, YesNoQuestion)):
            console.print(Text("How answers score:", style="bold"))
            for line in answer_scale(question):
                console.print(Text(f"  {line}"))
        console.print(f"[dim]More: cxcheck explain {pack.id}/{question.id}[/]")

    def _current(self, pack: Pack, question: Any) -> Given | None:
        assert self.response is not None
        return self.response.answers.get(pack.id, {}).get(question.id)

    def _ask(self, position: int) -> int:
        """Ask one question until it gets a reply it can take; return the step to the next one."""
        pack, question = self.questions[position]
        self._show_question(position)
        while True:
            line = self.console.input(PROMPT)
            try:
                reply = parse_reply(line, question)
            except ReplyRejected as rejected:
                self.console.print(f"[red]✗[/] {escape(str(rejected))}")
                continue
            current = self._current(pack, question)
            if reply.action == "help":
                self._show_help(pack, question)
            elif reply.action == "back":
                if position > 0:
                    return -1
                self.console.print("[red]✗[/] this is the first question")
            elif reply.action == "skip":
                if current is not None:
                    self._record(pack, question, None)
                    self.console.print("[dim]answer cleared; left unanswered[/]")
                return 1
            elif reply.action == "keep":
                if current is None:
                    hint = "type the answer before the note" if reply.note else "type an answer"
                    self.console.print(f"[red]✗[/] {hint} ({answer_keys(question)}), s to skip, ? for help")
                    continue
                if reply.note is not None:
                    self._record(pack, question, Given(current.value, reply.note or None))
                return 1
            else:
                note = current.note if reply.note is None and current is not None else reply.note
                self._record(pack, question, Given(reply.value, note or None))
                return 1

    def _record(self, pack: Pack, question: Any, given: Given | None) -> None:
        assert self.response is not None
        answers = self.response.answers.setdefault(pack.id, {})
        if given is None:
            answers.pop(question.id, None)
        else:
            answers[question.id] = given
        self._save()

    def _answered(self) -> int:
        assert self.response is not None
        answers = self.response.answers
        return sum(1 for pack, question in self.questions if question.id in answers.get(pack.id, {}))

    def _save(self) -> None:
        assert self.response is not None
        header = (
            "cxcheck interview, saved after every answer. It is a valid answers file:\n"
            f"  {self._answers_command(self.session)}\n"
            f"To continue the interview:\n  {self.continue_command()}"
        )
        write_atomic(self.session, answers_document(self.response, self.selected, header))

    # -- after the scorecard ------------------------------------------------------------

    def _offer_answers_file(self) -> None:
        assert self.response is not None
        if not Confirm.ask(
            "Write your answers to an answers file (to re-run with --answers, or keep in git)?",
            default=True,
            console=self.console,
        ):
            self.console.print(f"[dim]Your answers stay in {escape(str(self.session))}.[/]")
            return
        path = self._ask_path(DEFAULT_ANSWERS)
        if path is None:
            return
        header = f"cxcheck answers. Re-run with:\n  {self._answers_command(path)}"
        write_atomic(path, answers_document(self.response, self.selected, header))
        self.console.print(f"wrote {escape(str(path))}")

    def _offer_plan(self, result: Result) -> None:
        if not Confirm.ask("Write the Markdown action plan?", default=True, console=self.console):
            return
        path = self._ask_path(DEFAULT_PLAN)
        if path is None:
            return
        from cxcheck.render import render

        write_atomic(path, render(result, "markdown"))
        self.console.print(f"wrote {escape(str(path))}")

    def _ask_path(self, default: Path) -> Path | None:
        """A file name to write, confirming before replacing a file; None when the person gives up."""
        while True:
            name = Prompt.ask("  File name", default=str(default), console=self.console).strip()
            if not name:
                return None
            path = Path(name).expanduser()
            if path.is_dir():
                self.console.print("[red]✗[/] that is a folder; type a file name")
                continue
            if not path.parent.is_dir():
                self.console.print("[red]✗[/] that folder does not exist")
                continue
            if path.exists() and not Confirm.ask(
                f"  {escape(str(path))} exists. Replace it?", default=False, console=self.console
            ):
                continue
            return path
