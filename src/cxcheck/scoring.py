"""Packs + answers -> Result. Pure functions: no I/O, no printing.

The rules, and the reason for each, are in docs/scoring.md. In short:
- A question scores 0..1. Unknown and blank answers count 0 and lower how much is *known*;
  n/a leaves the question out. So withholding an answer can never raise a score.
- With several respondents an opinion is their mean; a fact (a number, or a choice marked
  `fact`) is its owning role's figure when that role took part, else the median. Figures two
  bands apart are reported as inconsistent, opinions two rungs apart as divided.
- A pack scores 100 x the weighted mean of its questions; the organisation, the pack-weighted
  mean of its packs. Each score sits on the ladder (cxcheck.ladder); a pack or overall with
  less than half its weight known is `insufficient`.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cxcheck.ladder import RUNGS, stage_for, status_for
from cxcheck.model import (
    NOT_APPLICABLE,
    UNKNOWN,
    Claim,
    Disagreement,
    EvidenceCheck,
    EvidenceResult,
    Figure,
    Given,
    InconsistentFigure,
    KnowledgeGap,
    NoteResult,
    Pack,
    PackResult,
    QuestionResult,
    RespondentInfo,
    Response,
    Result,
    StaleItem,
    ThresholdFailure,
    Thresholds,
)
from cxcheck.planning import plan

SILO_GAP = 25.0
DIVIDED_RUNGS = 2
NO_ROLE = "unspecified"
SILO_MIN_GROUP = 2
TOP_RUNG = RUNGS[3]  # stage 4 (Measured) and up: a claim that needs evidence behind it


@dataclass(frozen=True)
class Options:
    """How to read a workshop: what counts as a silo, and what may be shown about people."""

    one_per_role: bool = False
    anonymous: bool = False
    min_coverage: float | None = None
    plan_size: int = 15
    as_of: dt.date | None = None  # the day ages are measured from; None: today
    max_age_months: int = 12
    fail_stale: bool = False

    def cutoff(self) -> dt.date:
        """Answers and evidence dated before this day are stale."""
        return months_before(self.as_of or dt.date.today(), self.max_age_months)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (the month's last day when it is shorter)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    following = dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    return dt.date(year, month + 1, min(day.day, (following - dt.timedelta(days=1)).day))


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Mean of (value, weight) pairs; None when there is nothing to average."""
    total = weight_sum = 0.0
    for value, weight in pairs:
        total += value * weight
        weight_sum += weight
    return total / weight_sum if weight_sum else None


def _percent(fraction: float | None) -> float | None:
    return None if fraction is None else round(100 * fraction, 1)


def role_gap(by_role: Mapping[str, float], digits: int) -> float | None:
    """The highest role's score minus the lowest's: how far apart departments see the same thing."""
    if len(by_role) < 2:
        return None
    return round(max(by_role.values()) - min(by_role.values()), digits)


def rungs_apart(question: Any, low: float, high: float) -> bool:
    """Divided (or, for a fact, inconsistent): answers two of the question's own steps apart, or
    the two ends of a question that has only two."""
    rungs = question.possible_scores()
    distance = rungs.index(high) - rungs.index(low)
    return distance >= DIVIDED_RUNGS or (len(rungs) == 2 and distance == 1)


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


def _who(response: Response) -> str:
    return response.name or response.role or "someone"


@dataclass
class _Entry:
    """One respondent's answer to one question: None when unknown or blank."""

    response: Response
    given: Given | None
    score: float | None


def _entries(question: Any, taking_part: Sequence[tuple[Response, dict[str, Given]]]) -> list[_Entry]:
    entries = []
    for response, answers in taking_part:
        given = answers.get(question.id)
        value = given.value if given else None
        if value == NOT_APPLICABLE:
            continue
        score = None if value is None or value == UNKNOWN else question.score(value)
        entries.append(_Entry(response, given, score))
    return entries


def _combined(question: Any, entries: Sequence[_Entry]) -> tuple[float, str | None]:
    """The question's score over its entries (unknowns as 0) and, for a fact, whose figure it is.

    A fact's median is the lower middle figure when the count is even, so it is always a figure
    someone gave. Mean and median never rise when one entry falls to 0, so withholding cannot help."""
    if not question.is_fact() or len(entries) == 1:
        return statistics.fmean(e.score or 0.0 for e in entries), None
    owner = question.owner_role
    owned = [e for e in entries if owner and e.response.role == owner]
    chosen, source = (owned, owner) if owned else (list(entries), "median")
    return statistics.median_low(e.score or 0.0 for e in chosen), source


