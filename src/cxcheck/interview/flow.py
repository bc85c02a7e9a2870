"""The conversation: asks the questions, saves every answer at once, resumes where it stopped.

It talks to the person and never scores. What it collects is an ordinary answers file (the
session file), which is then read and scored exactly like `--answers`, so an interview and a
file give the same result.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import os
import signal
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from cxcheck.answers import answers_document, load_response
from cxcheck.catalogue import select_packs
from cxcheck.errors import BadInput, Problem
from cxcheck.interview.replies import Reply, ReplyRejected, parse_reply
from cxcheck.interview.screen import Screen, plural
from cxcheck.interview.session import command_line, resume_position, seconds_to_answer, tally
from cxcheck.io.writing import write_atomic
from cxcheck.model import Evidence, Given, Pack, Response

DEFAULT_SESSION = Path("cxcheck-session.yaml")
SELECTION_OPTIONS = ("--rules", "--no-builtin")  # the session file holds the profile and packs


class Paused(Exception):
    """The person stopped the interview (Ctrl-C, end of input or a closed terminal); progress is saved."""


def _lock(session: Path) -> None:
    """One interview per session file: a second one would overwrite the first's answers. The
    lock (a file beside the session) is held until cxcheck exits, and released by the OS should
    it be killed."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks
        return
    lock = session.with_name(f".{session.name}.lock")
    try:
        handle = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:  # a folder we cannot write: saving the session will say so
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(handle)
        raise BadInput(
            Problem(
                "another interview is using this session file",
                file=str(session),
                expected="--save OTHER.yaml, or the other interview finished first",
            )
        ) from None
    # `handle` stays open, and the lock held, until cxcheck exits; then its file goes too
    atexit.register(lambda: lock.unlink(missing_ok=True))


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


def _minutes(questions: Sequence[tuple[Pack, Any]]) -> int:
    return max(1, round(sum(seconds_to_answer(q) for _, q in questions) / 60))


