"""Packs + answers -> Result. Pure functions: no I/O, no printing.

Question score s is in 0..1. A pack scores 100 x the weighted mean of its scored questions; the
organisation, the pack-weighted mean of its scored packs. Unknown and n/a answers are left out
of every mean; unknown ones are reported as knowledge gaps.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from cxcheck.model import (
    NOT_APPLICABLE,
    UNKNOWN,
    ActionItem,
    Disagreement,
    Given,
    KnowledgeGap,
    NoteResult,
    Pack,
    PackResult,
    QuestionResult,
    RespondentInfo,
    Response,
    Result,
    ThresholdFailure,
    Thresholds,
)

HEALTHY, AT_RISK = 75.0, 50.0
DISAGREEMENT_SPREAD = 0.5
SILO_GAP = 25.0
NO_ROLE = "unspecified"
IMPACT_FACTOR = {"low": 1.0, "medium": 2.0, "high": 3.0}
EFFORT_FACTOR = {"low": 1.0, "medium": 1.5, "high": 2.0}
NOW_CAPACITY, NEXT_CAPACITY = 8, 12


def status_for(score: float | None) -> str:
    if score is None:
        return "unanswered"
    if score >= HEALTHY:
        return "healthy"
    return "at-risk" if score >= AT_RISK else "critical"


def level_for(score: float | None) -> int | None:
    """Maturity 1-5: one level for every 20 points."""
    if score is None:
        return None
    return 1 + min(4, int(score // 20))


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Mean of (value, weight) pairs; None when there is nothing to average."""
    total = weight_sum = 0.0
    for value, weight in pairs:
        total += value * weight
        weight_sum += weight
    return total / weight_sum if weight_sum else None


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _percent(fraction: float | None) -> float | None:
    return None if fraction is None else round(100 * fraction, 1)


def action_priority(
    gap: float, question_weight: float, pack_weight: float, impact: str, effort: str
) -> float:
    """Bigger gaps in weightier questions first; high impact raises, high effort lowers."""
    raw = 100 * gap * question_weight * pack_weight * IMPACT_FACTOR[impact] / EFFORT_FACTOR[effort]
    return round(raw, 1)


def assign_horizons(efforts: Sequence[str]) -> list[str]:
    """Horizons for actions already ranked by priority, filling each window to a team's capacity.

    The first NOW_CAPACITY actions that can start at once (not high effort) go in the next 30
    days, the following NEXT_CAPACITY in the 60-day window, the rest within 90 days: a plan a
    team can carry out, rather than every action marked urgent.
    """
    horizons, now, next_ = [], 0, 0
    for effort in efforts:
        if effort != "high" and now < NOW_CAPACITY:
            horizons.append("now")
            now += 1
        elif next_ < NEXT_CAPACITY:
            horizons.append("next")
            next_ += 1
        else:
            horizons.append("later")
    return horizons


def role_gap(by_role: Mapping[str, float], digits: int) -> float | None:
    """The highest role's score minus the lowest's: how far apart departments see the same thing."""
    if len(by_role) < 2:
        return None
    return round(max(by_role.values()) - min(by_role.values()), digits)


def _tally(question: Any, values: list[Any]) -> str | None:
    if not values:
        return None
    if len(values) == 1:
        return _shown(question, values[0])
    shown: Counter[str] = Counter()
    for value, count in Counter(values).items():  # display each distinct value once, not per respondent
        shown[_shown(question, value)] += count
    return ", ".join(text if count == 1 else f"{text} ×{count}" for text, count in shown.most_common())


def _shown(question: Any, value: Any) -> str:
    return value if value in (UNKNOWN, NOT_APPLICABLE) else question.display(value)


def _who(note: NoteResult) -> str:
    return note.name or note.role or "someone"


def _question_result(
    question: Any, answered: Sequence[tuple[Response, dict[str, Given]]], several: bool
) -> QuestionResult:
    """One question over every respondent who answered its pack: `answered` pairs each with its answers."""
    scores: list[float] = []
    role_scores: dict[str, list[float]] = defaultdict(list)
    values: list[Any] = []
    notes: list[NoteResult] = []
    unknown = not_applicable = 0
    score_of: dict[Any, float] = {}  # a question takes few distinct values; score each once
    for response, answers in answered:
        given = answers.get(question.id)
        if given is None:
            continue
        value = given.value
        values.append(value)
        if given.note:
            notes.append(NoteResult(text=given.note, name=response.name, role=response.role))
        if value == UNKNOWN:
            unknown += 1
        elif value == NOT_APPLICABLE:
            not_applicable += 1
        else:
            score = score_of.get(value)
            if score is None:
                score = score_of[value] = question.score(value)
            scores.append(score)
            role_scores[response.role or NO_ROLE].append(score)
    spread = max(scores) - min(scores) if several and scores else None
    mean = _mean(scores)
    joined = "; ".join(f"{_who(n)}: {n.text}" if several else n.text for n in notes)
    return QuestionResult(
        id=question.id,
        text=question.text,
        score=None if mean is None else round(mean, 4),
        answer=_tally(question, values),
        note=joined or None,
        notes=notes,
        answered=len(scores),
        unknown=unknown,
        not_applicable=not_applicable,
        spread=None if spread is None else round(spread, 4),
        disagreement=spread is not None and spread >= DISAGREEMENT_SPREAD,
        by_role={role: round(_mean(s) or 0.0, 4) for role, s in sorted(role_scores.items())}
        if several
        else {},
    )