def _question_result(
    question: Any, taking_part: Sequence[tuple[Response, dict[str, Given]]], options: Options
) -> tuple[QuestionResult, list[_Entry]]:
    several = len(taking_part) > 1
    entries = _entries(question, taking_part)
    given = [g for _, answers in taking_part if (g := answers.get(question.id))]
    notes = [
        NoteResult(
            text=g.note,
            name=None if options.anonymous else r.name,
            role=None if options.anonymous else r.role,
        )
        for r, answers in taking_part
        if (g := answers.get(question.id)) and g.note
    ]
    scored = [e.score for e in entries if e.score is not None]
    score, figure_from = _combined(question, entries) if entries else (None, None)
    apart = several and len(scored) > 1 and rungs_apart(question, min(scored), max(scored))
    by_role: dict[str, list[float]] = defaultdict(list)
    if several and not question.is_fact():
        for entry in entries:
            by_role[entry.response.role or NO_ROLE].append(entry.score or 0.0)
    unknown = sum(1 for g in given if g.value == UNKNOWN)
    cutoff = options.cutoff()
    evidence = [
        EvidenceResult(
            link=e.link,
            file=e.file,
            metrics=e.metrics,
            measured=e.measured,
            date=e.date,
            by=None if options.anonymous else e.by,
            stale=e.date is not None and e.date < cutoff,
        )
        for e in dict.fromkeys(e for g in given for e in g.evidence)  # two people, one dashboard: once
    ]
    joined = "; ".join(
        f"{n.name or n.role or 'someone'}: {n.text}" if several and not options.anonymous else n.text
        for n in notes
    )
    return (
        QuestionResult(
            id=question.id,
            text=question.text,
            score=None if score is None else round(score, 4),
            answer=_tally(question, [g.value for g in given]),
            note=joined or None,
            notes=notes,
            answered=len(scored),
            unknown=unknown,
            not_applicable=sum(1 for g in given if g.value == NOT_APPLICABLE),
            known=round(len(scored) / len(entries), 4) if entries else 1.0,
            fact=question.is_fact(),
            figure_from=figure_from,
            spread=round(max(scored) - min(scored), 4) if several and scored else None,
            disagreement=apart and not question.is_fact(),
            inconsistent=apart and question.is_fact(),
            by_role={role: round(statistics.fmean(s), 4) for role, s in sorted(by_role.items())},
            evidence=evidence,
        ),
        entries,
    )


def _pack_result(
    pack: Pack, responses: Sequence[Response], options: Options
) -> tuple[PackResult, list[InconsistentFigure]]:
    taking_part = [(r, r.answers[pack.id]) for r in responses if pack.id in r.answers]
    if not taking_part:  # nobody answered the pack at all: every question is unknown, not n/a
        taking_part = [(Response(file=""), {})]
    results, figures = [], []
    for question in pack.questions:
        result, entries = _question_result(question, taking_part, options)
        results.append(result)
        if result.inconsistent:
            figures.append(_inconsistent(pack, question, result, entries, options))
    weights = {q.id: q.weight for q in pack.questions}
    counted = [r for r in results if r.score is not None]
    score = _percent(weighted_mean((r.score, weights[r.id]) for r in counted))  # type: ignore[misc]
    known = weighted_mean((r.known, weights[r.id]) for r in counted)
    known = 1.0 if known is None else round(known, 4)
    by_role = _by_role(results, weights)
    gap = role_gap(by_role, digits=1)
    silo: list[str] = []
    if gap is not None and gap >= SILO_GAP and _groups_large_enough(responses, by_role, options):
        silo = [max(by_role, key=by_role.__getitem__), min(by_role, key=by_role.__getitem__)]
    status = status_for(score, known)
    stage = None if status == "insufficient" or score is None else stage_for(score)
    return (
        PackResult(
            id=pack.id,
            title=pack.title,
            theme=pack.theme,
            weight=pack.weight,
            version=pack.version,
            summary=pack.summary,
            kpis=pack.kpis,
            score=score,
            status=status,
            level=stage.level if stage else None,
            stage=stage.name if stage else None,
            known=known,
            answered=sum(1 for r in results if r.answered or r.not_applicable),
            total=len(results),
            by_role=by_role,
            role_gap=gap,
            silo_signal=silo,
            questions=results,
        ),
        figures,
    )


def _by_role(results: Sequence[QuestionResult], weights: Mapping[str, float]) -> dict[str, float]:
    roles = sorted({role for r in results for role in r.by_role})
    by_role = {}
    for role in roles:
        role_score = weighted_mean((r.by_role[role], weights[r.id]) for r in results if role in r.by_role)
        if role_score is not None:
            by_role[role] = round(100 * role_score, 1)
    return by_role


