"""What an assessment found: every renderer reads only this, and `--format json` writes it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any, Literal

from pydantic import (
    AliasChoices,
    BaseModel,
    Field,
    SerializerFunctionWrapHandler,
    computed_field,
    model_serializer,
    model_validator,
)

from cxcheck import __version__
from cxcheck.ladder import Status
from cxcheck.model.base import Horizon, Level
from cxcheck.model.history import TargetStatus, Trend, WaiverStatus

RESULT_SCHEMA_VERSION = 2


class NoteResult(BaseModel):
    """One respondent's note on one question, with who wrote it."""

    text: str
    name: str | None = None
    role: str | None = None


class EvidenceResult(BaseModel):
    """One piece of evidence behind an answer, and whether it is older than the allowed age."""

    link: str | None = None
    file: str | None = None
    metrics: str | None = Field(None, description="A survey export measured with `cxcheck metrics`.")
    measured: str | None = Field(None, description="The figures the survey export gave.")
    date: dt.date | None = None
    by: str | None = None
    stale: bool = False


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
    known: float = Field(1.0, description="Share of the respondents asked who gave a scored answer, 0..1.")
    fact: bool = Field(
        False, description="A figure to look up: workshops take it from its owner, not a mean."
    )
    figure_from: str | None = Field(
        None, description="Whose figure a workshop used for a fact: the owning role, or 'median'."
    )
    spread: float | None = None
    disagreement: bool = Field(False, description="Answers two rungs apart or more (opposite ends of two).")
    inconsistent: bool = Field(False, description="A fact answered with figures two bands apart or more.")
    by_role: dict[str, float] = Field(default_factory=dict)
    evidence: list[EvidenceResult] = Field(default_factory=list, description="What backs the answers.")


class PackResult(BaseModel):
    id: str
    title: str
    theme: str
    weight: float
    version: int = Field(1, description="The pack's content version: a change is not progress.")
    summary: str = Field("", description="The pitfall in one sentence.")
    kpis: list[str] = Field(default_factory=list, description="What to watch once its steps are done.")
    score: float | None = Field(description="0..100; unknown and blank answers count 0, n/a is left out.")
    status: Status
    level: int | None = Field(description="Stage 1..5; none when insufficient.")
    stage: str | None = Field(None, description="The stage's name; none when insufficient.")
    known: float = Field(1.0, description="Share of the pack's weight answered, 0..1.")
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
        description="The highest- and lowest-scoring roles, when role_gap is 25 points or more "
        "and each holds at least two respondents (or the workshop is one person per role).",
    )
    questions: list[QuestionResult]


class ActionItem(BaseModel):
    """One step of the plan (or the backlog), with the pitfall and question it answers."""

    id: str = Field(description="The action's id in its pack; prerequisites name it in `after`.")
    pack: str
    pack_title: str = ""
    question: str
    question_text: str
    title: str | None = None
    text: str
    owner: str
    effort: Level
    impact: Level
    priority: float = Field(description="Gap x weights x impact / effort: the order before the caps.")
    horizon: Horizon | Literal["backlog"]
    after: list[str] = Field(
        default_factory=list, description="Prerequisites that are in the plan or backlog."
    )
    kind: Literal["step", "find-out"] = "step"


class Strength(BaseModel):
    """A pitfall the organisation already avoids: what to keep doing."""

    pack: str
    title: str
    heading: str | None = Field(None, description="The pack's neutral heading: the practice.")
    score: float | None
    stage: str | None
    practices: list[str] = Field(
        default_factory=list,
        description="What it does at stage 4 or 5: the answers given, else the questions.",
    )


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
    respondents: int = Field(description="How many answered 'unknown'.")
    answered: int = Field(0, description="How many others did answer it.")
    owner_role: str | None = Field(None, description="The function that should know.")


class Figure(BaseModel):
    who: str
    answer: str


class InconsistentFigure(BaseModel):
    """A fact answered with figures two bands apart or more: a data question, not a debate."""

    pack: str
    pack_title: str
    question: str
    text: str
    figures: list[Figure]
    used: str = Field(description="Which figure the score used, and why.")


def months(count: int) -> str:
    return f"{count} month{'s' if count != 1 else ''}"


