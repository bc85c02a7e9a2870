"""What `assess` adds over time: waivers that expire, the history folder's trend, targets with
dates, and saving this run into the history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from cxcheck.app.console import Console
from cxcheck.errors import BadInput, Problem
from cxcheck.model import Pack, Result, Target
from cxcheck.settings import COMMAND_LINE, Resolved, TargetsAt, load_targets_file

HISTORY_NAME = "this run"


def check_settings(resolved: Resolved, catalogue: Sequence[Pack]) -> dict[str, Target]:
    """The run's targets, once they and the waivers are found to name packs and questions the
    catalogue has (file and line if not)."""
    from cxcheck import targets, waivers

    settings = resolved.settings
    waivers.check_known(
        settings.waivers, catalogue, lambda index, key: resolved.locate("waivers", index, key)
    )
    found, where = targets_of(resolved)
    targets.check_known(found, catalogue, where)
    return found


def targets_of(resolved: Resolved) -> tuple[dict[str, Target], TargetsAt]:
    """The targets of the run: the targets file's, then the settings' `targets` (which win), each
    with where it is written."""
    settings = resolved.settings
    found: dict[str, Target] = {}
    where: TargetsAt = {}
    if settings.targets_file:
        found, where = load_targets_file(Path(settings.targets_file))
    found.update(settings.targets)
    where.update({name: resolved.locate("targets", name) for name in settings.targets})
    return found, where


def score_with_waivers(
    resolved: Resolved,
    selected: Sequence[Pack],
    fail_pack: dict[str, float],
    score: Callable[[Sequence[Pack], dict[str, float]], Result],
    today: dt.date,
    *,
    use: bool,
) -> Result:
    """Score every pack as answered; with waivers, the gates and the plan come from a second
    scoring without the waived packs and questions, so a waived item keeps its score but leaves
    both. `score(packs, fail_pack)` scores the packs with the run's other settings."""
    from cxcheck import waivers

    settings = resolved.settings
    raw = score(selected, fail_pack)
    if not use or not settings.waivers:
        return raw
    found = waivers.statuses(settings.waivers, today)
    whole = {w.pack for w in found if not w.expired and w.question is None}
    gated_packs = waivers.without_waived(selected, found)
    gated = (
        score(gated_packs, {k: v for k, v in fail_pack.items() if k not in whole})
        if gated_packs != list(selected)
        else raw
    )
    return waivers.with_waivers(raw, gated, found, settings.fail_expired_waivers)


def history_folder(resolved: Resolved, save: bool, console: Console) -> Path | None:
    """The history folder to read, or None. One the settings file names that does not exist yet
    is skipped with a note (the run that saves into it creates it); a typed one must exist."""
    named = resolved.settings.history
    if named is None:
        if save:
            raise BadInput(
                Problem(
                    "--save-history needs a folder",
                    expected="--history FOLDER, or history: in the settings file",
                )
            )
        return None
    folder = Path(named)
    if folder.exists() and not folder.is_dir():
        raise BadInput(
            Problem("the history is not a folder", file=str(folder), expected="a folder of results")
        )
    if not folder.exists():
        if save:
            return folder
        if resolved.sources["history"] == COMMAND_LINE:
            raise BadInput(Problem("history folder not found", file=str(folder)))
        console.note(f"note: no history yet at {folder}: no trend")
        return None
    return folder


def with_trend(result: Result, folder: Path) -> Result:
    """The result with the trend of the folder's results and itself; this run first, so a result
    of another organisation in the folder is the one named."""
    from cxcheck.results import load_results
    from cxcheck.trend import build_trend

    earlier = load_results([folder]) if any(folder.glob("*.json")) else []
    return result.model_copy(update={"trend": build_trend([(HISTORY_NAME, result), *earlier])})


def with_targets(
    resolved: Resolved, result: Result, selected: Sequence[Pack], goals: dict[str, Target], today: dt.date
) -> Result:
    """The result with its projected score if the plan is done, each target's state and, with
    --fail-off-track, a failure for each target missed or off track."""
    from cxcheck import targets

    settings = resolved.settings
    overall, _ = targets.if_plan_done(selected, result)
    found = targets.statuses(goals, result, selected, result.trend, today)
    update: dict[str, object] = {"if_plan_done": overall, "targets": found}
    if settings.fail_off_track:
        waived = {w.pack for w in result.waivers if not w.expired and w.question is None}
        failures = [*result.thresholds.failures, *targets.failures(found, waived)]
        update["thresholds"] = result.thresholds.model_copy(
            update={"failures": failures, "passed": not failures}
        )
    return result.model_copy(update=update)


def save_to_history(folder: Path, result: Result) -> Path:
    """This run's result in the history folder, named by its date; never overwriting one there."""
    from cxcheck.io.writing import write_new
    from cxcheck.render import render

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInput(Problem(f"cannot make the history folder: {exc.strerror}", file=str(folder))) from None
    return write_new(
        folder, str(result.date), ".json", render(result.model_copy(update={"trend": None}), "json")
    )
