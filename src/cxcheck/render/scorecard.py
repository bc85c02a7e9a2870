"""The Rich scorecard: overall score on top, one row a pack, the first actions below.

With several roles it adds the roles x packs heatmap, the silo signals and the questions the room
is most divided on. Every cell shows its number, so it reads without colour (NO_COLOR, a pipe).

Built as a renderable so the CLI decides colour and width (a pipe or NO_COLOR gets plain text).
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from cxcheck import ladder, scoring
from cxcheck.model import PackResult, Result
from cxcheck.render import no_actions, plain
from cxcheck.terminal import SafeConsole

STATUS_STYLE = {"healthy": "green", "at-risk": "yellow", "critical": "red", "insufficient": "dim"}
HEAT_STYLE = {"healthy": "black on green", "at-risk": "black on yellow", "critical": "white on red"}
BAR_WIDTH = 10
TOP_ACTIONS = 5
TOP_DISAGREEMENTS = 8
ROLE_COLUMN_WIDTH = 12
PACK_COLUMN_MIN = 12
GAP_COLUMNS = 8
CLOSING_STEP_CHARACTERS = 120  # the gap and the flag, each with the space before it


def score_bar(score: float | None, width: int = BAR_WIDTH) -> Text:
    """A bar of eighth-blocks, so small differences still show at ten characters."""
    if score is None:
        return Text("·" * width, style="dim")
    eighths = round(score / 100 * width * 8)
    full, part = divmod(eighths, 8)
    bar = "█" * full + ("" if part == 0 else " ▏▎▍▌▋▊▉"[part])
    return Text(bar.ljust(width), style=STATUS_STYLE[ladder.status_for(score)])


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def headline(result: Result) -> Text:
    text = Text()
    text.append("Overall ", style="bold")
    text.append(_score(result.score), style=f"bold {STATUS_STYLE[result.status]}")
    text.append(" / 100  ")
    text.append(result.status.upper(), style=f"bold reverse {STATUS_STYLE[result.status]}")
    if result.stage:
        text.append(f"  stage {result.level} of 5: {result.stage}")
    text.append(f"  ·  {result.known:.0%} known  ·  {answer_tally(result)}")
    return text


def _title(result: Result) -> Text:
    parts = [result.organisation or "Customer-experience scorecard"]
    if result.date:
        parts.append(str(result.date))
    parts.append(f"{result.respondents} respondent{'s' if result.respondents != 1 else ''}")
    parts.append(f"{result.profile} profile")
    return Text(" · ".join(parts), style="bold")


def _sort_key(pack: PackResult) -> tuple[bool, float]:
    return (pack.status == "insufficient", pack.score or 0.0)


def not_applicable(pack: PackResult) -> bool:
    """A pack every respondent answered n/a throughout: not scored, and not 'insufficient'
    either, since nothing is missing."""
    return pack.score is None and all(
        q.not_applicable and not q.answered and not q.unknown for q in pack.questions
    )


def pack_table(result: Result) -> Table:
    table = Table(box=None, pad_edge=False, header_style="bold", expand=False)
    table.add_column("Pitfall", overflow="fold", ratio=1)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True, min_width=BAR_WIDTH)
    table.add_column("Status", no_wrap=True)
    table.add_column("Stage", no_wrap=True)
    table.add_column("Answered", justify="right", no_wrap=True)
    for pack in sorted(result.packs, key=_sort_key):
        status = Text(pack.status, style=STATUS_STYLE[pack.status])
        if not_applicable(pack):
            status = Text("n/a", style="dim")
        if pack.silo_signal:
            status.append(" ⚑", style="magenta")
        table.add_row(
            Text(pack.title),
            _score(pack.score),
            score_bar(pack.score),
            status,
            f"{pack.level} {pack.stage}" if pack.stage else "—",
            f"{pack.answered}/{pack.total}",
        )
    return table


class RoleHeatmap:
    """Roles x packs, each cell the role's pack score on its status colour; the gap column flags silos.

    Role columns share the width the console has, so the gap and the flag always show, even with
    many roles at 80 columns (long role names wrap in the header instead).
    """

    def __init__(self, result: Result) -> None:
        self.result = result

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        roles = self.result.roles
        needs = [min(ROLE_COLUMN_WIDTH, max(5, *map(len, role.split()))) for role in roles]
        spare = options.max_width - PACK_COLUMN_MIN - GAP_COLUMNS
        role_width = max(
            [5] + [c for c in range(5, ROLE_COLUMN_WIDTH + 1) if sum(min(n, c) + 1 for n in needs) <= spare]
        )
        table = Table(box=None, pad_edge=False, header_style="bold", expand=False, collapse_padding=True)
        table.add_column("Pitfall by role", overflow="fold", ratio=1, min_width=PACK_COLUMN_MIN)
        for role, need in zip(roles, needs, strict=True):
            table.add_column(Text(role, overflow="fold"), justify="right", width=min(need, role_width))
        table.add_column("Gap", justify="right", no_wrap=True, width=5)
        table.add_column("", no_wrap=True, style="bold magenta", width=1)
        for pack in sorted(self.result.packs, key=_sort_key):
            cells: list[RenderableType] = [Text(pack.title)]
            for role in roles:
                value = pack.by_role.get(role)
                style = HEAT_STYLE[ladder.status_for(value)] if value is not None else "dim"
                cells.append(Text(_score(value), style=style))
            cells += [Text(_score(pack.role_gap)), Text("⚑" if pack.silo_signal else "")]
            table.add_row(*cells)
        yield Text("Scores by role", style="bold")
        yield table
        apart = f"⚑ silo signal: roles {scoring.SILO_GAP:g} points or more apart on the same pitfall"
        yield Text(apart, style="dim")


def role_heatmap(result: Result) -> RenderableType | None:
    return RoleHeatmap(result) if len(result.roles) >= 2 else None


def silo_block(result: Result) -> RenderableType | None:
    silos = sorted((p for p in result.packs if p.silo_signal), key=lambda p: -(p.role_gap or 0))
    if not silos:
        return None
    title = Text(f"Silo signals ({len(silos)}): ", style="bold")
    title.append("departments that see the same pitfall very differently", style="dim")
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(no_wrap=True, style="bold magenta")
    table.add_column(ratio=1, overflow="fold")
    for pack in silos:
        high, low = pack.silo_signal
        line = Text(f"{pack.title}: ")
        line.append(f"{high} {_score(pack.by_role[high])}", style="green")
        line.append(" vs ")
        line.append(f"{low} {_score(pack.by_role[low])}", style="red")
        line.append(f" ({_score(pack.role_gap)} points apart)", style="dim")
        table.add_row("⚑", line)
    return Group(title, table)


def disagreement_block(result: Result, limit: int = TOP_DISAGREEMENTS) -> RenderableType | None:
    """The questions that split the room most, each with every role's score out of 100."""
    if result.respondents < 2:
        return None
    if not result.disagreements:
        rungs = scoring.DIVIDED_RUNGS
        return Text(f"Where you disagree: no opinion split the room by {rungs} rungs or more.", style="green")
    title = Text(f"Where you disagree ({len(result.disagreements)} divided questions)", style="bold")
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(ratio=1, overflow="fold")
    for number, item in enumerate(result.disagreements[:limit], start=1):
        detail = Text(item.text)
        detail.append(f"  spread {100 * item.spread:.0f}", style="bold magenta")
        roles = sorted(item.by_role.items(), key=lambda pair: -pair[1])
        detail.append(f"\n{item.pack}/{item.question}: ", style="dim")
        detail.append(" · ".join(f"{role} {100 * score:.0f}" for role, score in roles), style="dim")
        table.add_row(f"{number}.", detail)
    more = len(result.disagreements) - limit
    footer = Text(f"… and {more} more in the report and the plan", style="dim") if more > 0 else Text("")
    return Group(title, table, footer)


