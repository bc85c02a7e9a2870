"""Renderers: each output format is one module with a function from a Result to text.

Modules are imported only when their format is asked for, so a JSON run never loads Jinja2
and a Markdown run never builds Rich tables.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cxcheck.model import Result

_MODULES = {
    "table": "scorecard",
    "json": "json_result",
    "markdown": "markdown",
    "html": "html",
    "junit": "junit",
}
FORMATS = tuple(_MODULES)  # the --format choices; the first is the default


def no_actions(score: float | None) -> str:
    """Why the plan is empty, for every format: a blank answers file is not a perfect score."""
    if score is None:
        return (
            "Nothing answered yet: no question has a scored answer. "
            "Fill in the answers file and run cxcheck assess again."
        )
    return "No actions: every answered question scored full marks."


def render(result: Result, fmt: str, *, template: Path | None = None, width: int = 100) -> str:
    """The result in the chosen format, as text ready to print or write."""
    module = import_module(f"cxcheck.render.{_MODULES[fmt]}")
    if fmt in ("markdown", "html"):
        return module.render(result, template=template)
    if fmt == "table":
        return module.render_text(result, width=width)
    return module.render(result)
