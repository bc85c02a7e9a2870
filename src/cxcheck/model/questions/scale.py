"""A scale of behaviourally anchored levels, lowest first; the respondent picks one."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from cxcheck.ladder import stage_for
from cxcheck.model.base import AnswerRejected
from cxcheck.model.questions.base import QuestionBase


class ScaleQuestion(QuestionBase):
    type: Literal["scale"]
    levels: list[Annotated[str, Field(min_length=1)]] = Field(min_length=3, max_length=6)

    def parse_value(self, raw: Any) -> int:
        if isinstance(raw, int) and not isinstance(raw, bool) and 0 <= raw < len(self.levels):
            return raw
        raise AnswerRejected(self.allowed(), raw)

    def allowed_values(self) -> str:
        return f"a level from 0 to {len(self.levels) - 1}"

    def value_schema(self) -> dict[str, Any]:
        described = "; ".join(f"{i} = {text}" for i, text in enumerate(self.levels))
        return {
            "type": "integer",
            "minimum": 0,
            "maximum": len(self.levels) - 1,
            "description": described,
        }

    def score(self, value: int) -> float:
        return value / (len(self.levels) - 1)

    def possible_scores(self) -> list[float]:
        return [i / (len(self.levels) - 1) for i in range(len(self.levels))]

    def display(self, value: Any) -> str:
        """A level as client documents show it: the name of its stage on the ladder, in words
        rather than `2/4`."""
        return stage_for(100 * self.score(value)).name

    def answer_lines(self) -> list[str]:
        return [f"{i} = {level}" for i, level in enumerate(self.levels)]

    def menu(self) -> list[tuple[str, str]]:
        return [(str(i), level) for i, level in enumerate(self.levels)]

    def keys(self) -> str:
        return f"0-{len(self.levels) - 1}"