def _pack_result(pack: Pack, responses: Sequence[Response], several: bool) -> PackResult:
    taking_part = [(r, answers) for r in responses if (answers := r.answers.get(pack.id))]
    questions = [_question_result(q, taking_part, several) for q in pack.questions]
    weights = {q.id: q.weight for q in pack.questions}
    score = _percent(weighted_mean((r.score, weights[r.id]) for r in questions if r.score is not None))
    roles = sorted({role for r in questions for role in r.by_role})
    by_role: dict[str, float] = {}
    for role in roles:
        role_score = weighted_mean((r.by_role[role], weights[r.id]) for r in questions if role in r.by_role)
        if role_score is not None:
            by_role[role] = round(100 * role_score, 1)
    gap = role_gap(by_role, digits=1)
    silo: list[str] = []
    if gap is not None and gap >= SILO_GAP:
        silo = [max(by_role, key=by_role.__getitem__), min(by_role, key=by_role.__getitem__)]
    answered = sum(1 for r in questions if r.answered or r.not_applicable)
    return PackResult(
        id=pack.id,
        title=pack.title,
        theme=pack.theme,
        weight=pack.weight,
        score=score,
        status=status_for(score),
        level=level_for(score),
        answered=answered,
        total=len(questions),
        by_role=by_role,
        role_gap=gap,
        silo_signal=silo,
        questions=questions,
    )


def _actions(packs: Sequence[Pack], results: Sequence[PackResult]) -> list[ActionItem]:
    ranked = []
    for pack, pack_result in zip(packs, results, strict=True):
        for question, question_result in zip(pack.questions, pack_result.questions, strict=True):
            if question_result.score is None or question_result.score >= 1:
                continue
            gap = 1 - question_result.score
            for action in question.actions:
                priority = action_priority(gap, question.weight, pack.weight, action.impact, action.effort)
                ranked.append((priority, pack, question, action))
    # sorted() is stable, so equal priorities keep the catalogue's order
    ranked.sort(key=lambda item: -item[0])
    horizons = assign_horizons([action.effort for _, _, _, action in ranked])
    return [
        ActionItem(
            pack=pack.id,
            question=question.id,
            question_text=question.text,
            text=action.text,
            owner=action.owner,
            effort=action.effort,
            impact=action.impact,
            priority=priority,
            horizon=horizon,
        )
        for (priority, pack, question, action), horizon in zip(ranked, horizons, strict=True)
    ]


def disagreements(results: Sequence[PackResult]) -> list[Disagreement]:
    """Every divided question, the widest spread first and, among equals, the widest gap between roles:
    a split between departments says more than a split inside one."""
    found = []
    for pack in results:
        for question in pack.questions:
            if not question.disagreement or question.spread is None:
                continue
            found.append(
                Disagreement(
                    pack=pack.id,
                    pack_title=pack.title,
                    question=question.id,
                    text=question.text,
                    score=question.score,
                    answer=question.answer,
                    spread=question.spread,
                    role_gap=role_gap(question.by_role, digits=4),
                    by_role=question.by_role,
                )
            )
    found.sort(key=lambda d: (-d.spread, -(d.role_gap or 0.0)))
    return found


def check_thresholds(
    score: float | None,
    packs: Sequence[PackResult],
    fail_under: float | None,
    fail_pack: Mapping[str, float],
) -> Thresholds:
    """Compare scores with the required minimums; an unscored target fails its threshold."""
    failures = []
    if fail_under is not None and (score is None or score < fail_under):
        failures.append(ThresholdFailure(target="overall", required=fail_under, actual=score))
    by_id = {p.id: p for p in packs}
    for pack_id, required in fail_pack.items():
        actual = by_id[pack_id].score
        if actual is None or actual < required:
            failures.append(ThresholdFailure(target=pack_id, required=required, actual=actual))
    return Thresholds(
        passed=not failures, fail_under=fail_under, fail_pack=dict(fail_pack), failures=failures
    )


def _roles(responses: Sequence[Response]) -> list[str]:
    """The roles given; with several respondents and only some roles, NO_ROLE too, as in by_role."""
    named = {r.role for r in responses if r.role}
    if named and len(responses) > 1 and any(not r.role for r in responses):
        named.add(NO_ROLE)
    return sorted(named)


def assess(
    packs: Sequence[Pack],
    responses: Sequence[Response],
    profile: str = "full",
    fail_under: float | None = None,
    fail_pack: Mapping[str, float] | None = None,
) -> Result:
    """Score every selected pack for every respondent and rank the actions."""
    several = len(responses) > 1
    pack_results = [_pack_result(p, responses, several) for p in packs]
    score = _percent(weighted_mean((r.score / 100, r.weight) for r in pack_results if r.score is not None))
    asked = sum(r.total for r in pack_results)
    answered = sum(r.answered for r in pack_results)
    gaps = [
        KnowledgeGap(pack=p.id, question=q.id, text=q.text, respondents=q.unknown)
        for p in pack_results
        for q in p.questions
        if q.unknown
    ]
    dates = [r.date for r in responses if r.date]
    return Result(
        organisation=next((r.organisation for r in responses if r.organisation), None),
        date=max(dates) if dates else None,
        profile=profile,
        respondents=len(responses),
        respondent_list=[RespondentInfo(name=r.name, role=r.role, file=r.file) for r in responses],
        roles=_roles(responses),
        score=score,
        status=status_for(score),
        level=level_for(score),
        coverage=round(answered / asked, 4) if asked else 0.0,
        answered=answered,
        asked=asked,
        packs=pack_results,
        actions=_actions(packs, pack_results),
        disagreements=disagreements(pack_results),
        knowledge_gaps=gaps,
        thresholds=check_thresholds(score, pack_results, fail_under, fail_pack or {}),
    )
