"""Options several commands share, and the one conversion of settings options into typed values.

No `from __future__ import annotations` in `cxcheck.cli`: Typer reads every command's
annotations at each start, and string annotations would be compiled one by one (about 15 ms,
a tenth of `--help`).
"""

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from cxcheck.choices import FORMATS, PROFILES

Profile = Enum("Profile", {name: name for name in PROFILES}, type=str)  # type: ignore[misc]
OutputFormat = Enum("OutputFormat", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]


def check_score(value: float | None) -> float | None:
    if value is not None and not 0 <= value <= 100:
        raise typer.BadParameter(f"expected a score from 0 to 100, found {value:g}")
    return value


def check_age(value: str | None) -> str | None:
    """--max-age is whole months or years: 12m, 18m, 1y."""
    if value is not None and not (
        len(value) > 1 and value[-1] in "my" and value[:-1].isdigit() and int(value[:-1])
    ):
        raise typer.BadParameter(f"expected months or years such as 12m or 1y, found {value!r}")
    return value


def check_fail_pack(values: list[str] | None) -> list[str] | None:
    """Check each --fail-pack is ID=N with N in 0..100 before anything is read."""
    for value in values or []:
        pack_id, sep, number = value.partition("=")
        try:
            ok = bool(sep) and bool(pack_id.strip()) and 0 <= float(number) <= 100
        except ValueError:
            ok = False
        if not ok:
            raise typer.BadParameter(f"expected ID=N with N from 0 to 100, found {value!r}")
    return values


PacksOption = Annotated[
    str | None,
    typer.Option("--packs", metavar="ID,ID", help="Only these packs (comma-separated ids). Default: all."),
]
ProfileOption = Annotated[
    Profile | None,
    typer.Option(
        "--profile", help="quick: one key question per pack. full: every question.", show_default="full"
    ),
]
RulesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules", metavar="DIR", help="A folder of extra rule packs (repeatable).", file_okay=False
    ),
]
NoBuiltinOption = Annotated[
    bool, typer.Option("--no-builtin", help="Leave out the built-in packs; use --rules.")
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        dir_okay=False,
        help="Settings file (default: the nearest .cxcheck.yaml, or pyproject.toml with tool.cxcheck).",
    ),
]
NoConfigOption = Annotated[bool, typer.Option("--no-config", help="Ignore any settings file.")]
QuietOption = Annotated[
    bool,
    typer.Option("--quiet", "-q", help="Print nothing but errors and the format asked for with --format."),
]
FailOnDropOption = Annotated[
    float | None,
    typer.Option(
        "--fail-on-drop",
        metavar="N",
        callback=check_score,
        help="Exit 1 when the overall or any pack score fell by more than N points since the baseline.",
    ),
]
TodayOption = Annotated[
    dt.datetime | None,
    typer.Option(
        "--today",
        formats=["%Y-%m-%d"],
        metavar="YYYY-MM-DD",
        help="Judge waivers and targets as on this date (default: today), to replay a run.",
    ),
]


def settings_given(
    *,
    answers: list[str] | None = None,
    packs: str | None = None,
    profile: Any = None,
    rules: list[Path] | None = None,
    no_builtin: bool = False,
    fail_under: float | None = None,
    fail_pack: list[str] | None = None,
    fail_on_drop: float | None = None,
    baseline: Path | None = None,
    fmt: Any = None,
    output: Path | None = None,
    plan: Path | None = None,
    plan_csv: Path | None = None,
    junit: Path | None = None,
    min_coverage: float | None = None,
    plan_size: int | None = None,
    min_answered: float | None = None,
    one_per_role: bool = False,
    anonymous: bool = False,
    min_group: int | None = None,
    max_age: str | None = None,
    fail_stale: bool = False,
    history: Path | None = None,
    targets_file: Path | None = None,
    fail_off_track: bool = False,
    fail_expired_waivers: bool = False,
) -> dict[str, Any]:
    """The settings typed on the command line, as typed values under the settings' names; what
    was not typed is left out, so the settings file and the defaults fill it in."""
    given: dict[str, Any] = {
        "answers": answers or None,
        "packs": [p.strip() for p in packs.split(",") if p.strip()] if packs else None,
        "profile": profile.value if profile is not None else None,
        "rules": [str(r) for r in rules] if rules else None,
        "no_builtin": True if no_builtin else None,  # a flag can only say yes
        "fail_under": fail_under,
        "fail_pack": {k.strip(): float(n) for k, _, n in (v.partition("=") for v in fail_pack)}
        if fail_pack
        else None,
        "fail_on_drop": fail_on_drop,
        "baseline": str(baseline) if baseline else None,
        "format": fmt.value if fmt is not None else None,
        "output": str(output) if output else None,
        "plan": str(plan) if plan else None,
        "plan_csv": str(plan_csv) if plan_csv else None,
        "junit": str(junit) if junit else None,
        "min_coverage": min_coverage,
        "plan_size": plan_size,
        "min_answered": min_answered,
        "one_per_role": True if one_per_role else None,
        "anonymous": True if anonymous else None,
        "min_group": min_group,
        "max_age": max_age,
        "fail_stale": True if fail_stale else None,
        "history": str(history) if history else None,
        "targets_file": str(targets_file) if targets_file else None,
        "fail_off_track": True if fail_off_track else None,
        "fail_expired_waivers": True if fail_expired_waivers else None,
    }
    return {key: value for key, value in given.items() if value is not None}


def resolve_settings(given: dict[str, Any], config: Path | None, no_config: bool, console: Any) -> Any:
    """The run's settings: defaults, the settings file, then what was typed; a settings file the
    trust rule skipped is named on stderr."""
    from cxcheck.settings import settings

    resolved = settings(given, config, use_file=not no_config)
    for note in resolved.notes:
        console.note(note)
    return resolved