def _groups_large_enough(
    responses: Sequence[Response], by_role: Mapping[str, float], options: Options
) -> bool:
    """A silo is a difference between departments, not between two people: unless the workshop
    says it is one person per role, both ends need at least two respondents."""
    if options.one_per_role:
        return True
    sizes = Counter(r.role or NO_ROLE for r in responses)
    high, low = max(by_role, key=by_role.__getitem__), min(by_role, key=by_role.__getitem__)
    return sizes[high] >= SILO_MIN_GROUP and sizes[low] >= SILO_MIN_GROUP


def _inconsistent(
    pack: Pack, question: Any, result: QuestionResult, entries: Sequence[_Entry], options: Options
) -> InconsistentFigure:
    figures = [
        Figure(
            who=(e.response.role or "someone") if options.anonymous else _who(e.response),
            answer=question.display(e.given.value),
        )
        for e in entries
        if e.given and e.score is not None
    ]
    if result.figure_from and result.figure_from != "median":
        used = f"the figure from {result.figure_from}, the function that owns it"
    else:
        used = "the median, as the function that owns it did not answer"
    return InconsistentFigure(
        pack=pack.id,
        pack_title=pack.title,
        question=question.id,
        text=question.text,
        figures=figures,
        used=used,
    )


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
    known: float,
    packs: Sequence[PackResult],
    fail_under: float | None,
    fail_pack: Mapping[str, float],
    min_coverage: float | None = None,
) -> Thresholds:
    """Compare scores with the required minimums. Scores already count unknowns as 0, so a gate
    can never be passed by withholding answers; an unscored target fails its threshold."""
    failures = []
    if fail_under is not None and (score is None or score < fail_under):
        failures.append(ThresholdFailure(target="overall", required=fail_under, actual=score))
    by_id = {p.id: p for p in packs}
    for pack_id, required in fail_pack.items():
        actual = by_id[pack_id].score
        if actual is None or actual < required:
            failures.append(ThresholdFailure(target=pack_id, required=required, actual=actual))
    if min_coverage is not None and 100 * known < min_coverage:
        failures.append(
            ThresholdFailure(
                target="overall", required=min_coverage, actual=round(100 * known, 1), kind="coverage"
            )
        )
    return Thresholds(
        passed=not failures,
        fail_under=fail_under,
        fail_pack=dict(fail_pack),
        min_coverage=min_coverage,
        failures=failures,
    )


def _roles(responses: Sequence[Response]) -> list[str]:
    """The roles given; with several respondents and only some roles, NO_ROLE too, as in by_role."""
    named = {r.role for r in responses if r.role}
    if named and len(responses) > 1 and any(not r.role for r in responses):
        named.add(NO_ROLE)
    return sorted(named)


def _knowledge_gaps(packs: Sequence[Pack], results: Sequence[PackResult]) -> list[KnowledgeGap]:
    owners = {(p.id, q.id): q.owner_role for p in packs for q in p.questions}
    return [
        KnowledgeGap(
            pack=p.id,
            question=q.id,
            text=q.text,
            respondents=q.unknown,
            answered=q.answered,
            owner_role=owners[(p.id, q.id)],
        )
        for p in results
        for q in p.questions
        if q.unknown
    ]


def _people_not_departments(results: Sequence[PackResult]) -> list[str]:
    """Say when role gaps were wide enough for a silo signal but rest on single people, and how
    to read them as departments if each person speaks for one."""
    wide = [r for r in results if r.role_gap is not None and r.role_gap >= SILO_GAP and not r.silo_signal]
    if not wide:
        return []
    return [
        f"{len(wide)} pitfall(s) have roles {SILO_GAP:g} points or more apart, but at one end a role "
        f"has fewer than {SILO_MIN_GROUP} respondents: a difference between people, not yet between "
        "departments, so no silo signal is raised. If each person speaks for their department, "
        "run with --one-per-role."
    ]


def measured_but_denied(results: Sequence[PackResult]) -> list[str]:
    """An answer at the lowest rung backed by a survey export that was measured: the data says
    something is being measured, the answer says nothing is. Worth checking, not overriding."""
    return [
        f"{pack.id}/{question.id} is answered '{question.answer}' (the lowest rung), yet its evidence "
        f"{item.metrics} measures {item.measured}: check the answer against the data."
        for pack in results
        for question in pack.questions
        if question.score == 0 and question.answered
        for item in question.evidence
        if item.metrics and item.measured and item.measured != "no answers"
    ]


