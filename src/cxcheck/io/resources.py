"""The data shipped with cxcheck: the built-in rule packs and the report templates."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _data_dir(name: str) -> Path:
    """A folder of data shipped with cxcheck: inside the installed package, or, when running from
    a checkout (an editable install), at the top of the project, where it is kept."""
    packaged = Path(str(resources.files("cxcheck") / name))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / name


def builtin_rules_dir() -> Path:
    """The rule packs shipped with cxcheck."""
    return _data_dir("rules")


def templates_dir() -> Path:
    """The report templates shipped with cxcheck."""
    return _data_dir("templates")
