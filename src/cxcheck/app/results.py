"""The commands that read saved results: `report` and `diff`."""

from __future__ import annotations

from pathlib import Path

from cxcheck.app.assess import report_drops
from cxcheck.app.console import Console
from cxcheck.errors import Outcome


def report(
    result_file: Path, fmt: str, console: Console, *, template: Path | None, output: Path | None
) -> Outcome:
    """Re-render a saved result in any format, optionally through the person's own template."""
    from cxcheck.io.writing import refuse_clashes, write_atomic
    from cxcheck.render import render
    from cxcheck.results import load_result

    refuse_clashes(
        {"--output": output}, {"the result": [result_file], "the template": [template] if template else []}
    )
    result = load_result(result_file)
    if output is None and fmt == "table":
        from cxcheck.render.scorecard import scorecard

        console.show(scorecard(result))
        return Outcome.OK
    text = render(result, fmt, template=template)
    if output is None:
        console.write(text)
    else:
        write_atomic(output, text)
    return Outcome.OK


def diff(
    before: Path,
    after: Path,
    fmt: str,
    console: Console,
    *,
    fail_on_drop: float | None,
    allow_mismatch: bool = False,
) -> Outcome:
    """Two saved results compared; exit 1 when a score fell by more than `fail_on_drop`. Results of
    two organisations, or the later one first, are refused unless `allow_mismatch`."""
    from cxcheck.comparison import compare
    from cxcheck.render import diff as render_diff
    from cxcheck.results import load_result

    comparison = compare(
        load_result(before),
        load_result(after),
        fail_on_drop,
        names=(str(before), str(after)),
        refuse_mismatch=not allow_mismatch,
    )
    if fmt == "json":
        console.write(render_diff.render_json(comparison))
    elif fmt == "markdown":
        console.write(render_diff.render_markdown(comparison))
    elif not console.quiet:
        console.show(render_diff.diff_table(comparison))
    if comparison.passed:
        return Outcome.OK
    report_drops(comparison, console)
    return Outcome.FAILED


def trend(specs: list[Path], fmt: str, console: Console, *, output: Path | None) -> Outcome:
    """Saved results of one organisation, oldest first: overall and every pack over time."""
    from cxcheck.io.writing import refuse_clashes
    from cxcheck.render import trend as render_trend
    from cxcheck.results import load_results, result_files
    from cxcheck.trend import build_trend

    read = {"a result read": result_files(specs), "a results folder": [p for p in specs if p.is_dir()]}
    refuse_clashes({"--output": output}, read)
    found = build_trend(load_results(specs))
    if fmt == "table":
        if output is not None:
            from cxcheck.io.writing import write_atomic

            write_atomic(output, render_trend.render_table_text(found))
            console.wrote([output])
        elif not console.quiet:
            console.show(render_trend.trend_table(found))
        return Outcome.OK
    text = render_trend.RENDERERS[fmt](found)
    if output is None:
        console.write(text)
    else:
        from cxcheck.io.writing import write_atomic

        write_atomic(output, text)
        console.wrote([output])
    return Outcome.OK
