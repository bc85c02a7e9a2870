"""From a survey export to measured NPS, CSAT and CES: which column holds which question, what
each answer means, and the measures overall, by segment and between two waves.

Real exports carry answers as text ("10 - Extremely likely", "Very satisfied"), blanks and
"N/A", and name columns by the question asked. Anything that cannot be read as a score on the
question's scale is reported with its row and column, never skipped in silence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from cxcheck.errors import BadInput, Problem, describe_found
from cxcheck.io.export_table import Cell, Table, column_letter
from cxcheck.metrics import (
    CES_SCALE,
    CSAT_SCALE,
    NPS_SCALE,
    Change,
    Mean,
    NetPromoter,
    Scale,
    TopTwoBox,
    change,
    mean_score,
    net_promoter,
    top_two_box,
)

MEASURES = ("nps", "csat", "ces")
NAMES = {"nps": "NPS", "csat": "CSAT", "ces": "CES"}
DEFAULT_SCALES = {"nps": NPS_SCALE, "csat": CSAT_SCALE, "ces": CES_SCALE}
MAX_PROBLEMS = 20  # enough to see the pattern in a broken export, not a screen of the same line

# Header text that names each question, as survey tools word it.
HEADER_PATTERNS = {
    "nps": re.compile(r"recommend|\bnps\b|net promoter", re.IGNORECASE),
    "csat": re.compile(r"satisf|\bcsat\b", re.IGNORECASE),
    "ces": re.compile(r"\beffort|\bces\b|\beas(y|ier|ily)\b|\bdifficult", re.IGNORECASE),
}
ONE_TO_TEN = re.compile(r"\b1\s*(?:-|–|—|to)\s*10\b", re.IGNORECASE)

# Answers that are no answer: counted as blank, as the respondent meant.
NON_ANSWERS = {
    "n/a",
    "na",
    "not applicable",
    "don't know",
    "dont know",
    "do not know",
    "prefer not to say",
    "-",
    "—",
}

# Answer labels and the points they stand for, for the scale they belong to. The NPS anchors sit
# at the ends of whatever scale is in use.
LABELS: dict[tuple[str, Scale], dict[str, int]] = {
    ("csat", Scale(1, 5)): {
        "very dissatisfied": 1,
        "dissatisfied": 2,
        "neither satisfied nor dissatisfied": 3,
        "neutral": 3,
        "satisfied": 4,
        "very satisfied": 5,
    },
    ("ces", Scale(1, 7)): {
        "strongly disagree": 1,
        "disagree": 2,
        "somewhat disagree": 3,
        "neither agree nor disagree": 4,
        "somewhat agree": 5,
        "agree": 6,
        "strongly agree": 7,
        "very difficult": 1,
        "difficult": 2,
        "somewhat difficult": 3,
        "neither easy nor difficult": 4,
        "somewhat easy": 5,
        "easy": 6,
        "very easy": 7,
    },
}
LOW_ANCHORS = ("not at all likely", "very dissatisfied", "strongly disagree", "very difficult")
HIGH_ANCHORS = ("extremely likely", "very satisfied", "strongly agree", "very easy")
LEADING_NUMBER = re.compile(r"^(\d+)(?:[.,](\d+))?(?:\s*(?:-|–|—|:|=|\.|\))?\s*(.*))?$", re.DOTALL)


@dataclass(frozen=True)
class ColumnChoice:
    """Which column a measure is read from, on which scale, and whether cxcheck guessed it."""

    measure: str
    index: int  # 0-based
    header: str
    scale: Scale
    guessed: bool

    @property
    def letter(self) -> str:
        return column_letter(self.index + 1)

    def describe(self) -> str:
        how = f", guessed: --{self.measure} to choose another" if self.guessed else ""
        return f"{NAMES[self.measure]} from column {self.letter} {self.header!r} (scale {self.scale}{how})"


@dataclass(frozen=True)
class Measures:
    """The measures of one group of respondents (everyone, or one segment)."""

    label: str
    responses: int
    nps: NetPromoter | None = None
    csat: TopTwoBox | None = None
    ces: Mean | None = None
    blank: dict[str, int] = field(default_factory=dict)

    def get(self, measure: str) -> NetPromoter | TopTwoBox | Mean | None:
        return {"nps": self.nps, "csat": self.csat, "ces": self.ces}[measure]


@dataclass(frozen=True)
class SurveyMetrics:
    """One export measured: the columns used, everyone, and each segment of `by`."""

    file: str
    columns: list[ColumnChoice]
    overall: Measures
    by: str | None = None
    segments: list[Measures] = field(default_factory=list)


@dataclass(frozen=True)
class GroupChange:
    """One group's measures in two waves, measure by measure (only those both waves have)."""

    label: str
    changes: dict[str, Change]