def actions_block(result: Result, limit: int = TOP_ACTIONS) -> RenderableType:
    if not result.actions:
        return Text(no_actions(result.known), style="green" if result.known else "yellow")
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(ratio=1, overflow="fold")
    for number, action in enumerate(result.actions[:limit], start=1):
        detail = Text(action.title or action.text)
        detail.append(
            f"\n{action.owner} · effort {action.effort} · impact {action.impact} · {action.pack_title}",
            style="dim",
        )
        table.add_row(f"{number}.", Text(action.horizon, style="bold cyan"), detail)
    more = len(result.actions) - limit
    steps = f"{len(result.actions)} step{'s' if len(result.actions) != 1 else ''}"
    title = Text(f"The 90-day plan starts with ({steps} in all)", style="bold")
    footer = (
        Text(f"… and {more} more: write them all with --plan plan.md", style="dim") if more > 0 else Text("")
    )
    return Group(title, table, footer)


def thresholds_block(result: Result) -> RenderableType | None:
    thresholds = result.thresholds
    if (
        thresholds.fail_under is None
        and not thresholds.fail_pack
        and thresholds.min_coverage is None
        and not thresholds.failures
    ):
        return None
    if thresholds.passed:
        return Text("✓ every threshold met", style="green")
    lines = Text("✗ thresholds not met:", style="bold red")
    for failure in thresholds.failures:
        lines.append(f"\n  {failure.describe()}", style="red")
    return lines


