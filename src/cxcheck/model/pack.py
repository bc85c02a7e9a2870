"""A rule pack: one CX pitfall, the questions that reveal it and the actions that fix it."""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from cxcheck.model.base import Slug, Strict, Weight
from cxcheck.model.questions import Question


class Source(Strict):
    title: str = Field(min_length=1)
    item: str | None = None
    article: str | None = Field(None, description="Identifier of the source article.")
    url: str | None = None


class Pack(Strict):
    """One CX pitfall: why it matters, the questions that reveal it, the actions that fix it."""

    id: Slug
    aliases: list[Slug] = Field(
        default_factory=list,
        description="Former ids: answers files, --packs and fail-pack that use one still work.",
    )
    title: str = Field(min_length=1, description="The pitfall's name, shown in reports.")
    heading: str | None = Field(
        None, description="A neutral heading shown to respondents (default: the title)."
    )
    intro: str | None = Field(
        None, description="One neutral sentence introducing the questions to respondents."
    )
    version: int = Field(1, ge=1, description="Raised whenever a question or its scoring changes.")
    theme: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    why: str = Field(min_length=1, description="What the pitfall costs the business.")
    weight: Weight = 1.0
    sources: list[Source] = Field(default_factory=list)
    kpis: list[str] = Field(default_factory=list)
    questions: list[Question] = Field(min_length=1)

    @field_validator("questions")
    @classmethod
    def _question_ids_unique(cls, questions: list[Any]) -> list[Any]:
        seen: set[str] = set()
        for question in questions:
            if question.id in seen:
                raise ValueError(f"question id {question.id!r} appears more than once")
            seen.add(question.id)
        return questions

    def question(self, question_id: str) -> Any:
        return next((q for q in self.questions if q.id == question_id), None)