def check_evidence(
    results: Sequence[PackResult], responses: Sequence[Response], options: Options
) -> EvidenceCheck:
    """Top-rung answers nobody backed with evidence, and answers files or evidence older than the
    allowed age: a claim of stage 4 or 5 ("measured", "self-correcting") is one a reviewer will
    ask to see, and a year-old answer describes a year-old organisation."""
    cutoff = options.cutoff()
    claims, stale = [], []
    evidenced = 0
    for pack in results:
        for question in pack.questions:
            evidenced += bool(question.evidence)
            if question.score is not None and question.score >= TOP_RUNG and not question.evidence:
                claims.append(
                    Claim(
                        pack=pack.id,
                        pack_title=pack.title,
                        question=question.id,
                        text=question.text,
                        answer=question.answer,
                        score=question.score,
                    )
                )
            stale += [
                StaleItem(
                    what="evidence",
                    where=f"{pack.id}/{question.id}",
                    date=e.date,
                    detail=e.link or e.file or e.metrics,
                )
                for e in question.evidence
                if e.stale and e.date is not None
            ]
    old_files = [
        StaleItem(
            what="answers", where=(r.role or "a respondent") if options.anonymous else r.file, date=r.date
        )
        for r in responses
        if isinstance(r.date, dt.date) and r.date < cutoff
    ]
    return EvidenceCheck(
        as_of=options.as_of or dt.date.today(),
        max_age_months=options.max_age_months,
        evidenced=evidenced,
        unevidenced=claims,
        stale=old_files + stale,
    )


QUICK_NOTE = (
    "quick profile: one key question per pitfall, so each status is indicative. On a generated "
    "population the quick status matched the full profile's for about four pitfalls in five "
    "(benchmarks/quick_vs_full.py); answer the full profile before acting on a single pitfall."
)


def assess(
    packs: Sequence[Pack],
    responses: Sequence[Response],
    profile: str = "full",
    fail_under: float | None = None,
    fail_pack: Mapping[str, float] | None = None,
    options: Options | None = None,
    notes: Sequence[str] = (),
) -> Result:
    """Score every selected pack for every respondent and plan the actions."""
    options = options or Options()
    scored = [_pack_result(p, responses, options) for p in packs]
    pack_results = [result for result, _ in scored]
    counted = [r for r in pack_results if r.score is not None]
    score = _percent(weighted_mean((r.score / 100, r.weight) for r in counted))  # type: ignore[operator]
    known = weighted_mean((r.known, r.weight) for r in counted)
    known = 1.0 if known is None else round(known, 4)
    status = status_for(score, known)
    stage = None if status == "insufficient" or score is None else stage_for(score)
    asked = sum(r.total for r in pack_results)
    answered = sum(r.answered for r in pack_results)
    dates = [r.date for r in responses if r.date]
    chosen = plan(packs, pack_results, size=options.plan_size)
    evidence = check_evidence(pack_results, responses, options)
    thresholds = check_thresholds(
        score, known, pack_results, fail_under, fail_pack or {}, options.min_coverage
    )
    if options.fail_stale and evidence.stale:
        stale = ThresholdFailure(
            target="overall", required=options.max_age_months, actual=len(evidence.stale), kind="stale"
        )
        thresholds = thresholds.model_copy(
            update={"passed": False, "failures": [*thresholds.failures, stale]}
        )
    return Result(
        organisation=next((r.organisation for r in responses if r.organisation), None),
        date=max(dates) if dates else None,
        profile=profile,
        respondents=len(responses),
        respondent_list=[
            RespondentInfo(role=r.role)
            if options.anonymous
            else RespondentInfo(name=r.name, role=r.role, file=r.file)
            for r in responses
        ],
        roles=_roles(responses),
        score=score,
        status=status,
        level=stage.level if stage else None,
        stage=stage.name if stage else None,
        known=known,
        coverage=round(answered / asked, 4) if asked else 0.0,
        answered=answered,
        asked=asked,
        packs=pack_results,
        actions=chosen.actions,
        backlog=chosen.backlog,
        find_out=chosen.find_out,
        strengths=chosen.strengths,
        focus=chosen.focus,
        disagreements=disagreements(pack_results),
        knowledge_gaps=_knowledge_gaps(packs, pack_results),
        inconsistent_figures=[f for _, figures in scored for f in figures],
        notes=[
            *notes,
            *_people_not_departments(pack_results),
            *([QUICK_NOTE] if profile == "quick" else []),
            *measured_but_denied(pack_results),
        ],
        anonymous=options.anonymous,
        one_per_role=options.one_per_role,
        thresholds=thresholds,
        evidence=evidence,
    )