@dataclass(frozen=True)
class WaveComparison:
    before: SurveyMetrics
    after: SurveyMetrics
    overall: GroupChange
    segments: list[GroupChange]


def shown(value: NetPromoter | TopTwoBox | Mean | None) -> str:
    """One measure as '+25 ± 8.1', '75% ± 4.2' or '5.50 ± 0.30', starred when the sample is small."""
    if value is None:
        return "—"
    star = "*" if value.small else ""
    if isinstance(value, NetPromoter):
        return f"{value.score:+.0f} ± {value.margin:.1f}{star}"
    if isinstance(value, TopTwoBox):
        return f"{value.score:.0f}% ± {value.margin:.1f}{star}"
    margin = "" if value.margin is None else f" ± {value.margin:.2f}"
    return f"{value.score:.2f}{margin}{star}"


def summary(metrics: SurveyMetrics) -> str:
    """Everyone's measures on one line, for evidence shown beside an answer:
    'NPS +10 ± 10.1 (n 242) · CSAT 68% ± 5.7 (n 260)'."""
    parts = []
    for name in MEASURES:
        value = metrics.overall.get(name)
        if value is not None:
            parts.append(f"{NAMES[name]} {shown(value)} (n {value.n})")
    return " · ".join(parts) or "no answers"


def parse_scale(text: str, option: str) -> Scale:
    """'1-10' as a scale, or BadInput naming the option."""
    match = re.fullmatch(r"\s*(\d+)\s*(?:-|–|to|\.\.)\s*(\d+)\s*", text)
    if not match or int(match[1]) >= int(match[2]) - 1:
        raise BadInput(Problem(f"{option}: not a scale", expected="LOW-HIGH such as 1-5", found=repr(text)))
    return Scale(int(match[1]), int(match[2]))


def find_column(table: Table, name: str, option: str) -> int:
    """A column named by its header text (case and spacing ignored), its letter or its number."""
    wanted = " ".join(name.split()).casefold()
    for index, header in enumerate(table.headers):
        if header.casefold() == wanted:
            return index
    if re.fullmatch(r"\d+", wanted) and 1 <= int(wanted) <= len(table.headers):
        return int(wanted) - 1
    if re.fullmatch(r"[a-z]{1,3}", wanted):
        for index in range(len(table.headers)):
            if column_letter(index + 1).casefold() == wanted:
                return index
    shown = ", ".join(f"{column_letter(i + 1)} {h!r}" for i, h in enumerate(table.headers) if h)
    raise BadInput(
        Problem(
            f"{option}: no such column",
            file=table.file,
            line=1,
            expected=f"a header, column letter or number: {shown}",
            found=repr(name),
        )
    )


def choose_columns(table: Table, given: dict[str, str], scales: dict[str, Scale]) -> list[ColumnChoice]:
    """The measures' columns: those given by name; with none given, each guessed from its
    header. A header that fits several measures, or a measure several headers fit, is refused:
    a wrong guess would give a wrong score without a word."""
    if given:
        return [
            ColumnChoice(
                m, find_column(table, given[m], f"--{m}"), "", scales.get(m, DEFAULT_SCALES[m]), False
            )
            for m in MEASURES
            if m in given
        ]
    fits = {m: [i for i, h in enumerate(table.headers) if HEADER_PATTERNS[m].search(h)] for m in MEASURES}
    problems = []
    for measure, columns in fits.items():
        if len(columns) > 1:
            shown = "; ".join(f"{column_letter(i + 1)} {table.headers[i]!r}" for i in columns)
            problems.append(
                Problem(
                    f"several columns look like {NAMES[measure]}: {shown}",
                    file=table.file,
                    line=1,
                    expected=f"one chosen with --{measure} (header, letter or number)",
                )
            )
    shared = {i for m in MEASURES for i in fits[m] if sum(i in fits[o] for o in MEASURES) > 1}
    for index in sorted(shared):
        both = " and ".join(NAMES[m] for m in MEASURES if index in fits[m])
        problems.append(
            Problem(
                f"column {column_letter(index + 1)} {table.headers[index]!r} looks like both {both}",
                file=table.file,
                line=1,
                column=index + 1,
                expected="--nps, --csat or --ces naming the columns",
            )
        )
    if problems:
        raise BadInput(problems)
    chosen = [
        ColumnChoice(m, fits[m][0], "", scales.get(m, DEFAULT_SCALES[m]), True) for m in MEASURES if fits[m]
    ]
    if not chosen:
        shown = ", ".join(f"{column_letter(i + 1)} {h!r}" for i, h in enumerate(table.headers) if h)
        raise BadInput(
            Problem(
                "no column looks like an NPS, CSAT or CES question",
                file=table.file,
                line=1,
                expected="--nps, --csat or --ces naming a column",
                found=shown or "no headers",
            )
        )
    return chosen


