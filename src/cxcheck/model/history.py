"""Assessments over time: targets with dates, waivers that expire, and the trend of saved results.

`Target` and `Waiver` are what a settings file says; `TargetStatus`, `WaiverStatus` and `Trend`
are what a result records, so every report (and a re-rendered saved result) shows them.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from cxcheck.ladder import Status
from cxcheck.model.base import SLUG_PATTERN

OVERALL = "overall"
Said = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Target(BaseModel):
    """A score to reach by a date: `silo-thinking: {score: 60, by: 2027-06-30}`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    score: float = Field(ge=0, le=100, description="The score to reach, 0..100.")
    by: dt.date = Field(description="The date to reach it by (YYYY-MM-DD).")


class Waiver(BaseModel):
    """A pack or one question set aside from gates and the plan, for a reason, by an owner, until
    a date: an accepted risk is stated and dated, never a silent exclusion."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pack: str = Field(pattern=SLUG_PATTERN, description="The pack's id.")
    question: str | None = Field(None, description="One question of the pack; the whole pack if left out.")
    reason: Said = Field(description="Why it is waived.")
    owner: Said = Field(description="Who answers for the waiver.")
    until: dt.date = Field(description="The last day it applies (YYYY-MM-DD).")

    @property
    def subject(self) -> str:
        return f"{self.pack}.{self.question}" if self.question else self.pack


class WaiverStatus(BaseModel):
    """A waiver as one run applied it: active, or expired and no longer applying."""

    pack: str
    question: str | None = None
    reason: str
    owner: str
    until: dt.date
    expired: bool
    score: float | None = Field(None, description="The waived item's score, 0..100: kept, never hidden.")
    title: str | None = Field(None, description="The pack's title, and the question's text if one.")

    @property
    def subject(self) -> str:
        return f"{self.pack}.{self.question}" if self.question else self.pack

    def describe(self) -> str:
        """One line for every report: a waived item is marked, never hidden."""
        if self.expired:
            return f"waiver expired on {self.until}, so it no longer applies: {self.reason} ({self.owner})"
        return f"waived until {self.until}: {self.reason} ({self.owner})"


TargetState = Literal["met", "on-track", "off-track", "missed", "no-trend"]


class TargetStatus(BaseModel):
    """A target beside the score: the gap, and whether the trend reaches it in time."""

    target: str = Field(description="'overall' or a pack id.")
    title: str
    required: float
    by: dt.date
    actual: float | None
    gap: float | None = Field(description="Points still to gain; 0 once met.")
    state: TargetState = Field(
        description="met; missed (the date passed unmet); on-track or off-track (a straight line "
        "through the history, extended to the date); no-trend (fewer than two results to draw it)."
    )
    projected: float | None = Field(None, description="The straight line's score on the target date.")
    basis: str | None = Field(None, description="The results the straight line was drawn through.")
    if_plan_done: float | None = Field(
        None, description="The score if every step of the 90-day plan is done."
    )
    actions: list[str] = Field(default_factory=list, description="Ids of the plan's steps that serve it.")

    def describe(self) -> str:
        """One line for every report."""
        actual = "unscored" if self.actual is None else f"{self.actual:.1f}"
        head = f"{self.target} {actual}, target {self.required:g} by {self.by}"
        if self.state == "met":
            return f"{head}: met"
        if self.state == "missed":
            return f"{head}: missed (the date has passed)"
        if self.state == "no-trend":
            return f"{head}: {self.gap:.1f} to go; no trend yet (needs two results or more)"
        line = "on track" if self.state == "on-track" else "off track"
        return f"{head}: {line}, a straight line through {self.basis} reaches {self.projected:.1f} by then"


class TrendPoint(BaseModel):
    """One saved result's score for one series; no status when the pack was not assessed then."""

    date: dt.date
    score: float | None
    status: Status | None
    version: int | None = None
    revised: str | None = Field(
        None, description="'v1 → v2' when the pack's questions changed since the point before."
    )


class TrendSeries(BaseModel):
    id: str
    title: str
    theme: str | None = None
    points: list[TrendPoint]
    since: dt.date | None = Field(
        None, description="Where `change` counts from: the first point after the last revision."
    )
    change: float | None = Field(
        None, description="Last score minus the score at `since`: a revision is never read as progress."
    )


class TrendSource(BaseModel):
    date: dt.date
    file: str
    respondents: int
    catalogue_version: int | None = None


class Trend(BaseModel):
    """Saved results of one organisation, oldest first: overall and every pack."""

    organisation: str | None
    sources: list[TrendSource]
    overall: TrendSeries
    packs: list[TrendSeries]
    notes: list[str] = Field(default_factory=list)
