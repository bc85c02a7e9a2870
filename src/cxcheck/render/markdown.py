"""The Markdown action plan, from `templates/plan.md.j2` or a user's template."""

from __future__ import annotations

from pathlib import Path

from cxcheck.model import Result
from cxcheck.render.templating import render_template


def render(result: Result, template: Path | None = None) -> str:
    return render_template(result, "plan.md.j2", template, autoescape=False)
