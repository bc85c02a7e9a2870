"""The Typer application, and the one place an outcome or an error becomes an exit code.

Only Typer is imported at start-up; each command imports what it needs when it runs, so
`cxcheck --help` costs little more than importing Typer.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

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
        "130 interrupted."
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
    Ctrl-C exit 130. `writes` is False for a command that never writes a file, so its errors do
    not promise that nothing was written."""
    from cxcheck.app.console import Console

    console = Console(quiet=quiet, writes=writes)
    try:
        outcome = use_case(console)
    except BadInput as exc:
        console.problems(exc.problems)
        outcome = Outcome.BAD_INPUT
    except KeyboardInterrupt:
        console.interrupted()
        outcome = Outcome.INTERRUPTED
    if outcome is not Outcome.OK:
        raise typer.Exit(int(outcome))


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
