"""What every file format shares: strict models, identifiers, and the two special answers."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, description="kebab-case identifier")]
Level = Literal["low", "medium", "high"]
Horizon = Literal["now", "next", "later"]
Weight = Annotated[float, Field(gt=0, le=100)]
Unit = Annotated[float, Field(ge=0, le=1)]

UNKNOWN = "unknown"
NOT_APPLICABLE = "n/a"


class Strict(BaseModel):
    """Base for every file format: unknown keys are mistakes, not extensions."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class AnswerRejected(ValueError):
    """A value a question cannot take; carries what it can take."""

    def __init__(self, expected: str, found: object) -> None:
        super().__init__(expected)
        self.expected = expected
        self.found = found
