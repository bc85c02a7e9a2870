"""What an assessment found: every renderer reads only this, and `--format json` writes it."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import AliasChoices, BaseModel, Field, computed_field, model_validator

from cxcheck import __version__
from cxcheck.model.base import Horizon, Level

RESULT_SCHEMA_VERSION = 1

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
