"""`cxcheck metrics`: NPS, CSAT and CES measured from one survey export, or two waves compared."""

from __future__ import annotations

from pathlib import Path

from cxcheck.app.console import Console
from cxcheck.errors import BadInput, Outcome, Problem


def metrics(
    files: list[Path],
    fmt: str,
    console: Console,
    *,
    columns: dict[str, str],
    scales: dict[str, str],
    by: str | None,
    wave: str | None = None,
) -> Outcome:
    """Measure each file (at most two: a wave and the one after it), or the last two waves of one
    file split by `wave`, and print the chosen format."""
    from cxcheck.io.export_table import read_export
    from cxcheck.render import metrics as render_metrics
    from cxcheck.survey import compare_waves, measure, parse_scale, split_waves

    if not 1 <= len(files) <= 2:
        raise BadInput(
            Problem(
                "metrics reads one survey export, or two waves",
                expected="1 or 2 files",
                found=str(len(files)),
            )
        )
    if wave is not None and len(files) != 1:
        raise BadInput(
            Problem("--wave splits one file into waves", expected="one file", found=str(len(files)))
        )
    typed_scales = {name: parse_scale(text, f"--{name}-scale") for name, text in scales.items()}
    tables = split_waves(read_export(files[0]), wave) if wave is not None else [read_export(f) for f in files]
    measured = []
    problems = []
    for table in tables:  # every file checked before any is shown
        try:
            measured.append(measure(table, columns, typed_scales, by))
        except BadInput as exc:
            problems.extend(exc.problems)
    if problems:
        raise BadInput(problems)
    report = measured[0] if len(measured) == 1 else compare_waves(*measured)
    if fmt == "json":
        console.write(render_metrics.render_json(report))
    elif fmt == "markdown":
        console.write(render_metrics.render_markdown(report))
    else:
        console.show(render_metrics.metrics_table(report))
    return Outcome.OK
