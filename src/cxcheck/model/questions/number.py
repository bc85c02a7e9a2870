"""A counted fact: a number placed in bands, each band with its score; or a word such as 'never'."""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import Field, field_validator

from cxcheck.model.base import AnswerRejected, Strict, Unit
from cxcheck.model.questions.base import QuestionBase


class Band(Strict):
    max: float | None = Field(None, description="Upper bound (inclusive); omitted on the last band.")
    score: Unit
    label: str | None = None


class WordAnswer(Strict):
    """An answer given as a word instead of a number ("never", "no plan"), with its score."""

    label: str = Field(min_length=1)
    score: Unit


class NumberQuestion(QuestionBase):
    type: Literal["number"]
    unit: str = Field(min_length=1)
    max: float | None = Field(None, gt=0, description="The largest possible value (100 for a share).")
    bands: list[Band] = Field(min_length=2)
    words: list[WordAnswer] = Field(
        default_factory=list, description="Answers given as a word, such as 'never' or 'no plan'."
    )

    @field_validator("bands")
    @classmethod
    def _bands_ordered(cls, bands: list[Band]) -> list[Band]:
        *bounded, last = bands
        if last.max is not None:
            raise ValueError("the last band must have no max (it catches everything above)")
        maxima = [b.max for b in bounded]
        if any(m is None for m in maxima):
            raise ValueError("every band but the last needs a max")
        if any(b >= a for a, b in zip(maxima[1:], maxima[:-1], strict=True)):  # type: ignore[operator]
            raise ValueError("band maxima must increase")
        return bands

    def parse_value(self, raw: Any) -> float | str:
        if isinstance(raw, str):
            word = self._word(raw)
            if word is not None:
                return word.label
        elif (
            isinstance(raw, (int, float))
            and not isinstance(raw, bool)
            and math.isfinite(raw)
            and 0 <= raw <= (self.max if self.max is not None else math.inf)
        ):
            return raw
        raise AnswerRejected(self.allowed(), raw)

    def _word(self, text: str) -> WordAnswer | None:
        wanted = " ".join(text.split()).lower()
        return next((w for w in self.words if w.label.lower() == wanted), None)

    def quantity(self) -> str:
        """What the answer counts, in words: 'a percentage' or 'a number of weeks'."""
        return "a percentage" if self.unit.startswith("%") else f"a number of {self.unit}"

    def allowed_values(self) -> str:
        upper = f"from 0 to {self.max:g}" if self.max is not None else "0 or more"
        words = "".join(f" or {w.label!r}" for w in self.words)
        return f"{self.quantity()}, {upper}{words}"

    def value_schema(self) -> dict[str, Any]:
        number: dict[str, Any] = {"type": "number", "minimum": 0, "description": self.unit}
        if self.max is not None:
            number["maximum"] = self.max
        if not self.words:
            return number
        return {"anyOf": [number, {"enum": [w.label for w in self.words]}]}

    def score(self, value: float | str) -> float:
        if isinstance(value, str):
            word = self._word(value)
            assert word is not None, "parse_value admits only known words"
            return word.score
        for band in self.bands:
            if band.max is None or value <= band.max:
                return band.score
        raise AssertionError("the last band has no max")  # guaranteed by _bands_ordered

    def possible_scores(self) -> list[float]:
        return sorted({b.score for b in self.bands} | {w.score for w in self.words})

    def is_fact(self) -> bool:
        return True

    def display(self, value: Any) -> str:
        if isinstance(value, str):
            return value
        number = int(value) if float(value).is_integer() else value
        return f"{number}%" if self.unit.strip() == "%" else f"{number} {self.unit}"

    def answer_lines(self) -> list[str]:
        lines, low = [], None
        for band in self.bands:
            if low is None:
                span = f"up to {band.max:g}"
            elif band.max is None:
                span = f"over {low:g}"
            else:
                span = f"over {low:g} up to {band.max:g}"
            label = f" {band.label}" if band.label else ""
            lines.append(f"{span} {self.unit}:{label} (scores {band.score:g})")
            low = band.max
        return lines + [f"{w.label} (scores {w.score:g})" for w in self.words]

    def keys(self) -> str:
        return self.quantity()

    def read_reply(self, text: str) -> float | str:
        try:
            number = float(text)
        except ValueError:
            raw: Any = text  # a word, or something the question rejects
        else:
            raw = int(number) if number.is_integer() else number  # 12, not 12.0, in the file
        try:
            return self.parse_value(raw)
        except AnswerRejected:
            raise AnswerRejected(f"type {self.keys()}, 0 or more (for example 12 or 1.5)", text) from None
