"""The standard customer-experience measures, computed from scores: pure functions, no I/O.

Each function states its formula and why it was chosen; docs/metrics.md says the same for
readers of the reports. Margins of error are 95% half-widths from the normal approximation
(the Wald interval), the figure survey tools and textbooks quote, so a person can check them
by hand; below `SMALL_SAMPLE` answers they are marked as rough.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

Z95 = 1.959963984540054  # the standard normal quantile for a two-sided 95% interval
SMALL_SAMPLE = 30  # below this, the normal approximation behind a margin is rough


@dataclass(frozen=True)
class Scale:
    """The lowest and highest answer a question allows, both whole numbers."""

    low: int
    high: int

    def __str__(self) -> str:
        return f"{self.low}-{self.high}"


NPS_SCALE = Scale(0, 10)
CSAT_SCALE = Scale(1, 5)
CES_SCALE = Scale(1, 7)


@dataclass(frozen=True)
class Sample:
    """What every measure shares: how many answers it rests on."""

    n: int

    @property
    def small(self) -> bool:
        """Too few answers for the margin of error to be trusted (flagged in every report)."""
        return self.n < SMALL_SAMPLE


@dataclass(frozen=True)
class NetPromoter(Sample):
    """Net Promoter Score: promoters' share less detractors' share, in points from -100 to 100."""

    promoters: int
    passives: int
    detractors: int
    score: float
    margin: float


@dataclass(frozen=True)
class TopTwoBox(Sample):
    """CSAT: the share (0..100) of answers in the top two points of the scale."""

    top: int
    score: float
    margin: float
    scale: Scale


@dataclass(frozen=True)
class Mean(Sample):
    """CES: the mean answer on its scale; no margin from a single answer."""

    score: float
    margin: float | None
    scale: Scale


@dataclass(frozen=True)
class Change:
    """One measure in two waves: the change, its margin, and whether it is larger than that margin."""

    before: float
    after: float
    change: float
    margin: float | None

    @property
    def beyond_margin(self) -> bool:
        return self.margin is not None and abs(self.change) > self.margin


def net_promoter(scores: Sequence[int]) -> NetPromoter | None:
    """NPS = 100 × (promoters − detractors) / n, promoters answering 9–10, detractors 0–6.

    Margin: each answer is +1 (promoter), 0 (passive) or −1 (detractor), and NPS is 100 × their
    mean; the variance of that mean is (p + d − (p − d)²) / n for shares p and d, so the 95%
    margin is 100 × 1.96 × √((p + d − (p − d)²) / n). This is the formula to check by hand;
    when every answer is alike it is 0, which says nothing certain about a small sample (hence
    `small`). The 9/6 cut-offs hold for the 1–10 variant too: rounding 1..10 stretched onto
    0..10 keeps every answer on the same side of them. None without answers.
    """
    n = len(scores)
    if n == 0:
        return None
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    p, d = promoters / n, detractors / n
    variance = max(p + d - (p - d) ** 2, 0.0)  # never below 0 by rounding
    return NetPromoter(
        n=n,
        promoters=promoters,
        passives=n - promoters - detractors,
        detractors=detractors,
        score=100 * (p - d),
        margin=100 * Z95 * math.sqrt(variance / n),
    )


def top_two_box(scores: Sequence[int], scale: Scale = CSAT_SCALE) -> TopTwoBox | None:
    """CSAT = 100 × answers in the top two points / n (4–5 on 1–5): the share of satisfied
    customers, the usual reading of a satisfaction question, which a mean would blur.

    Margin: a proportion's, 100 × 1.96 × √(s(1 − s) / n) for the share s. None without answers.
    """
    n = len(scores)
    if n == 0:
        return None
    top = sum(1 for s in scores if s >= scale.high - 1)
    share = top / n
    return TopTwoBox(
        n=n, top=top, score=100 * share, margin=100 * Z95 * math.sqrt(share * (1 - share) / n), scale=scale
    )


def mean_score(scores: Sequence[int], scale: Scale = CES_SCALE) -> Mean | None:
    """CES = the mean answer (1–7, higher = easier, as the CES 2.0 agreement scale asks it).

    Margin: 1.96 × s / √n with s the sample standard deviation (n − 1 in its denominator, the
    unbiased estimate); none from one answer, since one answer has no spread to measure.
    None without answers.
    """
    n = len(scores)
    if n == 0:
        return None
    mean = sum(scores) / n
    if n < 2:
        return Mean(n=n, score=mean, margin=None, scale=scale)
    variance = sum((s - mean) ** 2 for s in scores) / (n - 1)
    return Mean(n=n, score=mean, margin=Z95 * math.sqrt(variance / n), scale=scale)


def change(before: float, before_margin: float | None, after: float, after_margin: float | None) -> Change:
    """The change from one wave to the next, and the margin of that change.

    Two waves are independent samples, so the variances of their estimates add: the margin of
    the difference is √(m₁² + m₂²), larger than either margin (and smaller than their sum, the
    over-cautious rule of thumb). A change beyond it is unlikely to be sampling noise alone, at
    the 95% level. No margin when either wave has none.
    """
    margin = None
    if before_margin is not None and after_margin is not None:
        margin = math.hypot(before_margin, after_margin)
    return Change(before=before, after=after, change=after - before, margin=margin)
