"""`cxcheck assess` and `cxcheck config`: the options, converted once into settings."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cxcheck.cli.help import PlainHelpCommand
from cxcheck.cli.main import app, run
from cxcheck.cli.options import (
    ConfigOption,
    FailOnDropOption,
    NoBuiltinOption,
    NoConfigOption,
    OutputFormat,
    PacksOption,
    ProfileOption,
    QuietOption,
    RulesOption,
    TodayOption,
    check_age,
    check_fail_pack,
    check_score,
    resolve_settings,
    settings_given,
)

if TYPE_CHECKING:
    from cxcheck.app.console import Console
    from cxcheck.errors import Outcome


@app.command(cls=PlainHelpCommand, short_help="Score answers (or interview you): scorecard and plan.")
def assess(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATH",
            help="More answers files, folders or globs (so `--answers dir/*.yaml` works).",
            show_default=False,
        ),
    ] = None,
    answers: Annotated[
        list[str] | None,
        typer.Option(
            "--answers",
            "-a",
            metavar="PATH",
            help="Answers file, folder of them, or glob. Several respondents are aggregated.",
        ),
    ] = None,
    fmt: Annotated[
        OutputFormat | None,
        typer.Option("--format", "-f", help="What to print (or write with --output).", show_default="table"),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", dir_okay=False, help="Write the chosen format to this file."),
    ] = None,
    plan: Annotated[
        Path | None,
        typer.Option("--plan", dir_okay=False, help="Also write the Markdown action plan here."),
    ] = None,
    plan_csv: Annotated[
        Path | None,
        typer.Option(
            "--plan-csv", dir_okay=False, help="Also write the plan as CSV, to import into a tracker."
        ),
    ] = None,
    fail_under: Annotated[
        float | None,
        typer.Option(
            "--fail-under",
            metavar="N",
            callback=check_score,
            help="Exit 1 when the overall score is below N.",
        ),
    ] = None,
    fail_pack: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-pack",
            metavar="ID=N",
            callback=check_fail_pack,
            help="Exit 1 when pack ID scores below N (repeatable).",
        ),
    ] = None,
    packs: PacksOption = None,
    profile: ProfileOption = None,
    rules: RulesOption = None,
    no_builtin: NoBuiltinOption = False,
    resume: Annotated[
        Path | None,
        typer.Option(
            "--resume",
            dir_okay=False,
            help="Interactive: continue a saved session, with the profile and packs it records.",
        ),
    ] = None,
    save: Annotated[
        Path | None,
        typer.Option(
            "--save",
            dir_okay=False,
            help="Interactive: save the session here after every answer (default ./cxcheck-session.yaml).",
        ),
    ] = None,
    # CI: a baseline to compare with, JUnit beside the chosen format, quiet, and the settings file.
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", dir_okay=False, help="Compare with a result saved with --format json."),
    ] = None,
    no_baseline: Annotated[
        bool, typer.Option("--no-baseline", help="Do not compare with the settings file's baseline.")
    ] = False,
    fail_on_drop: FailOnDropOption = None,
    junit: Annotated[
        Path | None, typer.Option("--junit", dir_okay=False, help="Also write JUnit XML here.")
    ] = None,
    min_coverage: Annotated[
        float | None,
        typer.Option(
            "--min-coverage",
            metavar="N",
            callback=check_score,
            help="Exit 1 when under N% of the score is known. Unknown and blank answers count 0 in "
            "every score, so no gate can be passed by withholding answers.",
        ),
    ] = None,
    plan_size: Annotated[
        int | None,
        typer.Option(
            "--plan-size", metavar="N", min=1, max=100, help="Steps in the 90-day plan, 1-100 [default: 15]."
        ),
    ] = None,
    # Workshops: many answers files of one organisation.
    min_answered: Annotated[
        float | None,
        typer.Option(
            "--min-answered",
            metavar="N",
            callback=check_score,
            help="Workshops: leave out a file answering under N% of the questions [default: 20].",
        ),
    ] = None,
    one_per_role: Annotated[
        bool,
        typer.Option(
            "--one-per-role", help="Workshops: one person per role; silo signals may rest on one each."
        ),
    ] = False,
    anonymous: Annotated[
        bool, typer.Option("--anonymous", help="No names anywhere; small roles folded into 'other roles'.")
    ] = False,
    min_group: Annotated[
        int | None,
        typer.Option(
            "--min-group", metavar="N", min=1, help="With --anonymous: smallest role shown [default: 3]."
        ),
    ] = None,
    max_age: Annotated[
        str | None,
        typer.Option(
            "--max-age",
            metavar="AGE",
            callback=check_age,
            help="Answers and evidence older than this are stale: 18m, 1y [default: 12m].",
        ),
    ] = None,
    fail_stale: Annotated[
        bool, typer.Option("--fail-stale", help="Exit 1 when any answer or evidence is older than --max-age.")
    ] = False,
    # Over time: a history folder, targets and waivers (set in the settings file).
    history: Annotated[
        Path | None,
        typer.Option(
            "--history",
            metavar="DIR",
            file_okay=False,
            help="A folder of earlier results: the HTML report gains a trend, targets a straight line.",
        ),
    ] = None,
    save_history: Annotated[
        bool,
        typer.Option("--save-history", help="Also save this result in the history folder, by its date."),
    ] = False,
    targets_file: Annotated[
        Path | None,
        typer.Option(
            "--targets-file",
            dir_okay=False,
            help="A file of targets (pack or overall: {score: N, by: DATE}); the settings' targets win.",
        ),
    ] = None,
    fail_off_track: Annotated[
        bool,
        typer.Option(
            "--fail-off-track",
            help="Exit 1 when a target's date passed unmet, or the history's straight line misses it.",
        ),
    ] = False,
    fail_expired_waivers: Annotated[
        bool, typer.Option("--fail-expired-waivers", help="Exit 1 when a waiver has expired.")
    ] = False,
    no_waivers: Annotated[
        bool, typer.Option("--no-waivers", help="Ignore the waivers: the raw picture, gates included.")
    ] = False,
    today: TodayOption = None,
    quiet: QuietOption = False,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Score answers against the rule packs: a scorecard, a result and an action plan.

    With --answers it runs without questions (for CI and workshops); without, it interviews you.
    Settings not given here come from the nearest .cxcheck.yaml (see `cxcheck config`), so
    with answers named there, CI needs only `cxcheck assess`.

    Examples:

    \b
      cxcheck assess --answers cx.yaml --fail-under 70
      cxcheck assess --answers workshop/ --format json --output result.json \\
          --plan plan.md
    """
    given = settings_given(
        answers=[*(answers or []), *(paths or [])],
        packs=packs,
        profile=profile,
        rules=rules,
        no_builtin=no_builtin,
        fail_under=fail_under,
        fail_pack=fail_pack,
        fail_on_drop=fail_on_drop,
        baseline=baseline,
        fmt=fmt,
        output=output,
        plan=plan,
        plan_csv=plan_csv,
        junit=junit,
        min_coverage=min_coverage,
        plan_size=plan_size,
        min_answered=min_answered,
        one_per_role=one_per_role,
        anonymous=anonymous,
        min_group=min_group,
        max_age=max_age,
        fail_stale=fail_stale,
        history=history,
        targets_file=targets_file,
        fail_off_track=fail_off_track,
        fail_expired_waivers=fail_expired_waivers,
    )

    def use_case(console: "Console") -> "Outcome":
        from cxcheck.app.assess import assess as assess_answers

        return assess_answers(
            resolve_settings(given, config, no_config, console),
            console,
            resume=resume,
            save=save,
            no_baseline=no_baseline,
            interactive=sys.stdin.isatty(),
            no_waivers=no_waivers,
            save_history=save_history,
            today=today.date() if today else None,
        )

    run(use_case, quiet=quiet)


