"""The forms `cxcheck init` writes, one module each (choices.INIT_FORMAT_MODULES), each with
`form(packs, profile) -> str | bytes`; a format's name is its file suffix."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import import_module
from pathlib import Path

from cxcheck.choices import INIT_FORMAT_MODULES, INIT_FORMATS
from cxcheck.model import Pack


def form_format(fmt: str | None, output: Path | None) -> str:
    """The format asked for; else the one whose suffix the output has; else the YAML template."""
    if fmt is not None:
        return fmt
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    return suffix if suffix in INIT_FORMATS else INIT_FORMATS[0]


def render_form(packs: Sequence[Pack], profile: str, fmt: str) -> str | bytes:
    module = import_module(f"cxcheck.render.{INIT_FORMAT_MODULES[fmt]}")
    content: str | bytes = module.form(packs, profile)
    return content
