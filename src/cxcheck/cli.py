"""The command line: options in, a call into the core, errors out as messages and exit codes.

Only Typer is imported at start-up; everything else is imported inside the command that needs
it, so `cxcheck --help` costs little more than importing Typer.

No `from __future__ import annotations` here: Typer reads every command's annotations at each
start, and string annotations would be compiled one by one (about 15 ms, a tenth of `--help`).
Names imported only for type checking are quoted where they are used.
"""

import functools
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from cxcheck import __version__
from cxcheck.choices import PROFILES
from cxcheck.errors import EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_THRESHOLD, BadInput, Problem
from cxcheck.render import FORMATS

if TYPE_CHECKING:
    from cxcheck.model import Pack, Result

app = typer.Typer(
    name="cxcheck",
    help=(
        "Audit an organisation's customer-experience health against rule packs of CX pitfalls.\n\n"
        "Answer the questions (in the terminal, or in an answers file kept in git), get a scorecard "
        "and a Markdown action plan. Exit codes: 0 ok, 1 a threshold failed, 2 bad input, "
        "130 interrupted."
    ),
    epilog="Start with: cxcheck init -o answers.yaml  ·  then: cxcheck assess --answers answers.yaml",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,  # plain help: formatting it with Rich would import Rich for every --help
    context_settings={"help_option_names": ["-h", "--help"]},
)
packs_app = typer.Typer(help="Browse and check rule packs.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(packs_app, name="packs")

F = TypeVar("F", bound=Callable[..., Any])


Profile = Enum("Profile", {name: name for name in PROFILES}, type=str)  # type: ignore[misc]
OutputFormat = Enum("OutputFormat", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]
FULL, TABLE = Profile(PROFILES[0]), OutputFormat(FORMATS[0])  # the defaults: every question, the scorecard


class ReportFormat(str, Enum):
    markdown = "markdown"
    html = "html"
    json = "json"
    table = "table"


class SchemaKind(str, Enum):
    pack = "pack"
    answers = "answers"
    result = "result"
    config = "config"


def _stderr() -> Any:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def _report_problems(problems: list[Problem]) -> None:
    from rich.markup import escape

    console = _stderr()
    for problem in problems:
        console.print(f"[bold red]error:[/] {escape(str(problem))}", soft_wrap=True)
    if len(problems) > 1:
        console.print(f"[red]{len(problems)} problems; nothing was written.[/]")


def reports_errors(command: F) -> F:
    """Turn bad input into one message per problem and exit 2; Ctrl-C into exit 130."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except BadInput as exc:
            _report_problems(exc.problems)
            raise typer.Exit(EXIT_BAD_INPUT) from None
        except KeyboardInterrupt:
            _stderr().print("[yellow]interrupted[/]")
            raise typer.Exit(EXIT_INTERRUPTED) from None

    return wrapper  # type: ignore[return-value]


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"cxcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            callback=_show_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    """cxcheck: customer-experience health checks."""


# --- options shared by several commands -------------------------------------------------

PacksOption = Annotated[
    str | None,
    typer.Option("--packs", metavar="ID,ID", help="Only these packs (comma-separated ids). Default: all."),
]
ProfileOption = Annotated[
    Profile,
    typer.Option("--profile", help="quick: one key question per pack. full: every question."),
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


def _pack_ids(packs: str | None) -> list[str] | None:
    return [p.strip() for p in packs.split(",") if p.strip()] if packs else None


def _load_selection(
    packs: str | None, profile: Profile, rules: list[Path] | None, no_builtin: bool
) -> "tuple[list[Pack], list[Pack]]":
    """The whole catalogue (to validate answers against) and the packs selected to ask."""
    from cxcheck.loading import load_catalogue, select_packs

    catalogue = load_catalogue(rules or [], builtin=not no_builtin)
    return catalogue, select_packs(catalogue, _pack_ids(packs), profile.value)


def _check_score(value: float | None) -> float | None:
    if value is not None and not 0 <= value <= 100:
        raise typer.BadParameter(f"expected a score from 0 to 100, found {value:g}")
    return value


FailOnDropOption = Annotated[
    float | None,
    typer.Option(
        "--fail-on-drop",
        metavar="N",
        callback=_check_score,
        help="Exit 1 when the overall or any pack score fell by more than N points since the baseline.",
    ),
]


def _parse_fail_pack(values: list[str] | None) -> list[str] | None:
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


def _fail_pack_map(run: Any, catalogue: "list[Pack]", selected: "list[Pack]") -> dict[str, float]:
    """The thresholds of the selected packs. The settings file's thresholds for packs left out by
    --packs are set aside, so a subset can run; a typed --fail-pack for one is a mistake."""
    from cxcheck.config import COMMAND_LINE

    ids, known = {p.id for p in selected}, {p.id for p in catalogue}
    for pack_id in run.fail_pack:
        source = run.sources[f"fail_pack.{pack_id}"]
        if pack_id not in (ids if source == COMMAND_LINE else known):
            raise BadInput(
                Problem(
                    f"--fail-pack names pack {pack_id!r}, which is not being assessed",
                    file=None if source == COMMAND_LINE else source,
                    expected="one of " + ", ".join(sorted(ids)),
                )
            )
    return {pack_id: n for pack_id, n in run.fail_pack.items() if pack_id in ids}


def _write_outputs(outputs: dict[Path, str]) -> None:
    """Write every output only after all of them rendered, all or none, each atomically."""
    from cxcheck.loading import write_all_atomic

    write_all_atomic(outputs)


def _print_result(result: "Result", fmt: OutputFormat) -> None:
    if fmt is TABLE:
        from rich.console import Console

        from cxcheck.render.scorecard import scorecard

        Console(highlight=False).print(scorecard(result))
        return
    from cxcheck.render import render

    sys.stdout.write(render(result, fmt.value))


# --- assess -----------------------------------------------------------------------------


@app.command()
@reports_errors
def assess(
    ctx: typer.Context,
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
        OutputFormat, typer.Option("--format", "-f", help="What to print (or write with --output).")
    ] = TABLE,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", dir_okay=False, help="Write the chosen format to this file."),
    ] = None,
    plan: Annotated[
        Path | None,
        typer.Option("--plan", dir_okay=False, help="Also write the Markdown action plan here."),
    ] = None,
    fail_under: Annotated[
        float | None,
        typer.Option(
            "--fail-under",
            metavar="N",
            callback=_check_score,
            help="Exit 1 when the overall score is below N.",
        ),
    ] = None,
    fail_pack: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-pack",
            metavar="ID=N",
            callback=_parse_fail_pack,
            help="Exit 1 when pack ID scores below N (repeatable).",
        ),
    ] = None,
    packs: PacksOption = None,
    profile: ProfileOption = FULL,
    rules: RulesOption = None,
    no_builtin: NoBuiltinOption = False,
    resume: Annotated[
        Path | None,
        typer.Option("--resume", dir_okay=False, help="Interactive: continue a saved session."),
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
      cxcheck assess --answers workshop/ --format json --output result.json --plan plan.md
    """
    from cxcheck.loading import answers_paths, load_responses
    from cxcheck.scoring import assess as score

    run = _settings(ctx, config, no_config)
    specs = [*(answers or []), *(paths or [])] if resume or save else run.answers
    packs, profile, fmt = (
        ",".join(run.packs) if run.packs else None,
        Profile(run.profile),
        OutputFormat(run.format),
    )
    rules, no_builtin, fail_under = [Path(r) for r in run.rules], run.no_builtin, run.fail_under
    output, plan, junit = (Path(p) if p else None for p in (run.output, run.plan, run.junit))
    baseline, fail_on_drop = _baseline(run, no_baseline)
    if fail_on_drop is not None and baseline is None:
        raise BadInput(
            Problem("--fail-on-drop compares with a baseline", expected="--baseline RESULT.json too")
        )
    if specs and (resume or save):
        raise BadInput(
            Problem("--resume and --save are for the interview", expected="them without --answers or PATH")
        )
    if not specs and not sys.stdin.isatty():
        raise BadInput(
            Problem(
                "no answers given and standard input is not a terminal, so cxcheck cannot interview you",
                expected="--answers FILE (try `cxcheck init -o answers.yaml` to start one)",
            )
        )
    catalogue, selected = _load_selection(packs, profile, rules, no_builtin)
    thresholds = _fail_pack_map(run, catalogue, selected)
    interview = None
    inputs = answers_paths(specs) if specs else []
    _check_outputs({"--output": output, "--plan": plan, "--junit": junit}, inputs, baseline)
    if specs:
        responses = load_responses(inputs, catalogue)
    else:
        from cxcheck.interview import DEFAULT_SESSION, Interview, Paused

        options = {
            "--profile": profile.value if profile is not FULL else None,
            "--packs": packs,
            "--rules": rules,
            "--no-builtin": no_builtin,
            "--format": fmt.value if fmt is not TABLE else None,
            "--output": output,
            "--plan": plan,
            "--fail-under": fail_under,
            "--fail-pack": [f"{key}={value:g}" for key, value in thresholds.items()],
        }
        session = save or resume or DEFAULT_SESSION
        interview = Interview(catalogue, selected, profile.value, session, resume=resume, options=options)
        try:
            responses = load_responses([interview.run()], catalogue)
        except Paused:
            raise typer.Exit(EXIT_INTERRUPTED) from None
    result = score(selected, responses, profile.value, fail_under, thresholds)
    comparison = _compare(baseline, result, fail_on_drop) if baseline else None
    if comparison:
        from cxcheck.comparison import with_comparison

        result = with_comparison(result, comparison)

    outputs: dict[Path, str] = {}
    from cxcheck.render import render

    if output:
        outputs[output] = render(result, fmt.value)
    if plan:
        outputs[plan] = render(result, "markdown")
    if junit:
        outputs[junit] = render(result, "junit")
    _write_outputs(outputs)
    if output is None and fmt is not TABLE:
        sys.stdout.write(render(result, fmt.value))
    elif output is None and not quiet:
        _print_result(result, fmt)
        if comparison:
            from cxcheck.render.diff import diff_table

            _print(diff_table(comparison))
    if outputs and not quiet:
        _stderr().print("wrote " + ", ".join(str(p) for p in outputs), style="dim", markup=False)
    if interview is not None:
        try:
            interview.finish(
                result,
                scorecard_printed=fmt is TABLE and output is None and sys.stdout.isatty(),
                plan_written=plan is not None,
            )
        except Paused:
            raise typer.Exit(EXIT_INTERRUPTED) from None
    # Every failure is on stderr too, unless a terminal already shows it in the scorecard.
    shown = fmt is TABLE and output is None and not quiet and sys.stdout.isatty()
    if not shown:
        for failure in (f for f in result.thresholds.failures if f.kind == "threshold"):
            actual = "unscored" if failure.actual is None else f"{failure.actual:.1f}"
            _stderr().print(f"[red]threshold failed:[/] {failure.target} {actual} < {failure.required:.1f}")
        _report_drops(comparison)
    if not result.thresholds.passed:
        raise typer.Exit(EXIT_THRESHOLD)


# --- init -------------------------------------------------------------------------------


@app.command()
@reports_errors
def init(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", dir_okay=False, help="Write the template here (default: print it)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    packs: PacksOption = None,
    profile: ProfileOption = FULL,
    rules: RulesOption = None,
    no_builtin: NoBuiltinOption = False,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Write an answers template: every question, its answers and help as comments.

    Fill in the values and run `cxcheck assess --answers FILE`. Packs, profile and rule
    folders come from the settings file too (.cxcheck.yaml), unless given here.
    """
    from cxcheck.loading import write_atomic
    from cxcheck.render.answers_template import answers_template

    run, _, selected = _configured_selection(ctx, config, no_config)
    text = answers_template(selected, run.profile)
    if output is None:
        sys.stdout.write(text)
        return
    if output.exists() and not force:
        raise BadInput(Problem("file already exists; use --force to overwrite it", file=str(output)))
    write_atomic(output, text)
    count = sum(len(p.questions) for p in selected)
    _stderr().print(
        f"wrote {output}: {count} questions in {len(selected)} packs. "
        f"Fill it in, then run: cxcheck assess --answers {output}",
        markup=False,
    )


# --- packs ------------------------------------------------------------------------------


def _print(renderable: Any) -> None:
    from rich.console import Console

    Console(highlight=False).print(renderable)


@packs_app.command("list")
@reports_errors
def packs_list(
    ctx: typer.Context,
    rules: RulesOption = None,
    no_builtin: NoBuiltinOption = False,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """List the rule packs: id, theme, title, number of questions."""
    from cxcheck.render.catalogue import pack_list

    _, catalogue, _ = _configured_selection(ctx, config, no_config)
    _print(pack_list(catalogue))


def _find_pack(catalogue: "list[Pack]", reference: str) -> "tuple[Pack, str | None]":
    pack_id, _, question_id = reference.partition("/")
    pack = next((p for p in catalogue if p.id == pack_id), None)
    if pack is None:
        raise BadInput(
            Problem(
                f"unknown pack {pack_id!r}",
                expected="one of " + ", ".join(sorted(p.id for p in catalogue)),
            )
        )
    if question_id and pack.question(question_id) is None:
        raise BadInput(
            Problem(
                f"unknown question {reference!r}",
                expected="one of " + ", ".join(f"{pack.id}/{q.id}" for q in pack.questions),
            )
        )
    return pack, question_id or None


@packs_app.command("show")
@reports_errors
def packs_show(
    ctx: typer.Context,
    pack_id: Annotated[str, typer.Argument(metavar="ID", help="Pack id, e.g. silo-thinking.")],
    rules: RulesOption = None,
    no_builtin: NoBuiltinOption = False,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """One pack at a glance: summary and questions."""
    from cxcheck.render.catalogue import overview

    _, catalogue, _ = _configured_selection(ctx, config, no_config)
    pack, _ = _find_pack(catalogue, pack_id)
    _print(overview(pack))


@packs_app.command("validate")
@reports_errors
def packs_validate(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="Pack files or folders of them.")],
) -> None:
    """Check rule pack files: format, types, ids. Exit 2 when any is invalid."""
    from cxcheck.loading import iter_pack_paths, load_pack_file

    problems: list[Problem] = []
    seen: dict[str, Path] = {}
    count = 0
    for path in iter_pack_paths(str(p) for p in paths):
        count += 1
        try:
            pack = load_pack_file(path)
        except BadInput as exc:
            problems.extend(exc.problems)
            continue
        if pack.id in seen:
            problems.append(
                Problem(f"pack id {pack.id!r} is already defined in {seen[pack.id]}", file=str(path))
            )
            continue
        seen[pack.id] = path
        typer.echo(f"✓ {path} ({len(pack.questions)} questions)")
    if problems:
        raise BadInput(problems)
    if count == 0:
        raise BadInput(Problem("no pack files found", expected="*.yaml files"))


@packs_app.command("docs")
@reports_errors
def packs_docs(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", dir_okay=False, help="Write the document here (default: print it)."),
    ] = None,
    rules: RulesOption = None,
    no_builtin: NoBuiltinOption = False,
) -> None:
    """The whole catalogue as one Markdown document, grouped by theme, with its sources.

    The project keeps it as docs/catalogue.md: cxcheck packs docs -o docs/catalogue.md
    """
    from cxcheck.render.catalogue_doc import catalogue_markdown

    catalogue, _ = _load_selection(None, FULL, rules, no_builtin)
    text = catalogue_markdown(catalogue)
    if output is None:
        sys.stdout.write(text)
        return
    _write_outputs({output: text})
    _stderr().print(f"wrote {output}: {len(catalogue)} packs", style="dim", markup=False)


# --- explain, schema --------------------------------------------------------------------


@app.command()
@reports_errors
def explain(
    ctx: typer.Context,
    reference: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="A pack id (silo-thinking) or a question (silo-thinking/cx-owner)."
        ),
    ],
    rules: RulesOption = None,
    no_builtin: NoBuiltinOption = False,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Explain a pack or question in full: why it matters, its scale, what to do when it scores low."""
    from cxcheck.render.catalogue import explain as explain_pack

    _, catalogue, _ = _configured_selection(ctx, config, no_config)
    pack, question_id = _find_pack(catalogue, reference)
    _print(explain_pack(pack, question_id))


@app.command()
@reports_errors
def schema(
    ctx: typer.Context,
    kind: Annotated[SchemaKind, typer.Argument(help="Which file format to describe.")],
    packs: PacksOption = None,
    profile: ProfileOption = FULL,
    rules: RulesOption = None,
    no_builtin: NoBuiltinOption = False,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Print a JSON Schema: for editors and validators.

    The answers schema is built from the selected packs, so an editor knows every question.
    """
    import json

    from cxcheck.schemas import schema_for

    selected: list[Pack] = []
    if kind is SchemaKind.answers:
        _, _, selected = _configured_selection(ctx, config, no_config)
    sys.stdout.write(json.dumps(schema_for(kind.value, selected), indent=2) + "\n")


# --- report -----------------------------------------------------------------------------


@app.command()
@reports_errors
def report(
    result_file: Annotated[
        Path, typer.Argument(metavar="RESULT.json", help="A result saved with --format json.")
    ],
    fmt: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Report format.")
    ] = ReportFormat.markdown,
    template: Annotated[
        Path | None,
        typer.Option("--template", dir_okay=False, help="Your own Jinja2 template (sandboxed)."),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", dir_okay=False, help="Write here.")] = None,
) -> None:
    """Re-render a saved result as Markdown or HTML, without answering again."""
    from cxcheck.loading import load_result
    from cxcheck.render import render

    result = load_result(result_file)
    if template is not None and fmt not in (ReportFormat.markdown, ReportFormat.html):
        raise BadInput(
            Problem("--template works with --format markdown or html", found=f"--format {fmt.value}")
        )
    if output is None and fmt is ReportFormat.table:
        _print_result(result, TABLE)
        return
    text = render(result, fmt.value, template=template)
    if output is None:
        sys.stdout.write(text)
    else:
        _write_outputs({output: text})


# --- CI: settings file, baselines, answers checks ---------------------------------------------


def _given(ctx: Any) -> dict[str, Any]:
    """The settings typed on the command line, under their names in a settings file."""
    from cxcheck.config import DEFAULTS

    typed = {
        name: value
        for name, value in ctx.params.items()
        if getattr(ctx.get_parameter_source(name), "name", None) == "COMMANDLINE"
    }
    if "paths" in typed:
        typed["answers"] = [*(typed.get("answers") or []), *typed.pop("paths")]
    if "fmt" in typed:
        typed["format"] = typed.pop("fmt").value
    if "profile" in typed:
        typed["profile"] = typed["profile"].value
    if "packs" in typed:
        typed["packs"] = _pack_ids(typed["packs"])
    if "fail_pack" in typed:
        typed["fail_pack"] = {
            k.strip(): float(n) for k, _, n in (v.partition("=") for v in typed["fail_pack"])
        }
    for key, value in typed.items():  # paths as a settings file holds them: text
        if isinstance(value, Path) or (isinstance(value, list) and value and isinstance(value[0], Path)):
            typed[key] = [str(p) for p in value] if isinstance(value, list) else str(value)
    return {key: value for key, value in typed.items() if key in DEFAULTS}


def _settings(ctx: Any, config: Path | None, no_config: bool) -> Any:
    from cxcheck.config import settings

    return settings(_given(ctx), config, use_config=not no_config)


def _configured_selection(
    ctx: Any, config: Path | None, no_config: bool
) -> "tuple[Any, list[Pack], list[Pack]]":
    """The settings, the catalogue and the selected packs, as the settings file and the options say."""
    run = _settings(ctx, config, no_config)
    packs = ",".join(run.packs) if run.packs else None
    return (run, *_load_selection(packs, Profile(run.profile), [Path(r) for r in run.rules], run.no_builtin))


def _check_outputs(outputs: dict[str, Path | None], answers: list[Path], baseline: Path | None) -> None:
    """Refuse, before anything is read or written, an output that would overwrite an input or
    another output."""
    taken = {path.resolve(): "an answers file" for path in answers}
    if baseline:
        taken[baseline.resolve()] = "the baseline"
    for option, path in outputs.items():
        if path is None:
            continue
        if path.resolve() in taken:
            what = taken[path.resolve()]
            hint = "; to refresh the baseline, add --no-baseline" if what == "the baseline" else ""
            raise BadInput(Problem(f"{option} {path} is also {what}", expected="a file of its own" + hint))
        taken[path.resolve()] = option


def _baseline(run: Any, no_baseline: bool) -> tuple[Path | None, float | None]:
    """The baseline to compare with and the drop allowed. A baseline the settings file names
    but that does not exist yet is skipped with a note, so the run that creates it can run."""
    from cxcheck.config import COMMAND_LINE

    typed = run.sources["fail_on_drop"] == COMMAND_LINE
    if run.baseline is None or no_baseline:
        return None, run.fail_on_drop if typed or not no_baseline else None
    path = Path(run.baseline)
    if run.sources["baseline"] != COMMAND_LINE and not path.exists():
        _stderr().print(f"note: no baseline yet at {path}: comparison skipped", style="yellow")
        return None, run.fail_on_drop if typed else None
    return path, run.fail_on_drop


def _compare(baseline: Path, result: "Result", fail_on_drop: float | None) -> Any:
    from cxcheck.comparison import compare
    from cxcheck.loading import load_result

    return compare(load_result(baseline), result, fail_on_drop, names=(str(baseline), "this run"))


def _report_drops(comparison: Any) -> None:
    if comparison is None:
        return
    from rich.markup import escape

    from cxcheck.render.diff import drop_reasons

    for target, reason in drop_reasons(comparison).items():
        _stderr().print(f"[red]score dropped:[/] {target} {escape(reason)}")


class DiffFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


@app.command()
@reports_errors
def diff(
    before: Annotated[
        Path, typer.Argument(metavar="BEFORE.json", help="The earlier result (--format json).")
    ],
    after: Annotated[Path, typer.Argument(metavar="AFTER.json", help="The later result.")],
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="What to print.")] = DiffFormat.table,
    fail_on_drop: FailOnDropOption = None,
    quiet: QuietOption = False,
) -> None:
    """Compare two saved results: overall and per pack, before, after and the change.

    Example: cxcheck diff baseline.json result.json --fail-on-drop 5
    """
    from cxcheck.comparison import compare
    from cxcheck.loading import load_result
    from cxcheck.render import diff as render_diff

    comparison = compare(
        load_result(before), load_result(after), fail_on_drop, names=(str(before), str(after))
    )
    if fmt is not DiffFormat.table:
        renderer = render_diff.render_json if fmt is DiffFormat.json else render_diff.render_markdown
        sys.stdout.write(renderer(comparison))
    elif not quiet:
        _print(render_diff.diff_table(comparison))
    if not comparison.passed:
        _report_drops(comparison)
        raise typer.Exit(EXIT_THRESHOLD)


@app.command("config", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
@reports_errors
def show_config(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the settings as JSON.")] = False,
) -> None:
    """Show the settings `cxcheck assess` would use, and where each came from.

    Takes any `assess` option, to show how it combines with the settings file:
    cxcheck config --fail-under 80
    """
    import json

    command = typer.main.get_command(app).commands["assess"]  # type: ignore[attr-defined]
    with command.make_context("cxcheck assess", list(ctx.args)) as assess_ctx:
        params = assess_ctx.params
        run = _settings(assess_ctx, params["config"], params["no_config"])
    if as_json:
        data = {"file": str(run.file) if run.file else None, "values": run.values, "sources": run.sources}
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return
    from rich.table import Table

    table = Table(
        box=None,
        header_style="bold",
        pad_edge=False,
        title_justify="left",
        title=f"settings file: {run.file or 'none found'}",
    )
    table.add_column("Setting", style="cyan", no_wrap=True)
    table.add_column("Value", overflow="fold")
    table.add_column("From", style="dim", overflow="fold")
    for key, value in run.values.items():
        name = key.replace("_", "-")
        if key == "fail_pack" and value:
            for pack_id, number in value.items():
                table.add_row(f"{name}.{pack_id}", f"{number:g}", run.sources[f"fail_pack.{pack_id}"])
            continue
        shown = ", ".join(map(str, value)) if isinstance(value, list) else value
        shown = f"{shown:g}" if isinstance(shown, float) else shown
        table.add_row(name, "—" if shown in (None, "", {}) else str(shown), run.sources[key])
    _print(table)


@app.command("check-answers")
@reports_errors
def check_answers(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATH...", help="Answers files, folders or globs (default: the settings file's)."
        ),
    ] = None,
    rules: RulesOption = None,
    no_builtin: NoBuiltinOption = False,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Check answers files against the rule packs without scoring them (for pre-commit).

    Exit 2, with every problem located, when any is invalid.
    """
    from cxcheck.loading import answers_paths, load_responses

    run, catalogue, _ = _configured_selection(ctx, config, no_config)
    specs = run.answers
    if not specs:
        raise BadInput(Problem("no answers files to check", expected="PATH... or answers in .cxcheck.yaml"))
    for response in load_responses(answers_paths(specs), catalogue):
        count = sum(len(a) for a in response.answers.values())
        typer.echo(f"✓ {response.file} ({count} answers)")


def main() -> None:
    """Console-script entry point."""
    app()
