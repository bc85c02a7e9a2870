"""A choice between labelled options, each with its own score."""

from __future__ import annotations

from string import ascii_lowercase
from typing import Any, Literal

from pydantic import Field, field_validator

from cxcheck.model.base import AnswerRejected, Strict, Unit
from cxcheck.model.questions.base import QuestionBase

# Options are keyed by letter, never by number: "how many of your last five..." keyed 0, 1, 2
# would record "three or four" for someone with two. The letters of the keys every question
# shares (s skip, u don't know) are left out.
OPTION_KEYS = "".join(c for c in ascii_lowercase if c not in "su")


class ChoiceOption(Strict):
    label: str = Field(min_length=1)
    score: Unit


class ChoiceQuestion(QuestionBase):
    type: Literal["choice"]
    options: list[ChoiceOption] = Field(min_length=2, max_length=len(OPTION_KEYS))
    fact: bool = Field(False, description="A fact someone can look up, not an opinion (see owner_role).")

    @field_validator("options")
    @classmethod
    def _labels_unique(cls, options: list[ChoiceOption]) -> list[ChoiceOption]:
        labels = [o.label.strip().lower() for o in options]
        if len(set(labels)) != len(labels):
            raise ValueError("option labels must be unique")
        return options

    def parse_value(self, raw: Any) -> str:
        if isinstance(raw, int) and not isinstance(raw, bool) and 0 <= raw < len(self.options):
            return self.options[raw].label
        if isinstance(raw, str):
            for option in self.options:
                if option.label.lower() == raw.strip().lower():
                    return option.label
        raise AnswerRejected(self.allowed(), raw)

    def allowed_values(self) -> str:
        return "one of " + ", ".join(repr(o.label) for o in self.options)

    def value_schema(self) -> dict[str, Any]:
        return {
            "anyOf": [
                {"enum": [o.label for o in self.options]},
                {"type": "integer", "minimum": 0, "maximum": len(self.options) - 1},
            ]
        }

    def score(self, value: str) -> float:
        return next(o.score for o in self.options if o.label == value)

    def possible_scores(self) -> list[float]:
        return sorted({o.score for o in self.options})

    def is_fact(self) -> bool:
        return self.fact

    def answer_lines(self) -> list[str]:
        return [f"{o.label} (scores {o.score:g})" for o in self.options]

    def menu(self) -> list[tuple[str, str]]:
        return [(key, o.label) for key, o in zip(OPTION_KEYS, self.options, strict=False)]

    def keys(self) -> str:
        return f"a-{OPTION_KEYS[len(self.options) - 1]}"

    def read_reply(self, text: str) -> str:
        """A letter from the menu or an option's label; a number is refused, as it reads as a count."""
        chosen = dict(self.menu()).get(text)
        if chosen is not None:
            return chosen
        if not text.isdigit():
            for option in self.options:
                if option.label.lower() == text:
                    return option.label
        raise AnswerRejected(f"type the letter of an option, {self.keys()}", text)