def _with_headers(table: Table, choices: list[ColumnChoice]) -> list[ColumnChoice]:
    return [ColumnChoice(c.measure, c.index, table.headers[c.index], c.scale, c.guessed) for c in choices]


class _Refused(Exception):
    """One cell that is not an answer on its scale: what was expected, and why."""

    def __init__(self, message: str, expected: str) -> None:
        super().__init__(message)
        self.message = message
        self.expected = expected


def _scale_hint(choice: ColumnChoice) -> str:
    if choice.measure == "nps" and choice.scale == NPS_SCALE:
        return (
            "NPS is asked on 0-10; for a 1-10 question give --nps-scale 1-10 (promoters 9-10, detractors 1-6)"
        )
    return (
        f"a whole number from {choice.scale.low} to {choice.scale.high} (--{choice.measure}-scale to change)"
    )


def answer_value(cell: Cell, choice: ColumnChoice) -> int | None:
    """A cell as a score on the column's scale; None when blank or a non-answer ("N/A").

    A leading whole number wins ("10 - Extremely likely" is 10); a label alone is read from the
    labels of the question's scale; an anchor that contradicts its number ("1 - Not at all
    likely" on 0-10) means the question used another scale, and is refused rather than shifted.
    """
    scale = choice.scale
    if cell is None:
        return None
    if isinstance(cell, float):
        if not cell.is_integer():
            raise _Refused("not a whole number", _scale_hint(choice))
        cell = int(cell)
    if isinstance(cell, int):
        number, label = cell, ""
    else:
        text = " ".join(cell.split())
        if not text or text.casefold() in NON_ANSWERS:
            return None
        match = LEADING_NUMBER.match(text)
        if match:
            if match[2] and int(match[2]) != 0:
                raise _Refused("not a whole number", _scale_hint(choice))
            number, label = int(match[1]), (match[3] or "").strip(" ()").casefold()
        else:
            label = text.casefold()
            number = _labelled(label, choice)
    if not scale.low <= number <= scale.high:
        raise _Refused(f"outside the scale {scale}", _scale_hint(choice))
    low_anchor, high_anchor = label.startswith(LOW_ANCHORS), label.startswith(HIGH_ANCHORS)
    if (low_anchor and number != scale.low) or (high_anchor and number != scale.high):
        end = "lowest" if low_anchor else "highest"
        raise _Refused(
            f"labels {number} as the {end} answer, so the question's scale is not {scale}",
            _scale_hint(choice),
        )
    return number


def _labelled(label: str, choice: ColumnChoice) -> int:
    scale = choice.scale
    if label.startswith(LOW_ANCHORS[0]) and choice.measure == "nps":
        return scale.low
    if label.startswith(HIGH_ANCHORS[0]) and choice.measure == "nps":
        return scale.high
    labels = LABELS.get((choice.measure, scale), {})
    if label in labels:
        return labels[label]
    known = ", ".join(repr(k) for k in list(labels)[:3])
    raise _Refused(
        "not a score",
        f"a number from {scale.low} to {scale.high}" + (f" or a label such as {known}" if known else ""),
    )


def measure(
    table: Table,
    given: dict[str, str] | None = None,
    scales: dict[str, Scale] | None = None,
    by: str | None = None,
) -> SurveyMetrics:
    """Every chosen measure over everyone and, with `by`, over each segment (sorted by name;
    blank segment values grouped as '(blank)'). Every unreadable answer is reported together."""
    scales = scales or {}
    for measure_name, scale in scales.items():
        if measure_name == "nps" and scale not in (NPS_SCALE, Scale(1, 10)):
            raise BadInput(
                Problem(
                    "--nps-scale: NPS is asked on 0-10 or 1-10", expected="0-10 or 1-10", found=str(scale)
                )
            )
    choices = _with_headers(table, choose_columns(table, given or {}, scales))
    problems = []
    for choice in choices:  # a header that says 1-10, unless the person said which scale it is
        if choice.measure == "nps" and "nps" not in scales and ONE_TO_TEN.search(choice.header):
            problems.append(
                Problem(
                    f"column {choice.letter} asks NPS on a 1-10 scale, not 0-10",
                    file=table.file,
                    line=1,
                    column=choice.index + 1,
                    expected="--nps-scale 1-10 to count it (promoters 9-10, detractors 1-6)",
                    found=repr(choice.header),
                )
            )
    by_index = find_column(table, by, "--by") if by else None
    values: dict[str, list[int | None]] = {c.measure: [] for c in choices}
    for row_index, row in enumerate(table.rows):
        for choice in choices:
            cell = row[choice.index] if choice.index < len(row) else None
            try:
                values[choice.measure].append(answer_value(cell, choice))
            except _Refused as exc:
                values[choice.measure].append(None)
                if len(problems) < MAX_PROBLEMS:
                    problems.append(
                        Problem(
                            f"{table.where(row_index, choice.index)}: "
                            f"{NAMES[choice.measure]} answer {exc.message}",
                            file=table.file,
                            line=table.lines[row_index],
                            column=choice.index + 1,
                            expected=exc.expected,
                            found=describe_found(cell),
                        )
                    )
    if problems:
        raise BadInput(problems)
    everyone = range(len(table.rows))
    overall = _measures("everyone", everyone, values, choices)
    segments = []
    if by_index is not None:
        groups: dict[str, list[int]] = {}
        for row_index, row in enumerate(table.rows):
            cell = row[by_index] if by_index < len(row) else None
            label = " ".join(str(cell).split()) if cell is not None else ""
            groups.setdefault(label or "(blank)", []).append(row_index)
        segments = [_measures(label, rows, values, choices) for label, rows in sorted(groups.items())]
    return SurveyMetrics(
        file=table.name,
        columns=choices,
        overall=overall,
        by=table.headers[by_index] if by_index is not None else None,
        segments=segments,
    )


