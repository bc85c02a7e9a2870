"""`init`, `packs list|show|validate|docs`, `explain`, `schema`, `check-answers`."""

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cxcheck.choices import INIT_FORMATS
from cxcheck.cli.help import PlainHelpCommand
from cxcheck.cli.main import app, packs_app, run
from cxcheck.cli.options import (
    ConfigOption,
    NoBuiltinOption,
    NoConfigOption,
    PacksOption,
    ProfileOption,
    RulesOption,
    resolve_settings,
    settings_given,
)

if TYPE_CHECKING:
    from cxcheck.app.console import Console
    from cxcheck.errors import Outcome


FormFormat = Enum("FormFormat", {name: name for name in INIT_FORMATS}, type=str)  # type: ignore[misc]


class SchemaKind(str, Enum):
    pack = "pack"
    answers = "answers"
    result = "result"
    config = "config"


@app.command(cls=PlainHelpCommand, short_help="Write an answers template with every question.")
def init(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            dir_okay=False,
            help="Write it to this file (default: print it; xlsx needs a file).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    fmt: Annotated[
        FormFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="yaml: the answers template. html: an offline questionnaire to send to participants. "
            "csv, xlsx: a response sheet, one row per respondent. "
            "Default: from the --output suffix, else yaml.",
            show_default=False,
        ),
    ] = None,
    packs: PacksOption = None,
    profile: ProfileOption = None,
    rules: RulesOption = None,
    no_builtin: NoBuiltinOption = False,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Write an answers template (every question, its answers and help as comments), an offline
    HTML questionnaire, or a CSV/XLSX response sheet.

    Fill it in and run `cxcheck assess --answers FILE`. Packs, profile and rule
    folders come from the settings file too (.cxcheck.yaml), unless given here.
    """
    given = settings_given(packs=packs, profile=profile, rules=rules, no_builtin=no_builtin)

    def use_case(console: "Console") -> "Outcome":
        from cxcheck.app.catalogue import init as write_template

        settings = resolve_settings(given, config, no_config, console).settings
        chosen = fmt.value if fmt is not None else None
        return write_template(settings, console, output=output, force=force, fmt=chosen)

    run(use_case)


@packs_app.command("list", cls=PlainHelpCommand)
def packs_list(
    rules: RulesOption = None,
    no_builtin: NoBuiltinOption = False,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """List the rule packs: id, theme, title, number of questions."""
    given = settings_given(rules=rules, no_builtin=no_builtin)

    def use_case(console: "Console") -> "Outcome":
        from cxcheck.app.catalogue import packs_list as list_packs

        return list_packs(resolve_settings(given, config, no_config, console).settings, console)

    run(use_case, writes=False)


@packs_app.command("show", cls=PlainHelpCommand)
def packs_show(
    pack_id: Annotated[str, typer.Argument(metavar="ID", help="Pack id, e.g. silo-thinking.")],
    rules: RulesOption = None,
    no_builtin: NoBuiltinOption = False,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """One pack at a glance: summary and questions."""
    given = settings_given(rules=rules, no_builtin=no_builtin)

    def use_case(console: "Console") -> "Outcome":
        from cxcheck.app.catalogue import packs_show as show_pack

        return show_pack(resolve_settings(given, config, no_config, console).settings, console, pack_id)

    run(use_case, writes=False)


@packs_app.command("validate", cls=PlainHelpCommand)
def packs_validate(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH", help="Pack files or folders of them.")],
) -> None:
    """Check rule pack files: format, types, ids. Exit 2 when any is invalid."""

    def use_case(console: "Console") -> "Outcome":
        from cxcheck.app.catalogue import packs_validate as validate

        return validate(paths, console)

    run(use_case, writes=False)


@packs_app.command("docs", cls=PlainHelpCommand, short_help="The whole catalogue as one Markdown document.")
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
    given = settings_given(rules=rules, no_builtin=no_builtin)

    def use_case(console: "Console") -> "Outcome":
        from cxcheck.app.catalogue import packs_docs as write_docs

        return write_docs(resolve_settings(given, None, True, console).settings, console, output=output)

    run(use_case)


@app.command(cls=PlainHelpCommand, short_help="Explain a pack or a question in full.")
def explain(
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
    given = settings_given(rules=rules, no_builtin=no_builtin)

    def use_case(console: "Console") -> "Outcome":
        from cxcheck.app.catalogue import explain as explain_reference

        return explain_reference(
            resolve_settings(given, config, no_config, console).settings, console, reference
        )

    run(use_case, writes=False)


@app.command(cls=PlainHelpCommand, short_help="Print a JSON Schema for editors and validators.")
def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="Which file format to describe.")],
    packs: PacksOption = None,
    profile: ProfileOption = None,
    rules: RulesOption = None,
    no_builtin: NoBuiltinOption = False,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Print a JSON Schema: for editors and validators.

    The answers schema is built from the selected packs, so an editor knows every question.
    """
    given = settings_given(packs=packs, profile=profile, rules=rules, no_builtin=no_builtin)

    def use_case(console: "Console") -> "Outcome":
        from cxcheck.app.catalogue import schema as print_schema

        return print_schema(resolve_settings(given, config, no_config, console).settings, console, kind.value)

    run(use_case, writes=False)


@app.command("check-answers", cls=PlainHelpCommand, short_help="Check answers files without scoring them.")
def check_answers(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATH", help="Answers files, folders or globs (default: the settings file's)."
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
    given = settings_given(answers=paths, rules=rules, no_builtin=no_builtin)

    def use_case(console: "Console") -> "Outcome":
        from cxcheck.app.catalogue import check_answers as check

        return check(resolve_settings(given, config, no_config, console).settings, console)

    run(use_case, writes=False)
