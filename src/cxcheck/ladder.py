"""The maturity ladder: five named stages, and status as a grouping of them.

Every score (a question's 0..1, a pack's or the overall 0..100) sits on one ladder, so a stage
can never sit beside a status that contradicts it. Scale questions have five rungs, scored
0, 0.25, 0.5, 0.75 and 1; rung i is stage i. A pack's score is cut at the midpoints between
rungs (12.5, 37.5, 62.5, 87.5), so a pack answered on one rung throughout is at that rung's
stage. Status groups the stages: stages 1-2 are critical, 3 at risk, 4-5 healthy. The reasons
are in docs/scoring.md.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

Status = Literal["healthy", "at-risk", "critical", "insufficient"]


class Stage(NamedTuple):
    level: int
    name: str
    means: str
    status: Status


STAGES = (
    Stage(1, "Absent", "not done, or only by individuals on their own initiative", "critical"),
    Stage(2, "Informal", "done sometimes, depending on who is involved", "critical"),
    Stage(3, "Established", "defined, owned and done routinely", "at-risk"),
    Stage(4, "Measured", "its effect is measured and reviewed", "healthy"),
    Stage(5, "Self-correcting", "results feed back into improving it, and it lasts", "healthy"),
)
RUNGS = (0.0, 0.25, 0.5, 0.75, 1.0)
CUTS = (12.5, 37.5, 62.5, 87.5)  # the midpoints between rungs, on 0..100
HEALTHY, AT_RISK = CUTS[2], CUTS[1]
# Worst first: a status ranks below another when it is worse, and `insufficient` is the worst,
# so withholding answers can never make a status look better.
STATUS_ORDER: tuple[Status, ...] = ("insufficient", "critical", "at-risk", "healthy")
MIN_KNOWN = 0.5  # below this share of its weight answered, a pack (or the overall) is insufficient


def stage_for(score: float) -> Stage:
    """The stage of a 0..100 score."""
    return STAGES[sum(score >= cut for cut in CUTS)]


def status_for(score: float | None, known: float = 1.0) -> Status:
    """`insufficient` when too little is known to judge; else the status of the score's stage."""
    if score is None or known < MIN_KNOWN:
        return "insufficient"
    return stage_for(score).status


def status_rank(status: Status) -> int:
    """0 for the worst status; higher is better."""
    return STATUS_ORDER.index(status)
