"""Waivers: a pack or question set aside from gates and the plan until a date. Pure: no I/O.

Rules:
- A waiver applies up to and including its `until` date; from the day after it is expired,
  applies no more, and is listed as expired (a failure with --fail-expired-waivers).
- A waived item keeps its score in every report, marked with the waiver; it leaves the gates
  (--fail-under and --fail-pack are judged as if it were not applicable) and the plan.
- A waiver naming a pack or question the catalogue does not have is bad input, so a typo can
  never waive nothing while looking like it waives something.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from cxcheck.errors import BadInput, Problem
from cxcheck.model import Pack, Result, ThresholdFailure, Waiver, WaiverStatus

# Where the settings file wrote the waiver at this index: (file, line), for error messages.
Locate = Callable[[int, str], tuple[str | None, int | None]]


def check_known(waivers: Sequence[Waiver], catalogue: Sequence[Pack], locate: Locate) -> None:
    """Every waiver names a pack of the catalogue and, if it names one, a question of that pack."""
    packs = {p.id: p for p in catalogue}
    problems = []
    for index, waiver in enumerate(waivers):
        pack = packs.get(waiver.pack)
        if pack is None:
            file, line = locate(index, "pack")
            problems.append(
                Problem(
                    f"waivers[{index}]: unknown pack {waiver.pack!r}",
                    file,
                    line,
                    expected="the id of a pack being assessed: " + ", ".join(sorted(packs)),
                )
            )
        elif waiver.question is not None and pack.question(waiver.question) is None:
            file, line = locate(index, "question")
            problems.append(
                Problem(
                    f"waivers[{index}]: pack {pack.id!r} has no question {waiver.question!r}",
                    file,
                    line,
                    expected="one of " + ", ".join(q.id for q in pack.questions),
                )
            )
    if problems:
        raise BadInput(problems)


def statuses(waivers: Sequence[Waiver], today: dt.date) -> list[WaiverStatus]:
    """Each waiver as of `today`: active up to and including its `until` date."""
    return [
        WaiverStatus(
            pack=w.pack,
            question=w.question,
            reason=w.reason,
            owner=w.owner,
            until=w.until,
            expired=w.until < today,
        )
        for w in waivers
    ]


def without_waived(packs: Sequence[Pack], waivers: Sequence[WaiverStatus]) -> list[Pack]:
    """The packs as gates and the plan see them: waived packs and questions left out."""
    active = [w for w in waivers if not w.expired]
    whole = {w.pack for w in active if w.question is None}
    questions = {(w.pack, w.question) for w in active if w.question is not None}
    kept = []
    for pack in packs:
        if pack.id in whole:
            continue
        remaining = [q for q in pack.questions if (pack.id, q.id) not in questions]
        if len(remaining) == len(pack.questions):
            kept.append(pack)
        elif remaining:
            kept.append(pack.model_copy(update={"questions": remaining}))
    return kept


def with_waivers(raw: Result, gated: Result, waivers: Sequence[WaiverStatus], fail_expired: bool) -> Result:
    """The raw result (every score kept) with the plan and gates of the result scored without
    the waived items, each waiver carrying the score it hides from the gates."""
    packs = {p.id: p for p in raw.packs}
    shown = []
    for waiver in waivers:
        pack = packs.get(waiver.pack)
        score, title = (pack.score, pack.title) if pack else (None, None)
        if pack and waiver.question:
            question = next((q for q in pack.questions if q.id == waiver.question), None)
            score = None if question is None or question.score is None else round(100 * question.score, 1)
            title = f"{pack.title}: {question.text}" if question else title
        shown.append(waiver.model_copy(update={"score": score, "title": title}))
    failures = list(gated.thresholds.failures)
    if fail_expired:
        failures += [
            ThresholdFailure(
                target=w.subject, required=0, actual=w.score, kind="waiver", by=w.until, why=w.reason
            )
            for w in shown
            if w.expired
        ]
    thresholds = gated.thresholds.model_copy(
        update={"failures": failures, "passed": not failures, "fail_pack": raw.thresholds.fail_pack}
    )
    return raw.model_copy(
        update={
            "actions": gated.actions,
            "backlog": gated.backlog,
            "find_out": gated.find_out,
            "thresholds": thresholds,
            "waivers": shown,
        }
    )


def without_waived_drops(result: Result) -> Result:
    """A waived pack's fall since the baseline is shown but not failed: it left the gates."""
    waived = {w.pack for w in result.waivers if not w.expired and w.question is None}
    comparison = result.comparison
    if comparison is None or not waived:
        return result
    packs = [c.model_copy(update={"dropped": False}) if c.id in waived else c for c in comparison.packs]
    failures = [f for f in result.thresholds.failures if not (f.kind == "drop" and f.target in waived)]
    thresholds = result.thresholds.model_copy(update={"failures": failures, "passed": not failures})
    return result.model_copy(
        update={"comparison": comparison.model_copy(update={"packs": packs}), "thresholds": thresholds}
    )
