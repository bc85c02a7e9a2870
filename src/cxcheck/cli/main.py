"""The Typer application, and the one place an outcome or an error becomes an exit code.

Only Typer is imported at start-up; each command imports what it needs when it runs, so
`cxcheck --help` costs little more than importing Typer.
"""

import errno
import io
import os
import signal
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cxcheck import __version__
from cxcheck.cli.help import PlainHelpGroup
from cxcheck.errors import BadInput, Outcome

if TYPE_CHECKING:
    from cxcheck.app.console import Console

app = typer.Typer(
    name="cxcheck",
    cls=PlainHelpGroup,
    help=(
        "Audit an organisation's customer-experience health against rule packs of CX pitfalls.\n\n"
        "Answer the questions (in the terminal, or in an answers file kept in git), get a scorecard "
        "and a Markdown action plan. Exit codes: 0 ok, 1 a threshold failed, 2 bad input, "
        "130 interrupted (141 output pipe closed, 143 terminated)."
    ),
    epilog="Start with: cxcheck init -o answers.yaml  ·  then: cxcheck assess --answers answers.yaml",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,  # plain help: formatting it with Rich would import Rich for every --help
    context_settings={"help_option_names": ["-h", "--help"]},
)
packs_app = typer.Typer(
    cls=PlainHelpGroup, help="Browse and check rule packs.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(packs_app, name="packs")


def run(use_case: "Callable[[Console], Outcome]", quiet: bool = False, writes: bool = True) -> None:
    """Run one use case and exit with its outcome: bad input is one message a problem and exit 2,
    Ctrl-C exit 130, SIGTERM 143, a closed pipe 141; an OS error no reader foresaw (a disk full,
    a name too long) is still one message and exit 2, never a traceback and exit 1, which CI
    would read as a failed threshold. `writes` is False for a command that never writes a file,
    so its errors do not promise that nothing was written."""
    from cxcheck.app.console import Console
    from cxcheck.errors import Problem

    console = Console(quiet=quiet, writes=writes)
    if sys.stdout is None:  # started with stdout closed (`>&-`): writing to it says so
        sys.stdout = _ClosedStream()
    sigterm = _SigtermRaises()
    try:
        with sigterm:
            outcome = use_case(console)
            sys.stdout.flush()  # a reader that went away shows here, not at exit
    except BadInput as exc:
        console.problems(exc.problems)
        outcome = Outcome.BAD_INPUT
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM as errors.Terminated
        console.interrupted()
        outcome = Outcome.INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        outcome = Outcome.BROKEN_PIPE
    except OSError as exc:
        console.problems([Problem(exc.strerror or str(exc), file=exc.filename)])
        outcome = Outcome.BAD_INPUT
    if outcome is Outcome.INTERRUPTED and sigterm.seen:  # the interview may have caught it to save
        outcome = Outcome.TERMINATED
    if outcome is not Outcome.OK:
        raise typer.Exit(int(outcome))


class _SigtermRaises:
    """SIGTERM raises `errors.Terminated` while a command runs (in the main thread, where
    signals arrive), so it stops the way Ctrl-C does."""

    def __init__(self) -> None:
        self.seen = False
        self.previous: Any = None

    def __enter__(self) -> None:
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGTERM, self._raise)

    def _raise(self, signum: int, frame: object) -> None:
        from cxcheck.errors import Terminated

        self.seen = True
        raise Terminated

    def __exit__(self, *exc: object) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGTERM, self.previous)


class _ClosedStream(io.TextIOBase):
    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "cannot write to standard output: it is closed")


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at nothing so the exit flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file behind stdout (tests)
        pass


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"cxcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_show_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """cxcheck: customer-experience health checks."""
