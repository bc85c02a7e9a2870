"""`cxcheck assess`: answers (from files, or an interview) scored against the packs, then the
scorecard, the chosen format and the other outputs, and the exit code thresholds decide."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from cxcheck.app.console import Console
from cxcheck.app.selection import catalogue_and_selection, pack_thresholds
from cxcheck.errors import BadInput, Outcome, Problem
from cxcheck.model import Comparison, Response, Result
from cxcheck.settings import COMMAND_LINE, Resolved, Settings

REPORT_FILE = "cxcheck-report.html"
PLAN_FILE = "cxcheck-plan.md"


def assess(
    resolved: Resolved,
    console: Console,
    *,
    resume: Path | None = None,
    save: Path | None = None,
    no_baseline: bool = False,
    interactive: bool = False,
    no_waivers: bool = False,
    save_history: bool = False,
    today: dt.date | None = None,
) -> Outcome:
    """Score the answers the settings name, or interview the person when there are none and
    `interactive` (a terminal) allows it. `today` judges waivers and targets (default: today)."""
    from cxcheck.answers import answers_paths, load_responses
    from cxcheck.app import over_time
    from cxcheck.scoring import assess as score

    settings, sources = resolved.settings, resolved.sources
    interviewing = resume is not None or save is not None
    typed_answers = sources["answers"] == COMMAND_LINE
    specs = (settings.answers if typed_answers else []) if interviewing else settings.answers
    baseline, fail_on_drop = _baseline(resolved, no_baseline, console)
    if fail_on_drop is not None and baseline is None:
        raise BadInput(
            Problem("--fail-on-drop compares with a baseline", expected="--baseline RESULT.json too")
        )
    if specs and interviewing:
        raise BadInput(
            Problem("--resume and --save are for the interview", expected="them without --answers or PATH")
        )
    if not specs and not interactive:
        raise BadInput(
            Problem(
                "no answers given and standard input is not a terminal, so cxcheck cannot interview you",
                expected="--answers FILE; `cxcheck init -o answers.yaml` writes one to fill in",
            )
        )
    catalogue, selected = catalogue_and_selection(settings)
    thresholds = pack_thresholds(resolved, catalogue, selected)
    goals = over_time.check_settings(resolved, catalogue)
    today = today or dt.date.today()
    history = over_time.history_folder(resolved, save_history, console)
    output, plan, plan_csv, junit = (
        Path(p) if p else None for p in (settings.output, settings.plan, settings.plan_csv, settings.junit)
    )
    inputs = answers_paths(specs) if specs else []
    session = None if specs else _session_file(save, resume)
    outputs_named = {"--output": output, "--plan": plan, "--plan-csv": plan_csv, "--junit": junit}
    folders = [Path(spec) for spec in specs if Path(spec).is_dir()]
    _check_outputs(outputs_named, [*inputs, *folders], baseline, resolved, session)
    interview = None
    if specs:
        responses = load_responses(inputs, catalogue)
        settings = _selection_of(responses, resolved)
    else:
        from cxcheck.interview.flow import DEFAULT_SESSION, Interview, Paused

        interview = Interview(
            catalogue,
            settings.profile,
            settings.packs,
            save or resume or DEFAULT_SESSION,
            fixed=frozenset(key for key in ("profile", "packs") if sources[key] == COMMAND_LINE),
            resume=resume,
            options=_interview_options(settings, thresholds),
        )
        try:
            responses = load_responses([interview.run()], catalogue)
        except Paused:
            return Outcome.INTERRUPTED
        settings = settings.model_copy(update={"profile": interview.profile, "packs": interview.packs})
    if (settings.profile, settings.packs) != (resolved.settings.profile, resolved.settings.packs):
        from cxcheck.catalogue import select_packs

        selected = select_packs(catalogue, settings.packs, settings.profile)
        thresholds = pack_thresholds(resolved, catalogue, selected)
    from cxcheck.scoring import Options
    from cxcheck.workshop import gather

    asked = sum(len(p.questions) for p in selected)
    responses, notes = gather(
        responses,
        asked,
        min_answered=settings.min_answered,
        aliases=settings.roles,
        anonymous=settings.anonymous,
        min_group=settings.min_group,
    )
    options = Options(
        one_per_role=settings.one_per_role,
        anonymous=settings.anonymous,
        min_coverage=settings.min_coverage,
        plan_size=settings.plan_size,
        max_age_months=settings.max_age_months(),
        fail_stale=settings.fail_stale,
        as_of=today,  # --today replays a run: ages are measured from that day too
    )
    result = over_time.score_with_waivers(
        resolved,
        selected,
        thresholds,
        lambda packs, fail_pack: score(
            packs, responses, settings.profile, settings.fail_under, fail_pack, options, notes
        ),
        today,
        use=not no_waivers,
    )
    if not settings.no_builtin:
        from cxcheck.catalogue import CATALOGUE_VERSION

        result = result.model_copy(update={"catalogue_version": CATALOGUE_VERSION})
    if interview is None:  # the interview's closing screen shows them, wrapped to the terminal
        for note in result.notes:
            console.note(f"note: {note}")
    comparison = _compare(baseline, result, fail_on_drop) if baseline else None
    if comparison:
        from cxcheck.comparison import with_comparison
        from cxcheck.waivers import without_waived_drops

        result = without_waived_drops(with_comparison(result, comparison))
        comparison = result.comparison
    if history is not None:
        if result.date is None:
            console.note(f"note: the answers carry no date, so this run is dated {today} in the history")
            result = result.model_copy(update={"date": today})
        result = over_time.with_trend(result, history) if history.exists() else result
    result = over_time.with_targets(resolved, result, selected, goals, today)

    from cxcheck.io.writing import write_all_atomic
    from cxcheck.render import render

    table = settings.format == "table"
    outputs: dict[Path, str] = {}
    if output:
        outputs[output] = render(result, settings.format)
    if plan:
        outputs[plan] = render(result, "markdown")
    if plan_csv:
        from cxcheck.render.plan_csv import plan_csv as plan_rows

        outputs[plan_csv] = plan_rows(result)
    if junit:
        outputs[junit] = render(result, "junit")
    write_all_atomic(outputs)
    if save_history and history is not None:
        outputs[over_time.save_to_history(history, result)] = ""
    if output is None and not table:
        console.write(render(result, settings.format))
    if interview is not None:
        from cxcheck.interview.flow import Paused

        try:
            return _close_interview(interview, result, settings, outputs)
        except Paused:
            return Outcome.INTERRUPTED
    if output is None and table and not console.quiet:
        _show_scorecard(result, comparison, console)
    console.wrote(outputs)
    # Every failure is on stderr too, unless a terminal already shows it in the scorecard.
    if not (table and output is None and not console.quiet and console.is_terminal()):
        for failure in (f for f in result.thresholds.failures if f.kind != "drop"):
            console.failed("threshold failed", failure.describe())
        report_drops(comparison, console)
    return _outcome(result)


def _outcome(result: Result) -> Outcome:
    return Outcome.OK if result.thresholds.passed else Outcome.FAILED


def _close_interview(interview: Any, result: Result, settings: Settings, outputs: dict[Path, str]) -> Outcome:
    """The interview's end: offer the report and plan not already asked for, then one closing
    screen (the result, the first steps, every file written, the next command). The session file
    is the answers file, so nothing asks to save the answers again."""
    from cxcheck.io.writing import write_all_atomic
    from cxcheck.render import render
    from cxcheck.render.scorecard import closing_summary

    kinds = {"an HTML report": ("report", "html"), "the action plan": ("plan", "markdown")}
    offers = {}
    if not (settings.output and settings.format == "html"):
        offers["an HTML report"] = Path(REPORT_FILE)
    if not settings.plan:
        offers["the action plan"] = Path(PLAN_FILE)
    chosen = interview.offer_files(offers)
    write_all_atomic({path: render(result, kinds[what][1]) for what, path in chosen.items()})
    written = [("answers", str(interview.session))]
    labels = {settings.output: settings.format, settings.plan: "plan", settings.junit: "junit"}
    written += [(labels.get(str(path), "file"), str(path)) for path in outputs]
    written += [(kinds[what][0], str(path)) for what, path in chosen.items()]
    written = [
        (what, f"{path} (open it in a browser)" if what in ("report", "html") else path)
        for what, path in written
    ]
    steps = [
        (interview.answers_command(), "this scorecard in full"),
        ("cxcheck init -o colleague.yaml", "a file for a colleague, for a workshop"),
    ]
    interview.close(closing_summary(result, written, steps))
    return _outcome(result)


def _show_scorecard(result: Result, comparison: Comparison | None, console: Console) -> None:
    from cxcheck.render.scorecard import scorecard

    console.show(scorecard(result))
    if comparison:
        from cxcheck.render.diff import diff_table

        console.show(diff_table(comparison))


def _selection_of(responses: list[Response], resolved: Resolved) -> Settings:
    """The settings with the profile and packs the answers files record (when they all agree),
    where the command line named none: a file from a quick interview is scored as quick."""
    settings, update = resolved.settings, dict[str, Any]()
    profiles = {r.profile for r in responses}
    if len(profiles) == 1 and None not in profiles and resolved.sources["profile"] != COMMAND_LINE:
        update["profile"] = profiles.pop()
        packs = {tuple(r.packs) if r.packs else None for r in responses}
        if len(packs) == 1 and resolved.sources["packs"] != COMMAND_LINE:
            chosen = packs.pop()
            update["packs"] = list(chosen) if chosen else None
    return settings.model_copy(update=update)


def _interview_options(settings: Settings, thresholds: dict[str, float]) -> dict[str, Any]:
    """The options to repeat in the commands the interview prints (resume, score the file); the
    session file itself holds the profile and packs."""
    return {
        "--rules": [Path(r) for r in settings.rules],
        "--no-builtin": settings.no_builtin,
        "--format": settings.format if settings.format != Settings().format else None,
        "--output": settings.output,
        "--plan": settings.plan,
        "--fail-under": settings.fail_under,
        "--fail-pack": [f"{key}={value:g}" for key, value in thresholds.items()],
    }


def _check_outputs(
    outputs: dict[str, Path | None],
    answers: list[Path],
    baseline: Path | None,
    resolved: Resolved,
    session: Path | None,
) -> None:
    """Refuse, before anything is read or written, an output that would overwrite an input (an
    answers file, the baseline, the settings file, a rules folder, the interview's session file)
    or another output."""
    from cxcheck.io.writing import refuse_clashes

    refuse_clashes(
        outputs,
        {
            "an answers file": [path for path in answers if not path.is_dir()],
            "an answers folder": [path for path in answers if path.is_dir()],
            "the baseline": [baseline] if baseline else [],
            "the settings file": [resolved.file] if resolved.file else [],
            "a rules folder": [Path(r) for r in resolved.settings.rules],
            "the interview's session file": [session] if session else [],
        },
    )


def _session_file(save: Path | None, resume: Path | None) -> Path:
    """The interview's session file, checked before the first question: a YAML answers file in a
    folder that exists, so no answer typed is lost to a name that cannot be written."""
    from cxcheck.interview.flow import DEFAULT_SESSION

    session = save or resume or DEFAULT_SESSION
    if save is not None:
        if save.suffix.lower() not in (".yaml", ".yml"):
            raise BadInput(
                Problem(
                    "--save writes a YAML answers file",
                    file=str(save),
                    expected="a name ending .yaml or .yml",
                )
            )
        if not (save.parent if str(save.parent) else Path(".")).is_dir():
            raise BadInput(Problem("cannot save here: the folder does not exist", file=str(save)))
    return session


def _baseline(resolved: Resolved, no_baseline: bool, console: Console) -> tuple[Path | None, float | None]:
    """The baseline to compare with and the drop allowed. A baseline the settings file names
    but that does not exist yet is skipped with a note, so the run that creates it can run."""
    settings, sources = resolved.settings, resolved.sources
    typed = sources["fail_on_drop"] == COMMAND_LINE
    if settings.baseline is None or no_baseline:
        return None, settings.fail_on_drop if typed or not no_baseline else None
    path = Path(settings.baseline)
    if sources["baseline"] != COMMAND_LINE and not path.exists():
        console.note(f"note: no baseline yet at {path}: comparison skipped")
        return None, settings.fail_on_drop if typed else None
    return path, settings.fail_on_drop


def _compare(baseline: Path, result: Result, fail_on_drop: float | None) -> Comparison:
    from cxcheck.comparison import compare
    from cxcheck.results import load_result

    return compare(load_result(baseline), result, fail_on_drop, names=(str(baseline), "this run"))


def report_drops(comparison: Comparison | None, console: Console) -> None:
    """Each score that fell too far since the baseline, on stderr."""
    if comparison is None:
        return
    from cxcheck.render.diff import drop_reasons

    titles = {change.id: change.title for change in (comparison.overall, *comparison.packs)}
    for target, reason in drop_reasons(comparison).items():  # named as the tables name them
        console.failed("score dropped", f"{titles[target]}: {reason}")
