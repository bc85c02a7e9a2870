"""`report` and `diff`: saved results re-rendered and compared."""

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cxcheck.choices import TREND_FORMATS
from cxcheck.cli.help import PlainHelpCommand
from cxcheck.cli.main import app, run
from cxcheck.cli.options import FailOnDropOption, OutputFormat, QuietOption

if TYPE_CHECKING:
    from cxcheck.app.console import Console
    from cxcheck.errors import Outcome


MARKDOWN = OutputFormat("markdown")


class DiffFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


TrendFormat = Enum("TrendFormat", {name: name for name in TREND_FORMATS}, type=str)  # type: ignore[misc]
TABLE = TrendFormat("table")


@app.command(cls=PlainHelpCommand, short_help="Re-render a saved result in another format.")
def report(
    result_file: Annotated[
        Path, typer.Argument(metavar="RESULT.json", help="A result saved with --format json.")
    ],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Report format.")] = MARKDOWN,
    template: Annotated[
        Path | None,
        typer.Option("--template", dir_okay=False, help="Your own Jinja2 template (sandboxed)."),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", dir_okay=False, help="Write here.")] = None,
) -> None:
    """Re-render a saved result in any format, without answering again."""

    def use_case(console: "Console") -> "Outcome":
        from cxcheck.app.results import report as rerender

        return rerender(result_file, fmt.value, console, template=template, output=output)

    run(use_case)


@app.command(cls=PlainHelpCommand, short_help="Compare two saved results, pack by pack.")
def diff(
    before: Annotated[
        Path, typer.Argument(metavar="BEFORE.json", help="The earlier result (--format json).")
    ],
    after: Annotated[Path, typer.Argument(metavar="AFTER.json", help="The later result.")],
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="What to print.")] = DiffFormat.table,
    fail_on_drop: FailOnDropOption = None,
    allow_mismatch: Annotated[
        bool,
        typer.Option(
            "--allow-mismatch",
            help="Compare results of two organisations, or the later one first; noted, not refused.",
        ),
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """Compare two saved results: overall and per pack, before, after and the change.

    Example: cxcheck diff baseline.json result.json --fail-on-drop 5
    """

    def use_case(console: "Console") -> "Outcome":
        from cxcheck.app.results import diff as compare_results

        return compare_results(
            before, after, fmt.value, console, fail_on_drop=fail_on_drop, allow_mismatch=allow_mismatch
        )

    run(use_case, quiet=quiet)


@app.command(cls=PlainHelpCommand, short_help="Scores across saved results, by date.")
def trend(
    results: Annotated[
        list[Path],
        typer.Argument(
            metavar="RESULT.json... | FOLDER",
            help="Results saved with --format json, or folders of them (a history folder).",
        ),
    ],
    fmt: Annotated[
        TrendFormat, typer.Option("--format", "-f", help="What to print (or write with --output).")
    ] = TABLE,
    output: Annotated[Path | None, typer.Option("--output", "-o", dir_okay=False, help="Write here.")] = None,
    quiet: QuietOption = False,
) -> None:
    """Scores over time: overall and every pack across saved results of one organisation, by date.

    A pack whose questions changed between two results (its version) is marked, and its change
    is counted from there, never across it. Results of another organisation are refused.

    Example: cxcheck trend history/ --format html -o trend.html
    """

    def use_case(console: "Console") -> "Outcome":
        from cxcheck.app.results import trend as draw_trend

        return draw_trend(results, fmt.value, console, output=output)

    run(use_case, quiet=quiet)