def gaps_block(result: Result) -> RenderableType | None:
    if not result.knowledge_gaps:
        return None
    text = Text(f"Knowledge gaps ({len(result.knowledge_gaps)}): ", style="bold")
    text.append("answered 'unknown', itself a finding: ", style="dim")
    text.append("; ".join(g.text for g in result.knowledge_gaps))
    return text


TOP_CLAIMS = 5


def evidence_block(result: Result, limit: int = TOP_CLAIMS) -> RenderableType | None:
    """What backs the answers: measured figures beside their question, top-rung answers without
    evidence, and answers or evidence too old to trust."""
    check = result.evidence
    if check is None:
        return None
    lines = Text("Evidence", style="bold")
    for pack in result.packs:
        for question in pack.questions:
            for item in question.evidence:
                answer = question.answer or ""
                answer = answer if len(answer) <= 40 else answer[:39] + "…"
                lines.append(f"\n  ✓ {pack.id}/{question.id} ({answer}): ", style="green")
                lines.append(plain(item.measured or item.link or item.file or item.metrics or ""))
                if item.measured and item.metrics:
                    lines.append(f" from {plain(item.metrics)}", style="dim")
                if item.date or item.by:
                    lines.append(
                        " · " + plain(" · ".join(str(x) for x in (item.date, item.by) if x)), style="dim"
                    )
    if check.unevidenced:
        lines.append(f"\n  ! {check.describe_unevidenced()}: ", style="yellow")
        lines.append(", ".join(f"{c.pack}/{c.question}" for c in check.unevidenced[:limit]))
        more = len(check.unevidenced) - limit
        if more > 0:
            lines.append(f" and {more} more (all in the report)", style="dim")
    if check.stale:
        lines.append(f"\n  ! {check.describe_stale()}: ", style="yellow")
        lines.append(plain(", ".join(f"{s.where} ({s.date})" for s in check.stale[:limit])))
    if not check.unevidenced and not check.stale and not check.evidenced:
        return None
    return lines


def answer_tally(result: Result) -> str:
    """The answers by kind, in the words the interview uses: answered, don't know, n/a, skipped
    (answers, not questions, in a workshop)."""
    questions = [q for pack in result.packs for q in pack.questions]
    answered = sum(q.answered for q in questions)
    unknown = sum(q.unknown for q in questions)
    not_applicable = sum(q.not_applicable for q in questions)
    skipped = max(0, result.respondents * len(questions) - answered - unknown - not_applicable)
    counts = {"answered": answered, "don't know": unknown, "n/a": not_applicable, "skipped": skipped}
    return " · ".join(f"{n} {kind}" for kind, n in counts.items() if n or kind == "answered")


