"""The 90-day plan: which steps fit where the organisation stands, in what order, and when.

Pure functions over the packs and their scored results. The rules (docs/scoring.md, "The plan"):
- A step is offered only while its question scores inside the step's range (`from` <= score
  < `below`): the next rung's steps, never advice for what is already done.
- A prerequisite (`after`) whose question already scores at or above its range is done; one
  that is not is brought into the plan before the steps that need it.
- Priority weighs the gap a step closes by how weak its whole pitfall is. The pitfalls the
  summary names first (the focus: the largest weighted gaps) each get their best ready step
  placed before any other, so the plan starts where the summary says the problems are.
- A step that needs another starts in a later window than it, never beside it.
- Windows of 30, 60 and 90 days ("now", "next", "later") hold a third of the plan each; at most
  two steps from one pitfall start now and three in the whole plan, so it spreads over several
  pitfalls; no high-effort step starts now; no owner gets more than three steps in one window; a
  step's `when` is the latest window it may go in. What does not fit waits in the backlog, in
  the same order.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cxcheck.model import ActionItem, Pack, PackResult, QuestionResult, Strength

WINDOWS = ("now", "next", "later")
IMPACT = {"low": 1.0, "medium": 2.0, "high": 3.0}
EFFORT = {"low": 1.0, "medium": 1.5, "high": 2.0}
PER_PACK_NOW = 2
PER_PACK_PLAN = 3
PER_OWNER_WINDOW = 3
STRENGTH_FROM = 0.75  # stage 4 and up: measured, worth keeping
FIND_OUT_OWNER = "Data & Insight"
QUADRANTS = ("Quick wins", "Big bets", "Fill-ins", "Only if needed")


def quadrant(impact: str, effort: str) -> str:
    """The impact x effort matrix: high impact is worth it; low effort is cheap."""
    if impact == "high":
        return QUADRANTS[0] if effort == "low" else QUADRANTS[1]
    return QUADRANTS[2] if effort == "low" else QUADRANTS[3]


@dataclass
class _Step:
    id: str
    pack: Pack
    question: Any
    score: float | None
    action: Any
    priority: float
    after: list[str] = field(default_factory=list)


@dataclass
class Plan:
    actions: list[ActionItem]
    backlog: list[ActionItem]
    strengths: list[Strength]
    find_out: list[ActionItem]
    focus: list[str]


FOCUS = 3  # pitfalls named first in the summary


def focus(results: Sequence[PackResult], size: int = FOCUS) -> list[str]:
    """The pitfalls that matter most: the largest gaps to the top, weighted as the overall score
    weighs them; packs too little known to judge are left to the "find out" list."""
    judged = [r for r in results if r.status not in ("insufficient", "healthy") and r.score is not None]
    ranked = sorted(judged, key=lambda r: -(r.weight * (100 - (r.score or 0))))
    return [r.id for r in ranked[:size]]


def action_id(pack: Pack, question: Any, index: int, action: Any) -> str:
    """The action's own id, or one made from where it sits (packs written before ids existed)."""
    return action.id or f"{pack.id}.{question.id}.{index + 1}"


def priority(gap: float, pack_gap: float, question: Any, pack: Pack, action: Any) -> float:
    """Bigger gaps in weightier questions of weaker pitfalls first; high impact raises, high
    effort lowers. `gap` is 1 minus the question's score, `pack_gap` 1 minus the pack's (0..1)."""
    weight = question.weight * pack.weight * IMPACT[action.impact] / EFFORT[action.effort]
    return round(100 * gap * (0.5 + pack_gap) * weight, 1)


def _index(
    packs: Sequence[Pack], results: Sequence[PackResult]
) -> dict[str, tuple[Pack, Any, Any, QuestionResult]]:
    by_pack = {r.id: r for r in results}
    found = {}
    for pack in packs:
        questions = {q.id: q for q in by_pack[pack.id].questions}
        for question in pack.questions:
            for i, action in enumerate(question.actions):
                found[action_id(pack, question, i, action)] = (pack, question, action, questions[question.id])
    return found


def _done(action: Any, result: QuestionResult) -> bool:
    """A step is done once its question scores at or above its range."""
    return result.score is not None and result.answered > 0 and result.score >= action.below


def candidates(packs: Sequence[Pack], results: Sequence[PackResult]) -> dict[str, _Step]:
    """Every step the answers call for, and the prerequisites they need that are not done."""
    index = _index(packs, results)
    pack_gaps = {r.id: 1 - (r.score or 0.0) / 100 for r in results}
    steps: dict[str, _Step] = {}

    def add(step_id: str, weight: float) -> None:
        pack, question, action, result = index[step_id]
        gap = 1 - (result.score or 0.0)
        rank = max(priority(gap, pack_gaps[pack.id], question, pack, action), weight)
        if step_id in steps:
            steps[step_id].priority = max(steps[step_id].priority, rank)
            return
        needed = [ref for ref in action.after if ref in index and not _done(index[ref][2], index[ref][3])]
        steps[step_id] = _Step(step_id, pack, question, result.score, action, rank, needed)
        for ref in needed:  # a prerequisite comes before, so it ranks at least as high
            add(ref, rank)

    for step_id, (_, _, action, result) in index.items():
        if result.answered and result.score is not None and action.applies_to(result.score):
            add(step_id, 0.0)
    return steps


