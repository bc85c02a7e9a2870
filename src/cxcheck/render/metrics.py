"""Measured survey metrics (`cxcheck metrics`) as a Rich table, Markdown or JSON; one wave, or the
change between two.

Rich is imported by the table only: `metrics --format json` and `--format markdown` never load it.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from cxcheck.metrics import SMALL_SAMPLE, Change, NetPromoter
from cxcheck.render import plain
from cxcheck.survey import MEASURES, NAMES, GroupChange, Measures, SurveyMetrics, WaveComparison
from cxcheck.survey import shown as figure

if TYPE_CHECKING:
    from rich.console import RenderableType

Report = SurveyMetrics | WaveComparison
SMALL_NOTE = f"* fewer than {SMALL_SAMPLE} answers: the margin of error is rough."
COLUMN_TITLES = {"nps": "NPS", "csat": "CSAT (top 2)", "ces": "CES (mean)"}


def counts(value: NetPromoter | None) -> str:
    if value is None:
        return "—"
    return f"{value.promoters} / {value.passives} / {value.detractors}"


def change_text(name: str, change: Change) -> str:
    """'+12.0 (beyond the margin of ±9.8)': the change, and whether sampling noise explains it."""
    digits = 2 if name == "ces" else 1
    moved = f"{change.change:+.{digits}f}"
    if change.margin is None:
        return f"{moved} (no margin: a wave has one answer)"
    verdict = "beyond" if change.beyond_margin else "within"
    return f"{moved} ({verdict} the margin of ±{change.margin:.{digits}f})"


def _shown_measures(metrics: SurveyMetrics) -> list[str]:
    chosen = {c.measure for c in metrics.columns}
    return [m for m in MEASURES if m in chosen]


def _small_note(report: Report) -> list[str]:
    """The footnote, when a starred figure needs it."""
    waves = [report] if isinstance(report, SurveyMetrics) else [report.before, report.after]
    for metrics in waves:
        for group in (metrics.overall, *metrics.segments):
            if any((value := group.get(m)) is not None and value.small for m in MEASURES):
                return [SMALL_NOTE]
    return []


# --- JSON --------------------------------------------------------------------------------


def _measures_data(group: Measures) -> dict[str, Any]:
    data: dict[str, Any] = {"label": group.label, "responses": group.responses, "blank": group.blank}
    for name in group.blank:  # the measures chosen: null when nobody answered
        value = group.get(name)
        data[name] = None if value is None else {**asdict(value), "small_sample": value.small}
        if data[name] and "scale" in data[name]:
            data[name]["scale"] = str(value.scale)  # type: ignore[union-attr]
    return data


def _metrics_data(metrics: SurveyMetrics) -> dict[str, Any]:
    return {
        "file": metrics.file,
        "columns": [
            {
                "measure": c.measure,
                "column": c.letter,
                "header": c.header,
                "scale": str(c.scale),
                "guessed": c.guessed,
            }
            for c in metrics.columns
        ],
        "overall": _measures_data(metrics.overall),
        "by": metrics.by,
        "segments": [_measures_data(s) for s in metrics.segments],
    }


def _change_data(group: GroupChange) -> dict[str, Any]:
    return {
        "label": group.label,
        **{name: {**asdict(c), "beyond_margin": c.beyond_margin} for name, c in group.changes.items()},
    }


def render_json(report: Report) -> str:
    if isinstance(report, SurveyMetrics):
        data = _metrics_data(report)
    else:
        data = {
            "before": _metrics_data(report.before),
            "after": _metrics_data(report.after),
            "change": {
                "overall": _change_data(report.overall),
                "segments": [_change_data(s) for s in report.segments],
            },
        }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# --- Markdown ----------------------------------------------------------------------------


MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<>|#])")


def _cell(text: str) -> str:
    """Text from an export made inert in Markdown: one line, no table breaks, no markup."""
    return MARKDOWN_SPECIALS.sub(r"\\\1", " ".join(plain(text).split()))


def _md_metrics(metrics: SurveyMetrics, heading: str) -> list[str]:
    shown = _shown_measures(metrics)
    lines = [f"{heading} {_cell(metrics.file)}", ""]
    lines += [f"- {_cell(c.describe())}" for c in metrics.columns]
    first = _cell(metrics.by) if metrics.by else "Group"
    header = [first, "Responses", *[COLUMN_TITLES[m] for m in shown]]
    if "nps" in shown:
        header.insert(3, "Promoters / passives / detractors")
    lines += ["", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for group in [metrics.overall, *metrics.segments]:
        cells = [_cell(group.label), str(group.responses), *[_cell(figure(group.get(m))) for m in shown]]
        if "nps" in shown:
            cells.insert(3, counts(group.nps))
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def render_markdown(report: Report) -> str:
    if isinstance(report, SurveyMetrics):
        lines = ["# Survey metrics", "", *_md_metrics(report, "##")]
    else:
        lines = ["# Survey metrics: two waves", "", "## Change", ""]
        lines += ["| Group | Measure | Before | After | Change |", "|---|---|---|---|---|"]
        for group in [report.overall, *report.segments]:
            for name, change in group.changes.items():
                digits = 2 if name == "ces" else 1
                lines.append(
                    f"| {_cell(group.label)} | {NAMES[name]} | {change.before:.{digits}f} | "
                    f"{change.after:.{digits}f} | {change_text(name, change)} |"
                )
        lines += ["", *_md_metrics(report.before, "## Before:"), "", *_md_metrics(report.after, "## After:")]
    lines += [*("\n" + note.replace("*", "\\*", 1) for note in _small_note(report)), ""]
    return "\n".join(lines)


# --- the terminal ------------------------------------------------------------------------


def _metrics_table(metrics: SurveyMetrics, title: str) -> RenderableType:
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    shown = _shown_measures(metrics)
    table = Table(
        box=box.SIMPLE_HEAD,
        header_style="bold",
        pad_edge=False,
        title=Text(plain(title)),
        title_justify="left",
    )
    groups = [metrics.overall, *metrics.segments]
    rows: list[list[str]] = []
    headers = [plain(metrics.by or "Group"), "Responses"]
    for name in shown:
        headers += [COLUMN_TITLES[name], *(["Promoters / passives / detractors"] if name == "nps" else [])]
    for group in groups:
        row = [group.label, str(group.responses)]
        for name in shown:
            row += [figure(group.get(name)), *([counts(group.nps)] if name == "nps" else [])]
        rows.append(row)
    for index, header in enumerate(headers):  # headers wrap; figures never do
        widest = max(len(row[index]) for row in rows)
        table.add_column(
            header,
            justify="left" if index == 0 else "right",
            overflow="fold",
            min_width=min(widest, 24) if index == 0 else widest,
        )
    for group, row in zip(groups, rows, strict=True):
        table.add_row(Text(plain(row[0]), style="bold" if group is metrics.overall else ""), *row[1:])
    chosen = [Text(c.describe(), style="dim") for c in metrics.columns]
    return Group(table, *chosen)


def metrics_table(report: Report) -> RenderableType:
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    if isinstance(report, SurveyMetrics):
        return Group(
            _metrics_table(report, report.file), *(Text(n, style="dim") for n in _small_note(report))
        )
    table = Table(
        box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, title="Change", title_justify="left"
    )
    table.add_column("Group", overflow="fold", ratio=1)
    table.add_column("Measure", no_wrap=True)
    table.add_column("Before", justify="right", no_wrap=True)
    table.add_column("After", justify="right", no_wrap=True)
    table.add_column("Change", justify="right", no_wrap=True)
    for group in [report.overall, *report.segments]:
        for name, change in group.changes.items():
            digits = 2 if name == "ces" else 1
            style = ("green" if change.change > 0 else "red") if change.beyond_margin else "dim"
            table.add_row(
                Text(plain(group.label)),
                NAMES[name],
                f"{change.before:.{digits}f}",
                f"{change.after:.{digits}f}",
                Text(change_text(name, change), style=style),
            )
    return Group(
        _metrics_table(report.before, f"before: {report.before.file}"),
        Text(""),
        _metrics_table(report.after, f"after: {report.after.file}"),
        Text(""),
        table,
        *(Text(note, style="dim") for note in _small_note(report)),
    )
