"""A counted fact: a number placed in bands, each band with its score; or a word such as 'never'."""

from __future__ import annotations

import math
import re
from typing import Any, Literal

from pydantic import Field, field_validator

from cxcheck.model.base import AnswerRejected, Strict, Unit
from cxcheck.model.questions.base import QuestionBase

# Hours in each unit of time, so "2 days" answers a question asked in hours.
HOURS_IN = {"hour": 1.0, "day": 24.0, "week": 168.0, "month": 730.5, "year": 8766.0}
PERCENT_WORDS = ("%", "percent", "per cent", "pc")
APPROXIMATELY = re.compile(r"^(?:about|around|approximately|approx\.?|roughly|circa|ca\.?|c\.|some|~)\s*")
NUMBER_AND_UNIT = re.compile(r"^(?P<number>[0-9][0-9,]*(?:\.[0-9]+)?|\.[0-9]+)\s*(?P<unit>.*)$")


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 1 else word


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
            and _finite(raw)
            and 0 <= raw <= self.upper()
        ):
            return raw
        raise AnswerRejected(self.allowed(), raw)

    def _word(self, text: str) -> WordAnswer | None:
        wanted = " ".join(text.split()).lower()
        return next((w for w in self.words if w.label.lower() == wanted), None)

    def is_percentage(self) -> bool:
        return self.unit.startswith("%")

    def upper(self) -> float:
        """The largest answer: the pack's max, else 100 for a percentage (a share cannot pass it)."""
        if self.max is not None:
            return self.max
        return 100.0 if self.is_percentage() else math.inf

    def quantity(self) -> str:
        """What the answer counts, in words: 'a percentage' or 'a number of weeks'."""
        if self.is_percentage():
            return f"a percentage{self.unit[1:]}"
        return f"a number of {self.unit}"

    def allowed_values(self) -> str:
        upper = f"from 0 to {self.upper():g}" if self.upper() != math.inf else "0 or more"
        words = "".join(f" or {w.label!r}" for w in self.words)
        return f"{self.quantity()}, {upper}{words}"

    def value_schema(self) -> dict[str, Any]:
        number: dict[str, Any] = {"type": "number", "minimum": 0, "description": self.unit}
        if self.upper() != math.inf:
            number["maximum"] = self.upper()
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
        """A typed answer: a number with or without its unit ("18 months", "15%"), another unit of
        time converted ("2 days" is 48 hours), "about" left out, or one of the question's words."""
        word = self._word(text)
        if word is not None:
            return word.label
        found = NUMBER_AND_UNIT.match(APPROXIMATELY.sub("", text))
        number = self._in_my_unit(float(found["number"].replace(",", "")), found["unit"]) if found else None
        if number is None:
            raise AnswerRejected(self.hint(), text)
        value: Any = int(number) if number.is_integer() else number  # 12, not 12.0, in the file
        if value > self.upper():
            raise AnswerRejected(f"type {self.quantity()} from 0 to {self.upper():g}", text)
        return self.parse_value(value)

    def hint(self) -> str:
        """How to type an answer, with examples."""
        example = "15%" if self.is_percentage() else f"12 {self.unit}"
        words = "".join(f", {w.label}" for w in self.words)
        return f"type {self.quantity()} (for example 12, {example}, about 12{words})"

    def _in_my_unit(self, number: float, unit: str) -> float | None:
        """`number` of `unit` (as typed) in the question's unit; None when the units do not match."""
        typed = " ".join(unit.replace(".", " ").split())
        if not typed:
            return number
        if self.is_percentage():
            return number if typed in PERCENT_WORDS or typed in (self.unit, self.unit[1:].strip()) else None
        mine = self.unit.lower().split()
        words = typed.split()
        head, rest = _singular(words[0]), words[1:]
        if rest and rest != mine[1:]:
            return None
        if head == _singular(mine[0]):
            return number
        if head in HOURS_IN and _singular(mine[0]) in HOURS_IN:
            return round(number * HOURS_IN[head] / HOURS_IN[_singular(mine[0])], 2)
        return None


def _finite(number: float) -> bool:
    """A number a score can use: a 309-digit integer overflows a float, so it is not one."""
    try:
        return math.isfinite(number)
    except OverflowError:
        return False
