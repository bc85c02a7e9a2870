"""`cxcheck config`: the settings `assess` would use, and where each came from."""

from __future__ import annotations

import json

from cxcheck.app.console import Console
from cxcheck.errors import Outcome
from cxcheck.settings import Resolved


def show_settings(resolved: Resolved, console: Console, *, as_json: bool) -> Outcome:
    values = resolved.settings.model_dump(mode="json")
    if as_json:
        data = {
            "file": str(resolved.file) if resolved.file else None,
            "values": values,
            "sources": resolved.sources,
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
        title=Text(f"settings file: {resolved.file or 'none found'}"),
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
