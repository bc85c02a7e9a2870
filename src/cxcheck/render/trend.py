"""A trend of saved results (`cxcheck trend`): a Rich table with sparklines, JSON, Markdown, and
HTML with an inline SVG line chart per theme over the status bands. `charts` also draws the
trend section of the assess HTML report.

Rich and Jinja2 are imported by the functions that need them: `trend --format json` loads neither.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cxcheck import ladder
from cxcheck.model import Trend, TrendSeries

if TYPE_CHECKING:
    from rich.console import RenderableType

SPARKS = "▁▂▃▄▅▆▇█"
ABSENT = "·"
STATUS_STYLE = {"healthy": "green", "at-risk": "yellow", "critical": "red", "insufficient": "dim"}
# Chart geometry (SVG user units) and one colour per line, distinguishable in print.
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 220, 40, 16, 12, 28
COLOURS = ("#0969da", "#bf3989", "#1a7f37", "#9a6700", "#8250df", "#cf222e", "#57606a", "#0a7f8c")


def spark(score: float | None) -> str:
    """One character for a 0..100 score on a fixed scale, so equal heights are equal scores."""
    if score is None:
        return ABSENT
    return SPARKS[min(len(SPARKS) - 1, int(score / 100 * len(SPARKS)))]


def sparkline(series: TrendSeries) -> str:
    return "".join(spark(p.score) for p in series.points)


def change_text(series: TrendSeries, first_date: Any) -> str:
    """The change since the last revision, saying where it counts from when that is not the start."""
    if series.change is None:
        return "— (revised)" if series.points[-1].revised else "—"
    moved = f"{series.change:+.1f}" if series.change else "±0"
    return moved if series.since == first_date else f"{moved} since {series.since}"


def revisions(series: TrendSeries) -> str:
    return "; ".join(f"{p.revised} on {p.date}" for p in series.points if p.revised)


def _latest(series: TrendSeries) -> Any:
    present = [p for p in series.points if p.status is not None]
    return present[-1] if present else None


def trend_table(trend: Trend) -> RenderableType:
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    first = trend.sources[0].date
    title = f"{trend.organisation or 'CX'}: {len(trend.sources)} results, {first} to {trend.sources[-1].date}"
    table = Table(
        box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, title=Text(title), title_justify="left"
    )
    table.add_column("Pack", overflow="fold", ratio=1)
    table.add_column("Trend", no_wrap=True)
    table.add_column("Latest", justify="right", no_wrap=True)
    table.add_column("Change", justify="right", no_wrap=True)
    table.add_column("Revised", overflow="fold")
    for series in (trend.overall, *trend.packs):
        line = Text()
        for point in series.points:
            line.append(spark(point.score), style="yellow underline" if point.revised else "")
        latest = _latest(series)
        table.add_row(
            Text(series.title, style="bold" if series.id == "overall" else ""),
            line,
            Text(
                "—" if latest is None or latest.score is None else f"{latest.score:.1f}",
                style=STATUS_STYLE.get(latest.status, "") if latest else "",
            ),
            change_text(series, first),
            Text(revisions(series), style="yellow"),
        )
    parts: list[RenderableType] = [table]
    parts.append(
        Text(
            f"sparklines: one mark per result, oldest first, on a 0-100 scale; {ABSENT} not assessed",
            style="dim",
        )
    )
    parts += [Text(f"note: {note}", style="yellow") for note in trend.notes]
    return Group(*parts)


def render_table_text(trend: Trend, width: int = 100) -> str:
    """The table as plain text, for --output (as `scorecard.render` writes the scorecard)."""
    from io import StringIO

    from rich.console import Console

    buffer = StringIO()
    Console(file=buffer, width=width, color_system=None, force_terminal=False).print(trend_table(trend))
    return buffer.getvalue()


def render_json(trend: Trend) -> str:
    return trend.model_dump_json(indent=2) + "\n"


def _context(trend: Trend) -> dict[str, Any]:
    data = trend.model_dump(mode="json")
    first = trend.sources[0].date
    data["rows"] = [
        {
            **s.model_dump(mode="json"),
            "spark": sparkline(s),
            "change_text": change_text(s, first),
            "revisions": revisions(s),
        }
        for s in (trend.overall, *trend.packs)
    ]
    return {"trend": data, "trend_charts": charts(trend)}


def render_markdown(trend: Trend) -> str:
    from cxcheck.render.templating import render_context

    return render_context(_context(trend), "trend.md.j2")


def render_html(trend: Trend) -> str:
    from cxcheck.render.templating import render_context

    return render_context(_context(trend), "trend.html.j2", autoescape=True)


RENDERERS = {"json": render_json, "markdown": render_markdown, "html": render_html}


# --- the charts --------------------------------------------------------------------------


def _y(score: float) -> float:
    return round(TOP + (100 - score) / 100 * (HEIGHT - TOP - BOTTOM), 1)


def _xs(trend: Trend) -> list[float]:
    """Each result's x, by its date (so uneven gaps between assessments show as such)."""
    dates = [s.date for s in trend.sources]
    span = (dates[-1] - dates[0]).days
    inner = WIDTH - LEFT - RIGHT
    if not span:
        return [round(LEFT + inner / 2, 1) for _ in dates]
    return [round(LEFT + inner * (d - dates[0]).days / span, 1) for d in dates]


