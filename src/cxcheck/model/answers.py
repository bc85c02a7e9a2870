"""Answers files: their shape on disk, and one respondent's validated answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from pydantic import Field

from cxcheck.choices import PROFILES
from cxcheck.model.base import Slug, Strict


class Respondent(Strict):
    name: str | None = None
    role: str | None = None


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
    profile: str | None = None
    packs: list[str] | None = None
    answers: dict[str, dict[str, Given]] = field(default_factory=dict)
