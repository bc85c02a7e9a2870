"""The self-contained HTML report, from `templates/report.html.j2` or a user's template."""

from __future__ import annotations

from pathlib import Path

from cxcheck.model import Result
from cxcheck.render.templating import render_template

TEMPLATE = "report.html.j2"


def render(result: Result, *, template: Path | None = None) -> str:
    """With a history folder, `trend_charts` draws the trend (see render.trend.charts)."""
    from cxcheck.render.trend import charts

    trend_charts = charts(result.trend) if result.trend else []
    return render_template(result, TEMPLATE, template, autoescape=True, trend_charts=trend_charts)