def _line(series: TrendSeries, xs: list[float], colour: str) -> dict[str, Any]:
    """A series as SVG path segments: broken where the pack was absent or its questions changed."""
    segments: list[list[tuple[float, float]]] = [[]]
    points, marks = [], []
    for x, point in zip(xs, series.points, strict=True):
        if point.score is None or point.status is None:
            if segments[-1]:
                segments.append([])
            continue
        if point.revised and segments[-1]:
            segments.append([])
            marks.append({"x": x, "text": f"{series.title}: {point.revised} on {point.date}"})
        y = _y(point.score)
        segments[-1].append((x, y))
        points.append(
            {
                "x": x,
                "y": y,
                "text": f"{series.title}: {point.score:.1f} on {point.date}"
                + (f" ({point.revised})" if point.revised else ""),
            }
        )
    paths = ["M" + " L".join(f"{x:g} {y:g}" for x, y in segment) for segment in segments if len(segment) > 1]
    return {
        "id": series.id,
        "title": series.title,
        "colour": colour,
        "paths": paths,
        "points": points,
        "marks": marks,
    }


def charts(trend: Trend) -> list[dict[str, Any]]:
    """One chart for the overall score and one per theme, each over the status bands."""
    xs = _xs(trend)
    bands = [
        {"status": "critical", "y": _y(ladder.AT_RISK), "height": round(_y(0) - _y(ladder.AT_RISK), 1)},
        {
            "status": "at-risk",
            "y": _y(ladder.HEALTHY),
            "height": round(_y(ladder.AT_RISK) - _y(ladder.HEALTHY), 1),
        },
        {"status": "healthy", "y": _y(100), "height": round(_y(ladder.HEALTHY) - _y(100), 1)},
    ]
    frame = {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "bands": bands,
        "ticks": [{"y": _y(v), "label": f"{v:g}"} for v in (0, ladder.AT_RISK, ladder.HEALTHY, 100)],
        "dates": [{"x": x, "label": str(s.date)} for x, s in zip(xs, trend.sources, strict=True)],
    }
    themes: dict[str, list[TrendSeries]] = {}
    for series in trend.packs:
        themes.setdefault(series.theme or "other", []).append(series)
    found = [{**frame, "title": "Overall", "lines": [_line(trend.overall, xs, "#1f2328")]}]
    for theme, members in themes.items():
        lines = [_line(s, xs, COLOURS[i % len(COLOURS)]) for i, s in enumerate(members)]
        found.append({**frame, "title": f"Theme: {theme}", "lines": lines})
    return found