class ThresholdFailure(BaseModel):
    target: str = Field(description="'overall' or a pack id.")
    required: float
    actual: float | None
    kind: Literal["threshold", "drop", "coverage", "target", "waiver", "stale"] = Field(
        "threshold",
        description="drop: the score fell too far since the baseline (required = before - N); "
        "coverage: less of the score is known than --min-coverage asks; target: a target missed "
        "or off track (--fail-off-track); waiver: a waiver expired (--fail-expired-waivers); "
        "stale: answers or evidence older than --max-age, with --fail-stale (actual = how many).",
    )
    by: dt.date | None = Field(None, description="A target's date, or the day a waiver expired.")
    why: str | None = Field(None, description="A target's reason for being off track; a waiver's reason.")

    @model_serializer(mode="wrap")
    def _leave_out_unused(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """`by` and `why` only where they say something, so other failures read as they always did."""
        data: dict[str, Any] = handler(self)
        return {k: v for k, v in data.items() if k not in ("by", "why") or v is not None}

    def describe(self) -> str:
        """One line for every report, so a drop never reads like a missed threshold."""
        actual = "unscored" if self.actual is None else f"{self.actual:.1f}"
        if self.kind == "stale":
            count = int(self.actual or 0)
            answers = f"{count} answer{'s' if count != 1 else ''}"
            return f"{answers} or evidence older than {months(int(self.required))}"
        if self.kind == "coverage":
            return f"only {actual}% of the score is known, below the required {self.required:.0f}%"
        if self.kind == "target":
            target = f"its target of {self.required:g} by {self.by}"
            return f"{self.target} {actual} is off track for {target}: {self.why}"
        if self.kind == "waiver":
            return f"the waiver on {self.target} expired on {self.by}: {self.why}"
        if self.kind == "drop":
            allowed = "its baseline score less the allowed drop"
            return f"{self.target} fell to {actual}, below {self.required:.1f} ({allowed})"
        return f"{self.target} {actual} is below the required {self.required:.1f}"


class Claim(BaseModel):
    """An answer at the top rungs (stage 4 or 5) that nobody backed with evidence."""

    pack: str
    pack_title: str
    question: str
    text: str
    answer: str | None
    score: float


class StaleItem(BaseModel):
    """An answers file, or a piece of evidence, dated more than the allowed age before the run."""

    what: str = Field(description="'answers' (a whole answers file) or 'evidence'.")
    where: str = Field(description="The answers file, or pack/question.")
    date: dt.date
    detail: str | None = Field(None, description="For evidence: its link, file or survey export.")


class EvidenceCheck(BaseModel):
    """Which claims have no evidence and which answers are too old: opinion is not measurement."""

    as_of: dt.date = Field(description="The day the age of answers and evidence was measured from.")
    max_age_months: int
    evidenced: int = Field(0, description="Questions with evidence from at least one respondent.")
    unevidenced: list[Claim] = Field(default_factory=list)
    stale: list[StaleItem] = Field(default_factory=list)

    def describe_unevidenced(self) -> str:
        """One sentence for every report."""
        count = len(self.unevidenced)
        return f"{count} top-rung answer{'s have' if count != 1 else ' has'} no evidence"

    def describe_stale(self) -> str:
        count = len(self.stale)
        return (
            f"{count} answer{'s' if count != 1 else ''} or piece{'s' if count != 1 else ''} of evidence "
            f"dated more than {months(self.max_age_months)} before {self.as_of}"
        )


class Thresholds(BaseModel):
    passed: bool
    fail_under: float | None = None
    fail_pack: dict[str, float] = Field(default_factory=dict)
    min_coverage: float | None = None
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
    revised: str | None = Field(
        None,
        description="'v1 → v2' when the pack's questions changed between the two results: "
        "its change is shown, never read as progress or decline.",
    )


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
    catalogue_version: int | None = Field(None, description="The built-in catalogue's version.")
    focus: list[str] = Field(
        default_factory=list,
        description="Ids of the pitfalls that matter most (largest weighted gaps), first first.",
    )
    score: float | None = Field(description="0..100, the pack-weighted mean; unknowns count 0.")
    status: Status
    level: int | None
    stage: str | None = None
    known: float = Field(1.0, description="Share of the selected weight that is answered, 0..1.")
    coverage: float = Field(description="Answered / asked, 0..1.")
    answered: int
    asked: int
    packs: list[PackResult]
    actions: list[ActionItem] = Field(description="The plan, in order: now, next, later.")
    backlog: list[ActionItem] = Field(default_factory=list, description="Steps beyond the plan's size.")
    find_out: list[ActionItem] = Field(default_factory=list, description="Questions nobody could answer.")
    strengths: list[Strength] = Field(default_factory=list)
    disagreements: list[Disagreement] = Field(
        default_factory=list, description="Divided questions, most divided (between roles) first."
    )
    knowledge_gaps: list[KnowledgeGap] = Field(default_factory=list)
    inconsistent_figures: list[InconsistentFigure] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list, description="What the workshop checks merged or left out.")
    anonymous: bool = Field(False, description="Names left out everywhere; small roles folded together.")
    one_per_role: bool = Field(False, description="Each role is one person speaking for a department.")
    thresholds: Thresholds
    evidence: EvidenceCheck | None = Field(
        None, description="Unevidenced top-rung answers and stale answers; none in results saved before it."
    )
    comparison: Comparison | None = Field(
        None, description="With a baseline: every score before and now; its drops are also in thresholds."
    )
    targets: list[TargetStatus] = Field(default_factory=list, description="Targets, their gap and trend.")
    if_plan_done: float | None = Field(
        None, description="The overall score if every step of the 90-day plan is done."
    )
    waivers: list[WaiverStatus] = Field(
        default_factory=list, description="Waivers applied (out of gates and the plan) or expired."
    )
    trend: Trend | None = Field(None, description="With a history folder: earlier results and this one.")

    @model_validator(mode="before")
    @classmethod
    def _upgrade_version_1(cls, data: Any) -> Any:
        """Results saved before schema 2 still load: 'unanswered' read as 'insufficient', and
        actions given the ids later versions carry."""
        if not isinstance(data, dict) or data.get("schema_version", 1) != 1:
            return data
        data = dict(data)
        for holder in [data, *[p for p in data.get("packs", []) if isinstance(p, dict)]]:
            if holder.get("status") == "unanswered":
                holder["status"] = "insufficient"
        seen: Counter[tuple[Any, Any]] = Counter()
        actions = []
        for action in data.get("actions", []):
            if isinstance(action, dict) and "id" not in action:
                where = (action.get("pack"), action.get("question"))
                seen[where] += 1
                action = {**action, "id": f"{where[0]}.{where[1]}.{seen[where]}"}
            actions.append(action)
        data["actions"] = actions
        return data

    @model_validator(mode="after")
    def _coverage_in_range(self) -> Result:
        if not 0 <= self.coverage <= 1:
            raise ValueError("coverage must be between 0 and 1")
        return self
