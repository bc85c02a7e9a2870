"""The Rich scorecard: overall score on top, one row a pack, the first actions below.

Built as a renderable so the CLI decides colour and width (a pipe or NO_COLOR gets plain text).
"""

from __future__ import annotations

from io import StringIO

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from cxcheck.model import PackResult, Result

STATUS_STYLE = {"healthy": "green", "at-risk": "yellow", "critical": "red", "unanswered": "dim"}
BAR_WIDTH = 10
TOP_ACTIONS = 5


def score_bar(score: float | None, width: int = BAR_WIDTH) -> Text:
    """A bar of eighth-blocks, so small differences still show at ten characters."""
    if score is None:
        return Text("·" * width, style="dim")
    eighths = round(score / 100 * width * 8)
    full, part = divmod(eighths, 8)
    bar = "█" * full + ("" if part == 0 else " ▏▎▍▌▋▊▉"[part])
    return Text(bar.ljust(width), style=STATUS_STYLE[_status(score)])


def _status(score: float) -> str:
    from cxcheck.scoring import status_for

    return status_for(score)


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def headline(result: Result) -> Text:
    text = Text()
    text.append("Overall ", style="bold")
    text.append(_score(result.score), style=f"bold {STATUS_STYLE[result.status]}")
    text.append(" / 100  ")
    text.append(result.status.upper(), style=f"bold reverse {STATUS_STYLE[result.status]}")
    if result.level:
        text.append(f"  maturity level {result.level} of 5")
    text.append(f"  ·  coverage {result.coverage:.0%} ({result.answered}/{result.asked})")
    return text


def _title(result: Result) -> Text:
    parts = [result.organisation or "Customer-experience scorecard"]
    if result.date:
        parts.append(str(result.date))
    parts.append(f"{result.respondents} respondent{'s' if result.respondents != 1 else ''}")
    parts.append(f"{result.profile} profile")
    return Text(" · ".join(parts), style="bold")


def _sort_key(pack: PackResult) -> tuple[bool, float]:
    return (pack.score is None, pack.score or 0.0)


def pack_table(result: Result) -> Table:
    table = Table(box=None, pad_edge=False, header_style="bold", expand=False)
    table.add_column("Pitfall", overflow="fold", ratio=1)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True, min_width=BAR_WIDTH)
    table.add_column("Status", no_wrap=True)
    table.add_column("Lvl", justify="right", no_wrap=True)
    table.add_column("Answered", justify="right", no_wrap=True)
    for pack in sorted(result.packs, key=_sort_key):
        status = Text(pack.status, style=STATUS_STYLE[pack.status])
        if pack.silo_signal:
            status.append(" ⚑", style="magenta")
        table.add_row(
            pack.title,
            _score(pack.score),
            score_bar(pack.score),
            status,
            str(pack.level or "—"),
            f"{pack.answered}/{pack.total}",
        )
    return table


def actions_block(result: Result, limit: int = TOP_ACTIONS) -> RenderableType:
    if not result.actions:
        return Text("No actions: every answered question scored full marks.", style="green")
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(ratio=1, overflow="fold")
    for number, action in enumerate(result.actions[:limit], start=1):
        detail = Text(action.text)
        where = f"{action.pack}/{action.question}"
        detail.append(
            f"\n{action.owner} · effort {action.effort} · impact {action.impact} · {where}", style="dim"
        )
        table.add_row(f"{number}.", Text(action.horizon, style="bold cyan"), detail)
    more = len(result.actions) - limit
    title = Text(f"Top actions ({len(result.actions)} in the plan)", style="bold")
    footer = (
        Text(f"… and {more} more: write them all with --plan plan.md", style="dim") if more > 0 else Text("")
    )
    return Group(title, table, footer)


def thresholds_block(result: Result) -> RenderableType | None:
    thresholds = result.thresholds
    if thresholds.fail_under is None and not thresholds.fail_pack:
        return None
    if thresholds.passed:
        return Text("✓ every threshold met", style="green")
    lines = Text("✗ thresholds not met:", style="bold red")
    for failure in thresholds.failures:
        lines.append(f"\n  {failure.target}: {_score(failure.actual)} < {failure.required:g}", style="red")
    return lines


def gaps_block(result: Result) -> RenderableType | None:
    if not result.knowledge_gaps:
        return None
    text = Text(f"Knowledge gaps ({len(result.knowledge_gaps)}): ", style="bold")
    text.append("answered 'unknown', itself a finding: ", style="dim")
    text.append("; ".join(f"{g.pack}/{g.question}" for g in result.knowledge_gaps))
    return text


def scorecard(result: Result) -> RenderableType:
    parts: list[RenderableType] = [
        _title(result),
        headline(result),
        Text(""),
        pack_table(result),
        Text(""),
    ]
    parts.append(actions_block(result))
    for block in (gaps_block(result), thresholds_block(result)):
        if block is not None:
            parts.extend([Text(""), block])
    return Group(*parts)


def render_text(result: Result, width: int = 100) -> str:
    """The scorecard as plain text, for --output and pipes."""
    buffer = StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False)
    console.print(scorecard(result))
    return buffer.getvalue()
