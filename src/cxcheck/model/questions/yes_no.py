"""A yes/no question, optionally with 'partly'."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from cxcheck.model.base import AnswerRejected
from cxcheck.model.questions.base import QuestionBase

TYPED = {"y": "yes", "yes": "yes", "n": "no", "no": "no", "p": "partly", "partly": "partly"}


class YesNoQuestion(QuestionBase):
    type: Literal["yes_no"]
    allow_partly: bool = False

    _scores: ClassVar[dict[str, float]] = {"yes": 1.0, "partly": 0.5, "no": 0.0}

    def choices(self) -> list[str]:
        return ["yes", "partly", "no"] if self.allow_partly else ["yes", "no"]

    def parse_value(self, raw: Any) -> str:
        if isinstance(raw, bool):  # YAML 1.1 reads a bare yes/no as a boolean
            return "yes" if raw else "no"
        if isinstance(raw, str) and raw.strip().lower() in self.choices():
            return raw.strip().lower()
        raise AnswerRejected(self.allowed(), raw)

    def allowed_values(self) -> str:
        return ", ".join(self.choices())

    def value_schema(self) -> dict[str, Any]:
        return {"anyOf": [{"enum": self.choices()}, {"type": "boolean"}]}

    def score(self, value: str) -> float:
        return self._scores[value]

    def possible_scores(self) -> list[float]:
        return sorted(self.score(choice) for choice in self.choices())

    def answer_lines(self) -> list[str]:
        return [f"{choice} (scores {self.score(choice):g})" for choice in self.choices()]

    def keys(self) -> str:
        return "y, n or p" if self.allow_partly else "y or n"

    def read_reply(self, text: str) -> str:
        value = TYPED.get(text, text)
        if value == "partly" and not self.allow_partly:
            raise AnswerRejected("this question takes y or n only (partly is not an answer here)", text)
        return super().read_reply(value)
