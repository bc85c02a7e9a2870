"""`cxcheck config`: the settings `assess` would use, and where each came from."""

from __future__ import annotations

import json

from cxcheck.app.console import Console
from cxcheck.app.selection import catalogue_and_selection, pack_thresholds
from cxcheck.errors import Outcome
from cxcheck.settings import Resolved, shown_path


def show_settings(resolved: Resolved, console: Console, *, as_json: bool) -> Outcome:
    """The settings and their sources, checked as `assess` checks them (pack ids included); keys
    spelled as in the file, in the table and in JSON."""
    pack_thresholds(resolved, *catalogue_and_selection(resolved.settings))
    values = resolved.settings.model_dump(mode="json")
    file = shown_path(resolved.file) if resolved.file else None
    if as_json:
        data = {
            "file": file,
            "values": resolved.settings.model_dump(mode="json", by_alias=True),
            "sources": {_dashed(key): source for key, source in resolved.sources.items()},
        }
        console.write(json.dumps(data, indent=2) + "\n")
        return Outcome.OK
    from rich.table import Table
    from rich.text import Text

    table = Table(
        box=None,
        header_style="bold",
        pad_edge=False,
        title_justify="left",
        title=Text(f"settings file: {file or 'none found'}"),
    )
    table.add_column("Setting", style="cyan", no_wrap=True)
    table.add_column("Value", overflow="fold")
    table.add_column("From", style="dim", overflow="fold")
    for key, value in values.items():
        name = key.replace("_", "-")
        if key == "fail_pack" and value:
            for pack_id, number in value.items():
                source = resolved.sources[f"fail_pack.{pack_id}"]
                table.add_row(Text(f"{name}.{pack_id}"), f"{number:g}", Text(source))
            continue
        if key == "targets" and value:
            for target_id, target in value.items():
                table.add_row(
                    Text(f"{name}.{target_id}"),
                    Text(f"{target['score']:g} by {target['by']}"),
                    Text(resolved.sources[key]),
                )
            continue
        if key == "waivers" and value:
            for index, waiver in enumerate(resolved.settings.waivers):
                shown = f"{waiver.subject} until {waiver.until}: {waiver.reason} ({waiver.owner})"
                table.add_row(Text(f"{name}[{index}]"), Text(shown), Text(resolved.sources[key]))
            continue
        shown = ", ".join(map(str, value)) if isinstance(value, list) else value
        shown = f"{shown:g}" if isinstance(shown, float) else shown
        table.add_row(name, Text("—" if shown in (None, "", {}) else str(shown)), Text(resolved.sources[key]))
    console.show(table)
    return Outcome.OK


def _dashed(key: str) -> str:
    """`fail_pack.some-pack` as the file spells it: `fail-pack.some-pack`."""
    head, dot, rest = key.partition(".")
    return head.replace("_", "-") + dot + rest