@app.command(
    "config",
    cls=PlainHelpCommand,
    short_help="Show the settings assess would use, and where from.",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
)
def show_config(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the settings as JSON.")] = False,
) -> None:
    """Show the settings `cxcheck assess` would use, and where each came from.

    Takes any `assess` option, to show how it combines with the settings file:
    cxcheck config --fail-under 80
    """
    command = typer.main.get_command(app).commands["assess"]  # type: ignore[attr-defined]
    with command.make_context("cxcheck config", list(ctx.args)) as parsed:
        options = dict(parsed.params)
    options["answers"] = [*(options.pop("answers") or []), *(options.pop("paths") or [])]
    given = settings_given(**{key: options[key] for key in SETTINGS_OPTIONS})

    def use_case(console: "Console") -> "Outcome":
        from cxcheck.app.settings import show_settings

        return show_settings(
            resolve_settings(given, options["config"], options["no_config"], console),
            console,
            as_json=as_json,
        )

    run(use_case, writes=False)


# The options of `assess` that are settings (the rest steer one run: --resume, --quiet, ...).
SETTINGS_OPTIONS = (
    "answers",
    "packs",
    "profile",
    "rules",
    "no_builtin",
    "fail_under",
    "fail_pack",
    "fail_on_drop",
    "baseline",
    "fmt",
    "output",
    "plan",
    "plan_csv",
    "junit",
    "min_coverage",
    "plan_size",
    "min_answered",
    "one_per_role",
    "anonymous",
    "min_group",
    "max_age",
    "fail_stale",
    "history",
    "targets_file",
    "fail_off_track",
    "fail_expired_waivers",
)
