"""The result as JSON: the machine-readable contract every other format agrees with."""

from __future__ import annotations

from pathlib import Path

from cxcheck.model import Result


def render(result: Result, *, template: Path | None = None) -> str:
    return result.model_dump_json(indent=2) + "\n"
