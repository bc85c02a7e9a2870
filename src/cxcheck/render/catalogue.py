"""Rule packs for people: the list, one pack's overview, and the full explanation.

`cxcheck explain` and the reports read the same pack fields; there is no second copy of the
content anywhere in Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from cxcheck.catalogue import catalogue_order
from cxcheck.model import Pack


def pack_list(packs: Sequence[Pack]) -> Table:
    themes = len({p.theme for p in packs})
    table = Table(
        title=f"{len(packs)} rule packs in {themes} themes",
        title_justify="left",
        header_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("Pack", no_wrap=True, style="cyan")
    table.add_column("Theme", no_wrap=True)
    table.add_column("Title", min_width=20)
    table.add_column("Qs", justify="right")
    table.add_column("Weight", justify="right")
    for pack in sorted(packs, key=catalogue_order):
        table.add_row(pack.id, pack.theme, Text(pack.title), str(len(pack.questions)), f"{pack.weight:g}")
    return table


def _question_block(pack: Pack, question: Any) -> RenderableType:
    flags = [question.type.replace("_", "/"), f"weight {question.weight:g}"]
    if question.key:
        flags.append("key question")
    if not question.allow_na:
        flags.append("n/a not accepted")
    head = Text.assemble((f"{pack.id}/{question.id}", "bold cyan"), "  ", (" · ".join(flags), "dim"))
    parts: list[RenderableType] = [head, Text(question.text, style="bold")]
    if question.help:
        parts.append(Text(question.help, style="italic"))
    parts.append(Text("Answers:", style="bold"))
    parts.extend(Padding(Text(line), (0, 0, 0, 2)) for line in question.answer_lines())
    if question.actions:
        parts.append(Text("When it scores low:", style="bold"))
        for action in question.actions:
            line = Text(f"• {action.text} ")
            line.append(f"({action.owner}; effort {action.effort}, impact {action.impact})", style="dim")
            parts.append(Padding(line, (0, 0, 0, 2)))
    return Group(*parts, Text(""))


def explain(pack: Pack, question_id: str | None = None) -> RenderableType:
    """A pack (or one of its questions) in full: why it matters, the scale, the actions."""
    if question_id is not None:
        return _question_block(pack, pack.question(question_id))
    parts: list[RenderableType] = [
        Text.assemble(
            (pack.title, "bold"),
            "  ",
            (f"{pack.id} · {pack.theme} · weight {pack.weight:g}", "dim"),
        ),
        Text(pack.summary),
        Text(""),
        Text("Why it matters", style="bold"),
        Text(pack.why),
    ]
    if pack.kpis:
        parts += [Text(""), Text("What to watch", style="bold")]
        parts += [Text(f"  • {kpi}") for kpi in pack.kpis]
    if pack.sources:
        parts += [Text(""), Text("Sources", style="bold")]
        parts += [Text(f"  • {s.title}" + (f", {s.item}" if s.item else "")) for s in pack.sources]
    parts += [Text(""), Text(f"Questions ({len(pack.questions)})", style="bold"), Text("")]
    parts += [_question_block(pack, q) for q in pack.questions]
    return Group(*parts)


def overview(pack: Pack) -> RenderableType:
    """A pack at a glance: what it is about and the questions it asks."""
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("Question", style="cyan", no_wrap=True)
    table.add_column("Type", no_wrap=True)
    table.add_column("Key", justify="center")
    table.add_column("Text", ratio=1)
    for q in pack.questions:
        table.add_row(q.id, q.type, "✓" if q.key else "", Text(q.text))
    head = Text.assemble(
        (pack.title, "bold"), "  ", (f"{pack.id} · {pack.theme} · weight {pack.weight:g}", "dim")
    )
    hint = Text(f"Full detail: cxcheck explain {pack.id}", style="dim")
    return Group(head, Text(pack.summary), Text(""), table, Text(""), hint)
