"""Targets: a score to reach by a date, per pack and overall, judged against the trend. Pure.

Rules:
- The gap is the points still to gain (0 once met).
- A target is met once the score reaches it; missed once its date has passed unmet; otherwise on
  or off track by a straight line through the history (cxcheck.trend.straight_line) read on the
  target date. That line is an extrapolation, and every report says it is one; with fewer than
  two results there is no trend to judge.
- "If the plan is done" moves each planned step's question to the top of the step's range
  (its `below`) and scores the packs again with the same weights: what finishing the 90-day
  plan would be worth, not a forecast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from cxcheck.errors import BadInput, Problem
from cxcheck.model import Pack, Result, Target, TargetStatus, ThresholdFailure, Trend
from cxcheck.model.history import OVERALL
from cxcheck.planning import action_id
from cxcheck.scoring import weighted_mean
from cxcheck.trend import straight_line


def check_known(
    targets: Mapping[str, Target],
    catalogue: Sequence[Pack],
    locate: Mapping[str, tuple[str | None, int | None]],
) -> None:
    """Every target names 'overall' or a pack of the catalogue."""
    ids = {p.id for p in catalogue}
    problems = [
        Problem(
            f"targets: unknown pack {name!r}",
            *locate.get(name, (None, None)),
            expected="'overall' or the id of a pack: " + ", ".join(sorted(ids)),
        )
        for name in targets
        if name != OVERALL and name not in ids
    ]
    if problems:
        raise BadInput(problems)


def if_plan_done(packs: Sequence[Pack], result: Result) -> tuple[float | None, dict[str, float | None]]:
    """The overall and each pack's score with every planned step's question at the top of its range."""
    tops: dict[tuple[str, str], float] = {}
    planned = {a.id for a in result.actions}
    for definition in packs:
        for question in definition.questions:
            for index, action in enumerate(question.actions):
                if action_id(definition, question, index, action) in planned:
                    key = (definition.id, question.id)
                    tops[key] = max(tops.get(key, 0.0), action.below)
    by_pack: dict[str, float | None] = {}
    weights_of = {p.id: {q.id: q.weight for q in p.questions} for p in packs}
    for pack in result.packs:
        weights = weights_of.get(pack.id)
        if weights is None:
            by_pack[pack.id] = pack.score
            continue
        lifted = [
            (max(q.score, tops.get((pack.id, q.id), 0.0)), weights[q.id])
            for q in pack.questions
            if q.score is not None and q.id in weights
        ]
        mean = weighted_mean(lifted)
        by_pack[pack.id] = None if mean is None else round(100 * mean, 1)
    overall = weighted_mean(
        (score / 100, pack.weight) for pack in result.packs if (score := by_pack[pack.id]) is not None
    )
    return (None if overall is None else round(100 * overall, 1)), by_pack


def statuses(
    targets: Mapping[str, Target],
    result: Result,
    packs: Sequence[Pack],
    trend: Trend | None,
    today: dt.date,
) -> list[TargetStatus]:
    """Each target of an assessed pack (or overall) as of `today`."""
    overall_if_done, packs_if_done = if_plan_done(packs, result)
    scored = {p.id: p for p in result.packs}
    series = {s.id: s for s in ([trend.overall, *trend.packs] if trend else [])}
    found = []
    for name, target in targets.items():
        if name != OVERALL and name not in scored:
            continue  # a pack left out by --packs: its target waits for a run that assesses it
        actual = result.score if name == OVERALL else scored[name].score
        gap = round(max(0.0, target.score - (actual or 0.0)), 1)
        line = straight_line(series[name], target.by) if name in series else None
        if actual is not None and actual >= target.score:
            state = "met"
        elif today > target.by:
            state = "missed"
        elif line is None:
            state = "no-trend"
        else:
            state = "on-track" if line[0] >= target.score else "off-track"
        found.append(
            TargetStatus(
                target=name,
                title="Overall" if name == OVERALL else scored[name].title,
                required=target.score,
                by=target.by,
                actual=actual,
                gap=gap,
                state=state,
                projected=line[0] if line else None,
                basis=line[1] if line else None,
                if_plan_done=overall_if_done if name == OVERALL else packs_if_done.get(name),
                actions=[] if state == "met" else [a.id for a in result.actions if name in (OVERALL, a.pack)],
            )
        )
    return found


def failures(statuses: Sequence[TargetStatus], waived: set[str]) -> list[ThresholdFailure]:
    """--fail-off-track: a target missed, or one the trend does not reach in time; a waived pack's
    target leaves the gates with the pack."""
    return [
        ThresholdFailure(
            target=s.target,
            required=s.required,
            actual=s.actual,
            kind="target",
            by=s.by,
            why="the date has passed"
            if s.state == "missed"
            else f"a straight line through {s.basis} reaches {s.projected:.1f} by then",
        )
        for s in statuses
        if s.state in ("missed", "off-track") and s.target not in waived
    ]