def schedule(
    steps: dict[str, _Step], size: int, first: Sequence[str] = ()
) -> tuple[list[tuple[_Step, str]], list[_Step]]:
    """Place the steps in windows, best first, each after its prerequisites and within the caps;
    the best ready step (no prerequisite waiting) of each pitfall in `first` goes before all."""
    capacity = math.ceil(size / len(WINDOWS))
    ranked = sorted(steps.values(), key=lambda s: -s.priority)  # stable: ties keep catalogue order
    leads = [
        lead
        for pack_id in first
        if (lead := next((s for s in ranked if s.pack.id == pack_id and not s.after), None)) is not None
    ]
    ranked = leads + [s for s in ranked if s not in leads]
    window_of: dict[str, int] = {}
    placed: list[tuple[_Step, str]] = []
    backlog: list[_Step] = []
    per_window: Counter[int] = Counter()
    per_owner: Counter[tuple[int, str]] = Counter()
    per_pack_now: Counter[str] = Counter()
    per_pack: Counter[str] = Counter()
    waiting = list(ranked)
    while waiting:
        for step in waiting:
            if any(ref not in window_of and ref not in {b.id for b in backlog} for ref in step.after):
                continue  # its prerequisites are not placed yet
            waiting.remove(step)
            over_cap = per_pack[step.pack.id] >= PER_PACK_PLAN
            if any(ref in {b.id for b in backlog} for ref in step.after) or len(placed) >= size or over_cap:
                backlog.append(step)
                break
            earliest = max(
                [window_of[ref] + 1 for ref in step.after] + [1 if step.action.effort == "high" else 0]
            )
            latest = WINDOWS.index(step.action.when) if step.action.when else len(WINDOWS) - 1
            owner = step.action.owner
            for window in range(earliest, latest + 1):
                full = per_window[window] >= capacity or per_owner[(window, owner)] >= PER_OWNER_WINDOW
                if full or (window == 0 and per_pack_now[step.pack.id] >= PER_PACK_NOW):
                    continue
                window_of[step.id] = window
                per_window[window] += 1
                per_owner[(window, owner)] += 1
                per_pack_now[step.pack.id] += window == 0
                per_pack[step.pack.id] += 1
                placed.append((step, WINDOWS[window]))
                break
            else:
                backlog.append(step)
            break
        else:  # only steps waiting on each other are left; packs validate against cycles
            backlog.extend(waiting)
            break
    placed.sort(key=lambda item: WINDOWS.index(item[1]))  # stable: keeps the order they were placed in
    return placed, backlog


def _item(step: _Step, horizon: Any, in_plan: set[str]) -> ActionItem:
    action = step.action
    return ActionItem(
        id=step.id,
        pack=step.pack.id,
        pack_title=step.pack.title,
        question=step.question.id,
        question_text=step.question.text,
        title=action.title,
        text=action.text,
        owner=action.owner,
        effort=action.effort,
        impact=action.impact,
        priority=step.priority,
        horizon=horizon,
        after=[ref for ref in step.after if ref in in_plan],
    )


def practice(question: Any, score: float) -> str | None:
    """What the organisation does at this score, in the words of the answer it gave: the scale
    level or choice it sits on (a figure alone says little out of context)."""
    if question.type == "scale":
        level = score * (len(question.levels) - 1)
        if level == int(level):
            return str(question.levels[int(level)])
    if question.type == "choice":
        labels = [o.label for o in question.options if o.score == score]
        if len(labels) == 1:
            return str(labels[0])
    return None


def strengths(packs: Sequence[Pack], results: Sequence[PackResult]) -> list[Strength]:
    """What already works: packs at the measured stages, with their best-scoring practices."""
    found = []
    for pack, result in zip(packs, results, strict=True):
        if result.status != "healthy":
            continue
        strong = [
            (question, scored.score)
            for question, scored in zip(pack.questions, result.questions, strict=True)
            if scored.answered and scored.score is not None and scored.score >= STRENGTH_FROM
        ]
        described = [text for question, score in strong if (text := practice(question, score))]
        best = described or [question.text for question, _ in strong]
        found.append(
            Strength(
                pack=pack.id,
                title=pack.title,
                heading=pack.heading,
                score=result.score,
                stage=result.stage,
                practices=best,
            )
        )
    return sorted(found, key=lambda s: -(s.score or 0))


def find_out(packs: Sequence[Pack], results: Sequence[PackResult]) -> list[ActionItem]:
    """Questions nobody could answer become a task for the function that should know."""
    items = []
    for pack, result in zip(packs, results, strict=True):
        for question, scored in zip(pack.questions, result.questions, strict=True):
            if scored.unknown and not scored.answered:
                owner = question.owner_role or (
                    question.actions[0].owner if question.actions else FIND_OUT_OWNER
                )
                items.append(
                    ActionItem(
                        id=f"find-out.{pack.id}.{question.id}",
                        pack=pack.id,
                        pack_title=pack.title,
                        question=question.id,
                        question_text=question.text,
                        title="Find out: " + question.text,
                        text=f"Establish the answer, with its evidence, before the next assessment: "
                        f"{question.text}",
                        owner=owner,
                        effort="low",
                        impact="medium",
                        priority=0.0,
                        horizon="now",
                        kind="find-out",
                    )
                )
    return items


def plan(packs: Sequence[Pack], results: Sequence[PackResult], size: int = 15) -> Plan:
    """The plan for these results: at most `size` steps over 90 days, the rest in the backlog."""
    headline = focus(results)
    placed, waiting = schedule(candidates(packs, results), size, headline)
    in_plan = {step.id for step, _ in placed} | {step.id for step in waiting}
    return Plan(
        focus=headline,
        actions=[_item(step, horizon, in_plan) for step, horizon in placed],
        backlog=[_item(step, "backlog", in_plan) for step in waiting],
        strengths=strengths(packs, results),
        find_out=find_out(packs, results),
    )
