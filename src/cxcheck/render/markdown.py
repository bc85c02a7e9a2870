"""The Markdown action plan, from `templates/plan.md.j2` or a user's template."""

from __future__ import annotations

from pathlib import Path

from cxcheck.model import Result
from cxcheck.render.templating import render_template

TEMPLATE = "plan.md.j2"


def render(result: Result, *, template: Path | None = None) -> str:
    """With a baseline, the built-in plan (a CI job summary) ends with the change since then."""
    text = render_template(result, TEMPLATE, template, autoescape=False)
    if result.comparison is None or template is not None:
        return text
    from cxcheck.render.diff import render_markdown

    return (
        text.rstrip("\n") + "\n\n" + render_markdown(result.comparison, title="CX scores since the baseline")
    )