class Interview:
    """One person's interview: the questions of the selected packs, saved to `session` as it goes.

    The session file records the profile and packs (`packs` None: all of them); resuming it asks
    the same questions unless the command line chose (`fixed`) another profile or packs.
    """

    def __init__(
        self,
        catalogue: Sequence[Pack],
        profile: str,
        packs: Sequence[str] | None,
        session: Path,
        *,
        fixed: frozenset[str] = frozenset(),
        resume: Path | None = None,
        options: Mapping[str, Any] | None = None,
        screen: Screen | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.session = session
        self.fixed = fixed
        self.resume = resume
        self.options = dict(options or {})
        self.screen = screen or Screen()
        self._select(profile, list(packs) if packs else None)
        self.response: Response | None = None  # None until we know we may write the session file
        self.unsaved: str | None = None  # the session as last written, when writing it failed

    def _select(self, profile: str, packs: list[str] | None) -> None:
        self.profile, self.packs = profile, packs
        self.selected = select_packs(list(self.catalogue), packs, profile)
        self.questions = [(pack, question) for pack in self.selected for question in pack.questions]

    # -- the whole run ----------------------------------------------------------------

    def run(self) -> Path:
        """Ask every question; return the session file, complete. Raises Paused when stopped."""
        with self._stops_safely():
            position = self._start()
            self._ask_from(position)
        self.screen.done(self._tally(done=True))
        return self.session

    def offer_files(self, offers: Mapping[str, Path]) -> dict[str, Path]:
        """After scoring, one question: write these files (what → default path)? Returns where
        to write each the person accepted; asks before replacing a file. Raises Paused."""
        if not offers:
            return {}
        with self._stops_safely():
            if not self.screen.confirm(f"Write {' and '.join(offers)}?", default=True):
                return {}
            chosen = {}
            for what, default in offers.items():
                path = self._ask_path(default) if default.exists() else default
                if path is not None:
                    chosen[what] = path
            return chosen

    def close(self, summary: Any) -> None:
        """The last screen: what the scoring found, what was written, what to run next."""
        with contextlib.suppress(OSError):
            self.screen.blank()
            self.screen.show(summary)

    def answers_command(self) -> str:
        """The command that scores the session file again, as this interview did."""
        return self._answers_command(self.session)

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
        if self.unsaved is not None:  # the last resort: on screen, to copy into a file
            with contextlib.suppress(OSError):
                self.screen.unsaved(str(self.session), self.unsaved)
        with contextlib.suppress(OSError):
            if self.response is None:
                kept = f"{self.session} is unchanged" if self.session.exists() else "nothing saved"
                self.screen.stopped_before_start(kept)
                return
            self.screen.stopped(self._tally(), str(self.session), self.continue_command())

    def continue_command(self) -> str:
        return command_line("--resume", self.session, self.options)

    def _answers_command(self, path: Path) -> str:
        """Scoring a saved file asks for the same packs and profile as this interview."""
        selection = {k: v for k, v in self.options.items() if k in SELECTION_OPTIONS}
        return command_line("--answers", path, selection)

    # -- starting -----------------------------------------------------------------------

    def _start(self) -> int:
        """Load or create the session, greet the person, and return where to begin."""
        _lock(self.session)
        saved = None
        if self.resume is not None:
            saved = self._load(self.resume)
        elif self.session.exists():
            saved = self._existing_session_choice()
        if saved is not None:
            self._adopt_selection(saved)
        self.response = saved or Response(file=str(self.session))
        self.response.date = self.response.date or dt.date.today()
        self.response.profile, self.response.packs = self.profile, self.packs
        position = resume_position(self.response, self.questions)
        self.screen.intro(self._greeting(resuming=saved is not None, position=position), str(self.session))
        if not self.response.organisation:
            self._ask_who()
        self._save()
        return position

    def _adopt_selection(self, saved: Response) -> None:
        """Resume with the session's profile and packs, unless the command line chose others."""
        if saved.profile is None:  # saved before sessions recorded their selection
            return
        profile = self.profile if "profile" in self.fixed else saved.profile
        packs = self.packs if "packs" in self.fixed else saved.packs
        self._select(profile, packs)

    def _load(self, path: Path) -> Response:
        return load_response(path, {p.id: p for p in self.catalogue})

    def _existing_session_choice(self) -> Response | None:
        """The session file exists and no --resume was given: continue it, or start afresh?"""
        existing = self._load(self.session)
        held = sum(len(a) for a in existing.answers.values())
        self.screen.existing_session(str(self.session), existing.organisation, held)
        choice = self.screen.choose(
            "[bold]r[/] resume it, [bold]o[/] overwrite it and start afresh, [bold]q[/] quit",
            choices=["r", "o", "q"],
            default="r",
        )
        if choice == "q":
            raise KeyboardInterrupt
        return existing if choice == "r" else None

    def _greeting(self, resuming: bool, position: int) -> str:
        count = len(self.questions)
        if resuming:
            where = (
                f"continuing at question {position + 1}"
                if position < count
                else "every question has been reached, so on to the scorecard"
            )
            return (
                f"Resuming {self.session} ({self.profile} profile, {plural(count, 'question')}): "
                f"{self._tally()}; {where}."
            )
        other = "full" if self.profile == "quick" else "quick"
        others = [
            (p, q)
            for p in select_packs(list(self.catalogue), [p.id for p in self.selected], other)
            for q in p.questions
        ]
        text = (
            f"{plural(count, 'question')} in {plural(len(self.selected), 'pack')}, "
            f"about {plural(_minutes(self.questions), 'minute')}. This is the {self.profile} profile"
        )
        if len(others) == count:
            return text + "."
        return text + f"; --profile {other} asks {len(others)} (about {plural(_minutes(others), 'minute')})."

    def _ask_who(self) -> None:
        assert self.response is not None
        self.response.organisation = self.screen.text("Organisation", required=True)
        self.response.name = self.screen.text("Your name [dim](optional)[/]") or None
        self.response.role = (
            self.screen.text("Your role [dim](optional: Leadership, Marketing, Operations, HR, …)[/]") or None
        )

    # -- asking ---------------------------------------------------------------------------

    def _ask_from(self, position: int) -> None:
        shown_pack: str | None = None
        while position < len(self.questions):
            pack, _ = self.questions[position]
            if pack.id != shown_pack:
                number = next(i for i, p in enumerate(self.selected, start=1) if p.id == pack.id)
                self.screen.pack_header(pack, number, len(self.selected))
                shown_pack = pack.id
            position += self._ask(position)

    def _current(self, pack: Pack, question: Any) -> Given | None:
        assert self.response is not None
        return self.response.answers.get(pack.id, {}).get(question.id)

    def _ask(self, position: int) -> int:
        """Ask one question until it gets a reply it can take; return the step to the next one."""
        pack, question = self.questions[position]
        left = _minutes(self.questions[position:]) if position else None
        self.screen.question(
            position, len(self.questions), pack, question, self._current(pack, question), left
        )
        while True:
            line = self.screen.reply()
            try:
                reply = parse_reply(line, question)
            except ReplyRejected as rejected:
                self.screen.rejected(str(rejected), remind=True)
                continue
            current = self._current(pack, question)
            if reply.action == "help":
                self.screen.help(pack, question)
            elif reply.action == "back":
                if position > 0:
                    return -1
                self.screen.rejected("this is the first question")
            elif reply.action == "skip":
                if current is not None:
                    self._record(pack, question, None)
                self.screen.skipped(cleared=current is not None)
                return 1
            elif reply.action == "keep":
                if current is None:
                    hint = (
                        "type the answer before the note" if reply.note or reply.links else "type an answer"
                    )
                    self.screen.rejected(f"{hint} ({question.keys()}), s to skip", remind=True)
                    continue
                if reply.note is not None or reply.links:
                    note = current.note if reply.note is None else reply.note
                    evidence = self._evidence(current, reply)
                    self._record(pack, question, Given(current.value, note or None, evidence))
                self.screen.recorded(question, self._current(pack, question), kept=True)
                return 1
            else:
                note = current.note if reply.note is None and current is not None else reply.note
                self._record(pack, question, Given(reply.value, note or None, self._evidence(current, reply)))
                self.screen.recorded(question, self._current(pack, question))
                return 1

    def _evidence(self, current: Given | None, reply: Reply) -> tuple[Evidence, ...]:
        """The answer's evidence so far, and each link typed in the note, dated today and
        attributed to the respondent."""
        assert self.response is not None
        kept = current.evidence if current is not None else ()
        known = {e.link for e in kept}
        by = self.response.name or self.response.role
        added = tuple(
            Evidence(link=link, date=dt.date.today(), by=by) for link in reply.links if link not in known
        )
        return kept + added

    def _record(self, pack: Pack, question: Any, given: Given | None) -> None:
        assert self.response is not None
        answers = self.response.answers.setdefault(pack.id, {})
        if given is None:
            answers.pop(question.id, None)
        else:
            answers[question.id] = given
        self._save()

    def _tally(self, done: bool = False) -> str:
        assert self.response is not None
        return tally(self.response, self.questions, done=done)

    def _save(self) -> None:
        assert self.response is not None
        header = (
            "cxcheck interview, saved after every answer. It is a valid answers file:\n"
            f"  {self._answers_command(self.session)}\n"
            f"To continue the interview:\n  {self.continue_command()}"
        )
        document = answers_document(self.response, self.selected, header)
        try:
            write_atomic(self.session, document)
        except BadInput as failed:  # a full disk: keep asking, keep the answers, try again
            if self.unsaved is None:
                self.screen.rejected(
                    f"could not save the session: {failed}. Your answers are kept, and saved again "
                    "after the next one; should saving still fail, they are shown when you stop."
                )
            self.unsaved = document
            return
        self.unsaved = None

    # -- after the scoring ------------------------------------------------------------

    def _ask_path(self, default: Path) -> Path | None:
        """A file name to write, confirming before replacing a file; None when the person gives up."""
        while True:
            name = self.screen.file_name(str(default))
            if not name:
                return None
            path = Path(name).expanduser()
            try:
                usable = self._usable_path(path)
            except OSError as exc:  # a name longer than 255 bytes, a folder we may not look in
                self.screen.rejected(f"cannot use that name: {exc.strerror}")
                continue
            if usable:
                return path

    def _usable_path(self, path: Path) -> bool:
        if path.is_dir():
            self.screen.rejected("that is a folder; type a file name")
            return False
        if not path.parent.is_dir():
            self.screen.rejected("that folder does not exist")
            return False
        if path.resolve() == self.session.resolve():
            self.screen.rejected("that is the session file; type another name")
            return False
        return not path.exists() or self.screen.confirm(f"  {path} exists. Replace it?", default=False)
