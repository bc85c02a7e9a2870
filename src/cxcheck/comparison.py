"""Two results compared: overall and per pack, before and after. Pure: no I/O, no printing.

A score "drops" when it fell by more than the allowed points, or was scored before and is not
now (an answer blanked out must not hide a regression from CI). A pack whose content version
changed between the two results asked different questions: its change is shown and marked,
never failed as a drop nor read as progress; nor is the overall's while any pack was revised.
"""

from __future__ import annotations

from cxcheck.errors import BadInput, Problem
from cxcheck.model import Comparison, Result, ScoreChange, Side, ThresholdFailure

OVERALL = "overall"


def _change(
    key: str,
    title: str,
    before: float | None,
    after: float | None,
    fail_on_drop: float | None,
    revised: str | None = None,
) -> ScoreChange:
    change = None if before is None or after is None else round(after - before, 1)
    state = "unscored" if change is None else "up" if change > 0 else "down" if change < 0 else "same"
    fell = before is not None and (after is None or round(before - after, 1) > (fail_on_drop or 0))
    return ScoreChange(
        id=key,
        title=title,
        before=before,
        after=after,
        change=change,
        state=state,
        dropped=fail_on_drop is not None and fell and revised is None,
        revised=revised,
    )


def _revision(before: int, after: int) -> str | None:
    return None if before == after else f"v{before} → v{after}"


def _side(result: Result) -> Side:
    return Side(
        organisation=result.organisation,
        date=str(result.date) if result.date else None,
        profile=result.profile,
        respondents=result.respondents,
        cxcheck_version=result.cxcheck_version,
    )


def mismatches(before: Result, after: Result) -> list[str]:
    """Why two results may not be one organisation's before and after: another organisation's
    result, or an "after" dated before the "before" (the files given the wrong way round)."""
    found = []
    names = [(r.organisation or "").strip() for r in (before, after)]
    if all(names) and names[0].casefold() != names[1].casefold():
        found.append(f"the results are of two organisations: {names[0]!r} before, {names[1]!r} after")
    if before.date and after.date and after.date < before.date:
        found.append(f"the result after is dated {after.date}, before the result before ({before.date})")
    return found


def compare(
    before: Result,
    after: Result,
    fail_on_drop: float | None = None,
    names: tuple[str, str] = ("", ""),
    *,
    refuse_mismatch: bool = False,
) -> Comparison:
    """Every pack of either result; packs only one of them has are listed, never failed.

    Results of two organisations, or in the wrong date order, are refused when `refuse_mismatch`
    (`cxcheck diff` without --allow-mismatch) and otherwise noted."""
    problems = mismatches(before, after)
    if problems and refuse_mismatch:
        raise BadInput(
            [
                Problem(
                    text,
                    file=names[1] or None,
                    expected="the same organisation, earlier result first; "
                    "--allow-mismatch compares them anyway",
                )
                for text in problems
            ]
        )
    old = {p.id: p for p in before.packs}
    new = {p.id: p for p in after.packs}
    if not old.keys() & new.keys():
        raise BadInput(
            Problem(
                "these results have no pack in common, so there is nothing to compare",
                file=names[1] or None,
                expected="results of the same packs",
                found=f"{len(old)} packs before, {len(new)} after, none shared",
            )
        )
    packs = []
    for pack_id, pack in new.items():
        if pack_id in old:
            revised = _revision(old[pack_id].version, pack.version)
            packs.append(_change(pack_id, pack.title, old[pack_id].score, pack.score, fail_on_drop, revised))
        else:
            packs.append(
                ScoreChange(
                    id=pack_id, title=pack.title, before=None, after=pack.score, change=None, state="added"
                )
            )
    packs += [
        ScoreChange(id=p.id, title=p.title, before=p.score, after=None, change=None, state="removed")
        for pack_id, p in old.items()
        if pack_id not in new
    ]
    # What fell most first, then what rose, then the unchanged; added and removed packs last.
    packs.sort(
        key=lambda c: (c.state in ("added", "removed"), c.change is None and not c.dropped, c.change or 0)
    )
    notes = list(problems)
    if before.profile != after.profile:
        notes.append(
            f"profiles differ ({before.profile} before, {after.profile} after): "
            "the scores rest on different questions"
        )
    if any(p.state in ("added", "removed") for p in packs):
        notes.append("the overall score covers different packs before and after")
    changed = [p for p in packs if p.revised]
    if changed:
        notes.append(
            f"{len(changed)} pack(s) asked different questions before and after (their version changed): "
            "their change, and the overall's, is shown but not read as progress or decline"
        )
    overall_revised = "some packs revised" if changed else None
    return Comparison(
        before=_side(before),
        after=_side(after),
        fail_on_drop=fail_on_drop,
        overall=_change(OVERALL, "Overall", before.score, after.score, fail_on_drop, overall_revised),
        packs=packs,
        notes=notes,
    )


def with_comparison(result: Result, comparison: Comparison) -> Result:
    """The result carrying its comparison, each drop a failed threshold, so `thresholds.passed`
    says what the exit code says."""
    drops = [
        ThresholdFailure(
            target=c.id,
            required=round(c.before - (comparison.fail_on_drop or 0), 1),
            actual=c.after,
            kind="drop",
        )
        for c in (comparison.overall, *comparison.packs)
        if c.dropped and c.before is not None
    ]
    failures = [*result.thresholds.failures, *drops]
    thresholds = result.thresholds.model_copy(update={"failures": failures, "passed": not failures})
    return result.model_copy(update={"comparison": comparison, "thresholds": thresholds})