def closing_summary(
    result: Result, written: list[tuple[str, str]], next_steps: list[tuple[str, str]]
) -> RenderableType:
    """The interview's last screen, made to fit 80×24 with the question that precedes it: the
    result, the first three steps, every file written and what to run next."""
    parts: list[RenderableType] = [_title(result), headline(result)]
    threshold = thresholds_block(result)
    if threshold is not None:
        parts.append(threshold)
    if result.actions:
        steps = Table(box=None, show_header=False, pad_edge=True)
        steps.add_column(justify="right", no_wrap=True, min_width=2)
        steps.add_column(ratio=1, overflow="fold")
        for number, action in enumerate(result.actions[:3], start=1):
            words = action.title or action.text
            if len(words) > CLOSING_STEP_CHARACTERS:  # two lines at 80 columns, at most
                words = words[: CLOSING_STEP_CHARACTERS - 1].rsplit(" ", 1)[0] + "…"
            line = Text(words)
            line.append(f" · {action.owner}", style="dim")
            steps.add_row(f"{number}.", line)
        parts += [Text(f"First steps ({len(result.actions)} in the 90-day plan)", style="bold"), steps]
    else:
        parts.append(actions_block(result))
    files = Table(box=None, show_header=False, pad_edge=True)
    files.add_column(style="dim", no_wrap=True)
    files.add_column(overflow="fold")
    for what, path in written:
        files.add_row(what, path)
    parts += [Text("Written", style="bold"), files, Text("Next", style="bold")]
    for command, why in next_steps:  # a shell comment says why, so the line pastes as it is
        parts.append(Text.assemble(" ", (command, "bold"), (f"  # {why}", "dim")))
    parts += [Text(f"note: {note}", style="yellow") for note in result.notes]
    return Group(*parts)


def scorecard(result: Result) -> RenderableType:
    parts: list[RenderableType] = [
        _title(result),
        headline(result),
        Text(""),
        pack_table(result),
        Text(""),
    ]
    for block in (role_heatmap(result), silo_block(result), disagreement_block(result)):
        if block is not None:
            parts.extend([block, Text("")])
    parts.append(actions_block(result))
    for block in (
        gaps_block(result),
        evidence_block(result),
        thresholds_block(result),
        targets_block(result),
        waivers_block(result),
        trend_block(result),
    ):
        if block is not None:
            parts.extend([Text(""), block])
    return Group(*parts)


def render(result: Result, *, template: Path | None = None, width: int = 100) -> str:
    """The scorecard as plain text, for --output and pipes."""
    buffer = StringIO()
    console = SafeConsole(file=buffer, width=width, color_system=None, force_terminal=False)
    console.print(scorecard(result))
    return buffer.getvalue()


TARGET_STYLE = {
    "met": "green",
    "on-track": "green",
    "off-track": "red",
    "missed": "red",
    "no-trend": "yellow",
}


def targets_block(result: Result) -> RenderableType | None:
    """Each target with its gap and state; the straight line is named as what it is."""
    if not result.targets:
        return None
    text = Text("Targets", style="bold")
    if result.if_plan_done is not None:
        text.append(f" (overall {result.if_plan_done:.1f} if the 90-day plan is done)", style="dim")
    for target in result.targets:
        text.append(f"\n  {target.describe()}", style=TARGET_STYLE[target.state])
    return text


def waivers_block(result: Result) -> RenderableType | None:
    """Waived items keep their score here, marked; expired waivers are listed as no longer applying."""
    if not result.waivers:
        return None
    text = Text("Waivers", style="bold")
    text.append(" (out of the gates and the plan while they apply)", style="dim")
    for waiver in result.waivers:
        score = "unscored" if waiver.score is None else f"{waiver.score:.1f}"
        style = "red" if waiver.expired else "yellow"
        text.append(f"\n  {waiver.subject} {score}: {waiver.describe()}", style=style)
    return text


def trend_block(result: Result) -> RenderableType | None:
    """With a history folder: the overall score over time, one mark a result (`cxcheck trend`
    shows every pack)."""
    if result.trend is None:
        return None
    from cxcheck.render.trend import change_text, sparkline

    trend = result.trend
    text = Text(f"Over time ({len(trend.sources)} results from {trend.sources[0].date}): ", style="bold")
    text.append(f"overall {sparkline(trend.overall)} {change_text(trend.overall, trend.sources[0].date)}")
    text.append("  (cxcheck trend shows every pack)", style="dim")
    return text
