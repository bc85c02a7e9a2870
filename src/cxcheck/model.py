"""The shapes of cxcheck's data: rule packs, answers files and results.

These pydantic models are the single source of the JSON Schemas (`cxcheck schema`). Answer
values are checked by the question types themselves in plain Python: an answers file of
thousands of respondents should not pay for a pydantic model per answer.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar, Literal, NamedTuple

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    computed_field,
    field_validator,
    model_validator,
)

from cxcheck import __version__

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, description="kebab-case identifier")]
Level = Literal["low", "medium", "high"]
Horizon = Literal["now", "next", "later"]
Weight = Annotated[float, Field(gt=0, le=100)]
Unit = Annotated[float, Field(ge=0, le=1)]

UNKNOWN = "unknown"
NOT_APPLICABLE = "n/a"
ANSWERS_FORMAT_VERSION = 1
RESULT_SCHEMA_VERSION = 1


class Strict(BaseModel):
    """Base for every file format: unknown keys are mistakes, not extensions."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class AnswerRejected(ValueError):
    """A value a question cannot take; carries what it can take."""

    def __init__(self, expected: str, found: object) -> None:
        super().__init__(expected)
        self.expected = expected
        self.found = found


# --- rule packs -------------------------------------------------------------------------


class Action(Strict):
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

    model_config = ConfigDict(populate_by_name=True)

    @model_validator(mode="after")
    def _range_ordered(self) -> Action:
        if self.from_ >= self.below:
            raise ValueError(f"from ({self.from_:g}) must be below 'below' ({self.below:g})")
        return self

    def applies_to(self, score: float) -> bool:
        """Whether this step fits a question scoring `score`: at or above `from`, under `below`."""
        return self.from_ <= score < self.below


class Source(Strict):
    title: str = Field(min_length=1)
    item: str | None = None
    article: str | None = Field(None, description="Identifier of the source article.")
    url: str | None = None