def _natural(text: str) -> list[tuple[int, int | str]]:
    """A sort key that puts 'Q9' before 'Q10' and '2026-06' before '2026-09'."""
    return [
        (0, int(part)) if part.isdigit() else (1, part.casefold())
        for part in re.split(r"(\d+)", text)
        if part
    ]


def split_waves(table: Table, column: str) -> tuple[Table, Table]:
    """One export holding several waves, split by a column's values: the last two in natural
    order (Q9 before Q10), the latest change. A row without a wave is refused, not dropped."""
    index = find_column(table, column, "--wave")
    waves: dict[str, list[int]] = {}
    problems = []
    for row_index, row in enumerate(table.rows):
        cell = row[index] if index < len(row) else None
        value = " ".join(str(cell).split()) if cell is not None else ""
        if not value:
            problems.append(
                Problem(
                    f"{table.where(row_index, index)}: no wave",
                    file=table.file,
                    line=table.lines[row_index],
                    column=index + 1,
                    expected="the wave this answer belongs to",
                )
            )
        waves.setdefault(value, []).append(row_index)
    if problems:
        raise BadInput(problems[:MAX_PROBLEMS])
    if len(waves) < 2:
        raise BadInput(
            Problem(
                f"--wave: column {column_letter(index + 1)} holds one wave",
                file=table.file,
                expected="two values or more",
                found=", ".join(repr(v) for v in waves) or "no rows",
            )
        )
    before, after = sorted(waves, key=_natural)[-2:]
    header = table.headers[index]
    return (
        table.subset(waves[before], f"{table.file} ({header}: {before})"),
        table.subset(waves[after], f"{table.file} ({header}: {after})"),
    )


def _measures(
    label: str, rows: Sequence[int], values: dict[str, list[int | None]], choices: list[ColumnChoice]
) -> Measures:
    scores: dict[str, list[int]] = {}
    blank: dict[str, int] = {}
    for choice in choices:
        column = values[choice.measure]
        scores[choice.measure] = [v for v in (column[i] for i in rows) if v is not None]
        blank[choice.measure] = len(rows) - len(scores[choice.measure])
    scale = {c.measure: c.scale for c in choices}
    return Measures(
        label=label,
        responses=len(rows),
        nps=net_promoter(scores["nps"]) if "nps" in scores else None,
        csat=top_two_box(scores["csat"], scale["csat"]) if "csat" in scores else None,
        ces=mean_score(scores["ces"], scale["ces"]) if "ces" in scores else None,
        blank=blank,
    )


def _group_change(label: str, before: Measures, after: Measures) -> GroupChange:
    changes = {}
    for name in MEASURES:
        first, second = before.get(name), after.get(name)
        if first is not None and second is not None:
            changes[name] = change(first.score, first.margin, second.score, second.margin)
    return GroupChange(label, changes)


def compare_waves(before: SurveyMetrics, after: SurveyMetrics) -> WaveComparison:
    """Each measure's change from the first wave to the second, overall and for every segment
    both waves have."""
    problems = []
    scales_before = {c.measure: c.scale for c in before.columns}
    for choice in after.columns:
        if choice.measure in scales_before and scales_before[choice.measure] != choice.scale:
            problems.append(
                Problem(
                    f"{NAMES[choice.measure]} is on {scales_before[choice.measure]} in the first wave "
                    f"and {choice.scale} in the second: the two do not compare",
                    file=after.file,
                )
            )
    if problems:
        raise BadInput(problems)
    earlier = {s.label: s for s in before.segments}
    segments = [_group_change(s.label, earlier[s.label], s) for s in after.segments if s.label in earlier]
    return WaveComparison(before, after, _group_change("everyone", before.overall, after.overall), segments)
