"""A comparison of two results as a Rich table, Markdown (through `templates/diff.md.j2`) or JSON.

Rich and Jinja2 are imported by the functions that need them: `diff --format json` loads neither.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxcheck.model import Comparison, ScoreChange, Side

if TYPE_CHECKING:
    from rich.console import RenderableType

STATE_STYLE = {
    "up": "green",
    "down": "red",
    "same": "dim",
    "added": "cyan",
    "removed": "cyan",
    "unscored": "red",
}


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def change_text(change: ScoreChange) -> str:
    """How a score moved, in words a CI log can show on one line."""
    if change.state in ("added", "removed"):
        return change.state
    if change.change is None:
        moved = "no longer scored" if change.before is not None else "unscored"
    else:
        moved = f"{change.change:+.1f}" if change.change else "±0"
    return f"{moved} ({change.revised})" if change.revised else moved


def side_label(side: Side, name: str) -> str:
    """One result as the table heads it: organisation, date, profile and respondents."""
    parts = [side.organisation or "no organisation named", side.date or "undated", f"{side.profile} profile"]
    parts.append(f"{side.respondents} respondent{'s' if side.respondents != 1 else ''}")
    return f"{name}: " + " · ".join(parts)


def drop_reasons(comparison: Comparison) -> dict[str, str]:
    """Each score that fell too far, and by how much: for stderr and JUnit failures."""
    return {
        change.id: f"{_score(change.before)} → {'unscored' if change.after is None else _score(change.after)}"
        f" ({change_text(change)}, more than {comparison.fail_on_drop:.1f})"
        for change in (comparison.overall, *comparison.packs)
        if change.dropped
    }


def diff_table(comparison: Comparison) -> RenderableType:
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
    table.add_column("Pack", overflow="fold", ratio=1)
    table.add_column("Before", justify="right", no_wrap=True)
    table.add_column("After", justify="right", no_wrap=True)
    table.add_column("Change", justify="right", no_wrap=True)
    for change in (comparison.overall, *comparison.packs):
        mark = " ✗" if change.dropped else ""
        table.add_row(
            Text(change.title, style="bold" if change.id == "overall" else ""),
            _score(change.before),
            _score(change.after),
            Text(change_text(change) + mark, style=STATE_STYLE[change.state]),
        )
    heading = Text(side_label(comparison.before, "Before"), style="bold")
    heading.append("\n" + side_label(comparison.after, "After"))
    parts: list[RenderableType] = [heading, table]
    parts += [Text(f"note: {note}", style="yellow") for note in comparison.notes]
    if comparison.fail_on_drop is not None:
        if comparison.passed:
            parts.append(Text(f"✓ no score fell by more than {comparison.fail_on_drop:g}", style="green"))
        else:
            parts.append(
                Text(
                    f"✗ {len(comparison.drops)} fell by more than {comparison.fail_on_drop:g}",
                    style="bold red",
                )
            )
    return Group(*parts)


def render_markdown(comparison: Comparison, title: str = "CX scores compared") -> str:
    """`diff`'s Markdown; a report with --baseline titles it "since the baseline"."""
    from cxcheck.render.templating import render_context

    data = comparison.model_dump(mode="json")
    rows = [(c, change_text(c)) for c in (comparison.overall, *comparison.packs)]
    data["rows"] = [{**c.model_dump(mode="json"), "text": text} for c, text in rows]
    data["title"] = title
    data["labels"] = [side_label(comparison.before, "Before"), side_label(comparison.after, "After")]
    return render_context({"comparison": data}, "diff.md.j2")


def render_json(comparison: Comparison) -> str:
    return comparison.model_dump_json(indent=2) + "\n"