class QuestionBase(Strict):
    id: Slug
    text: str = Field(min_length=1)
    help: str | None = None
    weight: Weight = 1.0
    key: bool = Field(False, description="Asked in the quick profile.")
    allow_na: bool = Field(True, description="Whether 'n/a' (not applicable) is accepted.")
    owner_role: str | None = Field(
        None, description="The function that owns the figure or should know the answer, e.g. HR."
    )
    actions: list[Action] = Field(default_factory=list)

    special_values: ClassVar[tuple[str, ...]] = (UNKNOWN, NOT_APPLICABLE)

    def parse(self, raw: Any) -> Any:
        """Turn a value from an answers file into this question's canonical answer."""
        if isinstance(raw, str):
            lowered = raw.strip().lower()
            if lowered == UNKNOWN:
                return UNKNOWN
            if lowered == NOT_APPLICABLE and self.allow_na:
                return NOT_APPLICABLE
        return self.parse_value(raw)

    def allowed(self) -> str:
        """The values this question accepts, for error messages and templates."""
        extra = [UNKNOWN] + ([NOT_APPLICABLE] if self.allow_na else [])
        return f"{self.allowed_values()} (or {', '.join(extra)})"

    def answer_schema(self) -> dict[str, Any]:
        """JSON Schema of one answer: the bare value or a mapping with value and note."""
        specials = [UNKNOWN] + ([NOT_APPLICABLE] if self.allow_na else [])
        value = {"anyOf": [self.value_schema(), {"enum": specials}]}
        return {
            "title": self.text,
            "description": self.help or "",
            "anyOf": [
                value,
                {
                    "type": "object",
                    "properties": {"value": value, "note": {"type": "string"}},
                    "required": ["value"],
                    "additionalProperties": False,
                },
                {"type": "null"},
            ],
        }

    def display(self, value: Any) -> str:
        return str(value)

    # Each type implements these three.
    def parse_value(self, raw: Any) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def allowed_values(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def value_schema(self) -> dict[str, Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def score(self, value: Any) -> float:  # pragma: no cover - abstract
        raise NotImplementedError


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

    def display(self, value: Any) -> str:
        return f"{value}/{len(self.levels) - 1}"


class ChoiceOption(Strict):
    label: str = Field(min_length=1)
    score: Unit


class ChoiceQuestion(QuestionBase):
    type: Literal["choice"]
    options: list[ChoiceOption] = Field(min_length=2)
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

    def display(self, value: Any) -> str:
        if isinstance(value, str):
            return value
        number = int(value) if float(value).is_integer() else value
        return f"{number} {self.unit}"


Question = Annotated[
    YesNoQuestion | ScaleQuestion | ChoiceQuestion | NumberQuestion,
    Field(discriminator="type"),
]


class Pack(Strict):
    """One CX pitfall: why it matters, the questions that reveal it, the actions that fix it."""

    id: Slug
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


# --- answers files ----------------------------------------------------------------------


class Respondent(Strict):
    name: str | None = None
    role: str | None = None


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


# --- results ----------------------------------------------------------------------------

Status = Literal["healthy", "at-risk", "critical", "unanswered"]


class NoteResult(BaseModel):
    """One respondent's note on one question, with who wrote it."""

    text: str
    name: str | None = None
    role: str | None = None


class QuestionResult(BaseModel):
    id: str
    text: str
    score: float | None = Field(description="0..1, mean over respondents who scored it.")
    answer: str | None = Field(description="The answer as given; several respondents: a tally.")
    note: str | None = Field(None, description="Every note, joined; several respondents: 'who: note'.")
    notes: list[NoteResult] = Field(default_factory=list)
    answered: int = Field(0, description="Respondents who gave a scored answer.")
    unknown: int = Field(0, description="Respondents who answered 'unknown'.")
    not_applicable: int = 0
    spread: float | None = None
    disagreement: bool = False
    by_role: dict[str, float] = Field(default_factory=dict)


class PackResult(BaseModel):
    id: str
    title: str
    theme: str
    weight: float
    score: float | None
    status: Status
    level: int | None
    answered: int
    total: int
    by_role: dict[str, float] = Field(default_factory=dict)
    role_gap: float | None = Field(
        None,
        # results saved before role_gap existed carried the gap of silo signals only, as silo_gap
        validation_alias=AliasChoices("role_gap", "silo_gap"),
        description="Points between the highest- and lowest-scoring roles; with two roles or more.",
    )
    silo_signal: list[str] = Field(
        default_factory=list,
        description="The highest- and lowest-scoring roles, when role_gap is 25 points or more.",
    )
    questions: list[QuestionResult]


class ActionItem(BaseModel):
    pack: str
    question: str
    question_text: str
    text: str
    owner: str
    effort: Level
    impact: Level
    priority: float
    horizon: Horizon


class Disagreement(BaseModel):
    """A question that split the respondents by half the scale or more."""

    pack: str
    pack_title: str
    question: str
    text: str
    score: float | None
    answer: str | None = Field(None, description="The answers given, tallied.")
    spread: float
    role_gap: float | None = Field(None, description="Highest minus lowest role mean, 0..1.")
    by_role: dict[str, float] = Field(default_factory=dict)


class KnowledgeGap(BaseModel):
    pack: str
    question: str
    text: str
    respondents: int


class ThresholdFailure(BaseModel):
    target: str = Field(description="'overall' or a pack id.")
    required: float
    actual: float | None
    kind: Literal["threshold", "drop"] = Field(
        "threshold", description="drop: the score fell too far since the baseline (required = before - N)."
    )

    def describe(self) -> str:
        """One line for every report, so a drop never reads like a missed threshold."""
        actual = "unscored" if self.actual is None else f"{self.actual:.1f}"
        if self.kind == "drop":
            allowed = "its baseline score less the allowed drop"
            return f"{self.target} fell to {actual}, below {self.required:.1f} ({allowed})"
        return f"{self.target} {actual} is below the required {self.required:.1f}"


class Thresholds(BaseModel):
    passed: bool
    fail_under: float | None = None
    fail_pack: dict[str, float] = Field(default_factory=dict)
    failures: list[ThresholdFailure] = Field(default_factory=list)


class RespondentInfo(BaseModel):
    name: str | None = None
    role: str | None = None
    file: str | None = None


# --- two results compared (cxcheck diff, assess --baseline) -----------------------------


class ScoreChange(BaseModel):
    id: str
    title: str
    before: float | None
    after: float | None
    change: float | None
    state: Literal["up", "down", "same", "added", "removed", "unscored"]
    dropped: bool = False


class Side(BaseModel):
    organisation: str | None
    date: str | None
    profile: str
    respondents: int
    cxcheck_version: str


class Comparison(BaseModel):
    before: Side
    after: Side
    fail_on_drop: float | None
    overall: ScoreChange
    packs: list[ScoreChange]
    notes: list[str]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def drops(self) -> list[str]:
        """The ids of every score that fell by more than `fail_on_drop`."""
        return [c.id for c in (self.overall, *self.packs) if c.dropped]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def passed(self) -> bool:
        return not self.drops


class Result(BaseModel):
    """Everything an assessment found; every renderer reads only this."""

    schema_version: int = RESULT_SCHEMA_VERSION
    cxcheck_version: str = __version__
    organisation: str | None
    date: dt.date | None
    profile: str
    respondents: int
    respondent_list: list[RespondentInfo] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)
    score: float | None
    status: Status
    level: int | None
    coverage: float = Field(description="Answered / asked, 0..1.")
    answered: int
    asked: int
    packs: list[PackResult]
    actions: list[ActionItem]
    disagreements: list[Disagreement] = Field(
        default_factory=list, description="Divided questions, most divided (between roles) first."
    )
    knowledge_gaps: list[KnowledgeGap] = Field(default_factory=list)
    thresholds: Thresholds
    comparison: Comparison | None = Field(
        None, description="With a baseline: every score before and now; its drops are also in thresholds."
    )

    @model_validator(mode="after")
    def _coverage_in_range(self) -> Result:
        if not 0 <= self.coverage <= 1:
            raise ValueError("coverage must be between 0 and 1")
        return self
