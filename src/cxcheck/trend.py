"""Saved results of one organisation over time, and the straight line through them. Pure: no I/O.

Rules:
- Points are ordered by the result's date (then by file name), so the order files are named in
  does not matter. A result without a date cannot be placed and is refused, as is a result of
  another organisation: a trend mixing two organisations would read one's score as the other's.
- A pack whose content version changed between two points asked different questions: the point
  is marked (`v1 → v2`) and the change counts only from there, never across it. The overall is
  marked likewise when any pack was revised, added or removed.
- The straight line (for targets) is the least-squares line through the points since the last
  revision; it is an extrapolation and every report says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from cxcheck.errors import BadInput, Problem
from cxcheck.model import Result
from cxcheck.model.history import OVERALL, Trend, TrendPoint, TrendSeries, TrendSource

OVERALL_REVISED = "packs changed"


def _same_organisation(named: Sequence[tuple[str, Result]]) -> None:
    """Refuse every result whose organisation differs from the first one's."""
    first_name, first = named[0]
    expected = first.organisation
    problems = [
        Problem(
            "this result is of another organisation, so it cannot join the trend",
            file=name,
            expected=f"results of {expected!r} (as in {first_name})" if expected else "no organisation",
            found=repr(result.organisation) if result.organisation else "no organisation",
        )
        for name, result in named[1:]
        if _key(result.organisation) != _key(expected)
    ]
    if problems:
        raise BadInput(problems)


def _key(organisation: str | None) -> str | None:
    return " ".join(organisation.casefold().split()) if organisation else None


def _dated(named: Sequence[tuple[str, Result]]) -> list[tuple[str, Result, dt.date]]:
    undated = [
        Problem(
            "this result has no date, so it cannot be placed in a trend",
            file=name,
            expected="a result whose answers carry a date (date: YYYY-MM-DD)",
        )
        for name, result in named
        if result.date is None
    ]
    if undated:
        raise BadInput(undated)
    return sorted(
        ((name, result, result.date) for name, result in named if result.date is not None),
        key=lambda item: (item[2], item[0]),
    )


def _since(points: Sequence[TrendPoint]) -> tuple[dt.date | None, float | None]:
    """The first point after the last revision, and the change from it to the last point."""
    present = [i for i, p in enumerate(points) if p.status is not None]
    if not present:
        return None, None
    start = max([i for i in present if points[i].revised] or [present[0]])
    first, last = points[start], points[present[-1]]
    if start == present[-1] or first.score is None or last.score is None:
        return first.date, None
    return first.date, round(last.score - first.score, 1)


def _series(series_id: str, title: str, theme: str | None, points: list[TrendPoint]) -> TrendSeries:
    since, change = _since(points)
    return TrendSeries(id=series_id, title=title, theme=theme, points=points, since=since, change=change)


def build_trend(named: Sequence[tuple[str, Result]]) -> Trend:
    """The trend of these results (each with the name it was read from), oldest first."""
    if not named:
        raise BadInput(
            Problem("no results to draw a trend from", expected="results saved with --format json")
        )
    _same_organisation(named)
    ordered = _dated(named)
    pack_ids: dict[str, tuple[str, str]] = {}
    for _, result, _ in reversed(ordered):  # the latest title and theme of each pack
        for pack in result.packs:
            pack_ids.setdefault(pack.id, (pack.title, pack.theme))
    last_order = [p.id for p in ordered[-1][1].packs]
    order = last_order + [p for p in pack_ids if p not in last_order]
    packs: list[TrendSeries] = []
    revised_at: set[int] = set()
    for pack_id in order:
        points: list[TrendPoint] = []
        version_before: int | None = None
        for index, (_, result, date) in enumerate(ordered):
            found = next((p for p in result.packs if p.id == pack_id), None)
            if found is None:
                points.append(TrendPoint(date=date, score=None, status=None))
                continue
            revised = None
            if version_before is not None and version_before != found.version:
                revised = f"v{version_before} → v{found.version}"
                revised_at.add(index)
            points.append(
                TrendPoint(
                    date=date, score=found.score, status=found.status, version=found.version, revised=revised
                )
            )
            version_before = found.version
        title, theme = pack_ids[pack_id]
        packs.append(_series(pack_id, title, theme, points))
    for index in range(1, len(ordered)):
        if {p.id for p in ordered[index][1].packs} != {p.id for p in ordered[index - 1][1].packs}:
            revised_at.add(index)
    overall = [
        TrendPoint(
            date=date,
            score=result.score,
            status=result.status,
            revised=OVERALL_REVISED if index in revised_at else None,
        )
        for index, (_, result, date) in enumerate(ordered)
    ]
    notes = []
    if revised_at:
        notes.append(
            "a marked point follows a change of questions (a pack's version, or which packs were "
            "assessed): changes are counted from there, never across it"
        )
    if len({result.profile for _, result, _ in ordered}) > 1:
        notes.append("the results mix the quick and full profiles: their scores rest on different questions")
    return Trend(
        organisation=ordered[-1][1].organisation,
        sources=[
            TrendSource(
                date=date,
                file=name,
                respondents=result.respondents,
                catalogue_version=result.catalogue_version,
            )
            for name, result, date in ordered
        ],
        overall=_series(OVERALL, "Overall", None, overall),
        packs=packs,
        notes=notes,
    )


def straight_line(series: TrendSeries, on: dt.date) -> tuple[float, str] | None:
    """The least-squares line through the series' scored points since its last revision, read
    on `on`, and which points it was drawn through; None with fewer than two dates to draw it."""
    since = series.since
    points = [
        p
        for p in series.points
        if p.score is not None and p.status is not None and (since is None or p.date >= since)
    ]
    if len({p.date for p in points}) < 2:
        return None
    xs = [(p.date - points[0].date).days for p in points]
    ys = [p.score for p in points if p.score is not None]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mean_x) ** 2 for x in xs
    )
    value = mean_y + slope * ((on - points[0].date).days - mean_x)
    basis = f"{len(points)} results from {points[0].date} to {points[-1].date}"
    return round(min(100.0, max(0.0, value)), 1), basis
