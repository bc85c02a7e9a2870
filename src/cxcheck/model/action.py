"""One step of an action plan, as a rule pack states it: what, who, and when it applies."""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field, model_validator

from cxcheck.model.base import Horizon, Level, Slug, Strict, Unit


class Action(Strict):
    model_config = ConfigDict(populate_by_name=True)

    id: Slug | None = Field(None, description="Stable id, unique in the catalogue; `after` names it.")
    title: str | None = Field(
        None, min_length=1, max_length=80, description="The step as a short imperative headline."
    )
    text: str = Field(min_length=1, description="What to do, concrete enough to start on Monday.")
    owner: str = Field(min_length=1, description="Who leads it, e.g. Leadership, Operations, HR.")
    effort: Level = "medium"
    impact: Level = "medium"
    from_: Unit = Field(
        0.0,
        alias="from",
        description="Offered only once the question scores at least this (0..1).",
    )
    below: Annotated[float, Field(gt=0, le=1)] = Field(
        1.0, description="Offered while the question scores under this (0..1): the score it lifts it to."
    )
    after: list[Slug] = Field(default_factory=list, description="Ids of actions that must come first.")
    when: Horizon | None = Field(None, description="The latest window this step makes sense in.")

    @model_validator(mode="after")
    def _range_ordered(self) -> Action:
        if self.from_ >= self.below:
            raise ValueError(f"from ({self.from_:g}) must be below 'below' ({self.below:g})")
        return self

    def applies_to(self, score: float) -> bool:
        """Whether this step fits a question scoring `score`: at or above `from`, under `below`."""
        return self.from_ <= score < self.below
