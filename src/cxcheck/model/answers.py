"""Answers files: their shape on disk, and one respondent's validated answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from pydantic import Field, field_validator

from cxcheck.choices import PROFILES
from cxcheck.model.base import Slug, Strict


class Respondent(Strict):
    name: str | None = None
    role: str | None = None

    @field_validator("name", "role")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        """A name or role of only spaces is none given: every report groups and shows it so."""
        return value if value is None or value.strip() else None


class AnswersFile(Strict):
    """The shape of an answers file; its values are checked against the packs afterwards."""

    cxcheck: Literal[1] = Field(description="Answers format version.")
    organisation: str | None = None
    respondent: Respondent | None = None
    date: dt.date | None = None
    profile: Literal[PROFILES] | None = Field(  # type: ignore[valid-type]
        None, description="The profile these answers were given for; scoring uses it unless told otherwise."
    )
    packs: list[Slug] | None = Field(
        None, description="The packs these answers were given for (all, when absent); used like profile."
    )
    answers: dict[str, dict[str, Any] | None] = Field(default_factory=dict)


@dataclass(frozen=True)
class Evidence:
    """What backs an answer: a document or dashboard (`link` or `file`), or a survey export
    measured by `cxcheck metrics` (`metrics`, with the figures it gave in `measured`), dated and
    attributed where the answers file says so."""

    link: str | None = None
    file: str | None = None
    metrics: str | None = None
    date: dt.date | None = None
    by: str | None = None
    measured: str | None = None


_EVIDENCE_ITEM: dict[str, Any] = {
    "type": "object",
    "description": "What backs the answer: a link, a file or a survey export to measure (metrics).",
    "properties": {
        "link": {"type": "string"},
        "file": {"type": "string"},
        "metrics": {
            "type": "string",
            "description": "A CSV or XLSX survey export, measured as by cxcheck metrics.",
        },
        "date": {"type": "string", "format": "date"},
        "by": {"type": "string"},
        **{key: {"type": "string"} for key in ("nps", "csat", "ces")},
        **{f"{key}-scale": {"type": "string", "pattern": r"^\d+-\d+$"} for key in ("nps", "csat", "ces")},
    },
    "anyOf": [{"required": ["link"]}, {"required": ["file"]}, {"required": ["metrics"]}],
    "additionalProperties": False,
}
EVIDENCE_SCHEMA: dict[str, Any] = {"anyOf": [_EVIDENCE_ITEM, {"type": "array", "items": _EVIDENCE_ITEM}]}


class Given(NamedTuple):
    """One respondent's answer to one question: canonical value, optional note and evidence."""

    value: Any
    note: str | None
    evidence: tuple[Evidence, ...] = ()


@dataclass
class Response:
    """One respondent's validated answers file."""

    file: str
    organisation: str | None = None
    name: str | None = None
    role: str | None = None
    date: Any = None
    profile: str | None = None
    packs: list[str] | None = None
    answers: dict[str, dict[str, Given]] = field(default_factory=dict)
