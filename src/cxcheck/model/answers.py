"""Answers files: their shape on disk, and one respondent's validated answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from pydantic import Field, field_validator

from cxcheck.model.base import Strict


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
    answers: dict[str, dict[str, Any] | None] = Field(default_factory=dict)


class Given(NamedTuple):
    """One respondent's answer to one question: canonical value and optional note."""

    value: Any
    note: str | None


@dataclass
class Response:
    """One respondent's validated answers file."""

    file: str
    organisation: str | None = None
    name: str | None = None
    role: str | None = None
    date: Any = None
    answers: dict[str, dict[str, Given]] = field(default_factory=dict)
