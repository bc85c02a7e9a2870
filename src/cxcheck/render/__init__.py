"""Renderers: one module per output format, each with `render(result, *, template=None) -> str`;
a module that takes a template names its built-in one as TEMPLATE.

Modules are imported only when their format is asked for, so a JSON run never loads Jinja2
and a Markdown run never builds Rich tables.
"""

from __future__ import annotations

import re
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from cxcheck.choices import FORMAT_MODULES
from cxcheck.errors import BadInput, Problem

if TYPE_CHECKING:
    from cxcheck.model import Result


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(text: str) -> str:
    """Text from input made safe for a terminal: control characters (escape sequences) removed."""
    return CONTROL_CHARACTERS.sub("", text)


def no_actions(known: float) -> str:
    """Why the plan is empty, for every format: a blank answers file is not a perfect score."""
    if not known:
        return (
            "Nothing answered yet: no question has a scored answer. "
            "Fill in the answers file and run cxcheck assess again."
        )
    return "No actions: every answered question scored full marks."


def render(result: Result, fmt: str, *, template: Path | None = None) -> str:
    """The result in the chosen format, as text ready to print or write."""
    module = _module(fmt)
    if template is not None and not hasattr(module, "TEMPLATE"):
        templated = " or ".join(f for f in FORMAT_MODULES if hasattr(_module(f), "TEMPLATE"))
        raise BadInput(Problem(f"--template works with --format {templated}", found=f"--format {fmt}"))
    return str(module.render(result, template=template))


def _module(fmt: str) -> ModuleType:
    return import_module(f"cxcheck.render.{FORMAT_MODULES[fmt]}")
