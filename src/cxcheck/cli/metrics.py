"""`cxcheck metrics`: the measured CX figures from survey exports."""

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cxcheck.cli.help import PlainHelpCommand
from cxcheck.cli.main import app, run

if TYPE_CHECKING:
    from cxcheck.app.console import Console
    from cxcheck.errors import Outcome


class MetricsFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


def _column_option(name: str, question: str) -> typer.models.OptionInfo:
    return typer.Option(
        f"--{name}",
        metavar="COLUMN",
        help=f"The {question} column: its header, letter or number. Default: guessed from the headers.",
    )


def _scale_option(name: str, default: str) -> typer.models.OptionInfo:
    return typer.Option(f"--{name}-scale", metavar="LOW-HIGH", help=f"Its scale (default {default}).")


@app.command(cls=PlainHelpCommand, short_help="NPS, CSAT and CES from survey exports, with margins of error.")
def metrics(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE [LATER]",
            help="A survey export (.csv or .xlsx); with a second, later wave, the change "
            "and whether it exceeds the margin of error.",
            dir_okay=False,
        ),
    ],
    nps: Annotated[str | None, _column_option("nps", "likelihood-to-recommend (NPS, 0-10)")] = None,
    csat: Annotated[str | None, _column_option("csat", "satisfaction (CSAT)")] = None,
    ces: Annotated[str | None, _column_option("ces", "customer effort (CES)")] = None,
    nps_scale: Annotated[
        str | None,
        typer.Option(
            "--nps-scale",
            metavar="0-10|1-10",
            help="1-10 counts a 1-10 question (promoters 9-10, detractors 1-6); refused unless given.",
        ),
    ] = None,
    csat_scale: Annotated[str | None, _scale_option("csat", "1-5; the top two points count")] = None,
    ces_scale: Annotated[str | None, _scale_option("ces", "1-7, higher = easier")] = None,
    by: Annotated[
        str | None, typer.Option("--by", metavar="COLUMN", help="Also each segment of this column.")
    ] = None,
    wave: Annotated[
        str | None,
        typer.Option(
            "--wave",
            metavar="COLUMN",
            help="One file of several waves: compare the last two values of this column (Q9 before Q10).",
        ),
    ] = None,
    fmt: Annotated[
        MetricsFormat, typer.Option("--format", "-f", help="What to print.")
    ] = MetricsFormat.table,
) -> None:
    """NPS (with counts and a 95% margin of error), CSAT top-two-box and CES mean from a survey export.

    Example: cxcheck metrics survey-q3.csv --by Region
    """
    columns = {k: v for k, v in (("nps", nps), ("csat", csat), ("ces", ces)) if v is not None}
    scales = {
        k: v for k, v in (("nps", nps_scale), ("csat", csat_scale), ("ces", ces_scale)) if v is not None
    }

    def use_case(console: "Console") -> "Outcome":
        from cxcheck.app.metrics import metrics as measure_exports

        return measure_exports(files, fmt.value, console, columns=columns, scales=scales, by=by, wave=wave)

    run(use_case)
