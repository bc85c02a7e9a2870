"""The commands about packs themselves: `init`, `packs list|show|validate|docs`, `explain`,
`schema`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from cxcheck.app.console import Console
from cxcheck.app.selection import catalogue_and_selection, find_pack
from cxcheck.errors import BadInput, Outcome, Problem
from cxcheck.settings import Settings

if TYPE_CHECKING:
    from cxcheck.model import Pack


def init(
    settings: Settings, console: Console, *, output: Path | None, force: bool, fmt: str | None = None
) -> Outcome:
    """A form for the selected packs (the YAML answers template, the offline questionnaire or a
    response sheet), printed or written to a new file. Without a format, the output's suffix
    picks one (questionnaire.html, responses.xlsx), else the YAML template."""
    from cxcheck.io.writing import write_atomic
    from cxcheck.render.forms import form_format, render_form

    fmt = form_format(fmt, output)
    _, selected = catalogue_and_selection(settings)
    content = render_form(selected, settings.profile, fmt)
    if output is None:
        if isinstance(content, bytes):
            raise BadInput(
                Problem(f"--format {fmt} writes a binary file", expected="--output FILE", found="no --output")
            )
        console.write(content)
        return Outcome.OK
    if output.exists() and not force:
        raise BadInput(Problem("file already exists; use --force to overwrite it", file=str(output)))
    _not_into_rules(output, settings)
    write_atomic(output, content)
    count = sum(len(p.questions) for p in selected)
    next_step = {
        "yaml": f"Fill it in, then run: cxcheck assess --answers {output}",
        "html": "Send it to each participant (it works offline, from disk); collect the answers files "
        "they save in one folder, then run: cxcheck assess --answers FOLDER/",
        "csv": f"Fill one row per respondent, then run: cxcheck assess --answers {output}",
        "xlsx": f"Fill one row per respondent, then run: cxcheck assess --answers {output}",
    }[fmt]
    console.note(f"wrote {output}: {count} questions in {len(selected)} packs. {next_step}", style="")
    return Outcome.OK


def packs_list(settings: Settings, console: Console) -> Outcome:
    from cxcheck.render.catalogue import pack_list

    catalogue, _ = catalogue_and_selection(settings)
    console.show(pack_list(catalogue))
    return Outcome.OK


def packs_show(settings: Settings, console: Console, pack_id: str) -> Outcome:
    from cxcheck.render.catalogue import overview

    catalogue, _ = catalogue_and_selection(settings)
    pack, _ = find_pack(catalogue, pack_id)
    console.show(overview(pack))
    return Outcome.OK


def explain(settings: Settings, console: Console, reference: str) -> Outcome:
    from cxcheck.render.catalogue import explain as explain_pack

    catalogue, _ = catalogue_and_selection(settings)
    pack, question_id = find_pack(catalogue, reference)
    console.show(explain_pack(pack, question_id))
    return Outcome.OK


def packs_validate(paths: list[Path], console: Console) -> Outcome:
    """Check pack files one by one, listing each good one; every problem is reported together."""
    from cxcheck.catalogue import (
        action_graph,
        action_link_problems,
        iter_pack_paths,
        load_pack_file,
        pack_files,
    )
    from cxcheck.io.resources import builtin_rules_dir

    problems: list[Problem] = []
    seen: dict[str, Path] = {}
    loaded: list[tuple[Pack, Path]] = []
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
        loaded.append((pack, path))
        console.line(f"✓ {path} ({len(pack.questions)} questions)")
    # Prerequisites may name the built-in packs' actions; the packs checked here stand in for
    # built-in packs of the same id.
    builtin = [load_pack_file(path) for path in pack_files(builtin_rules_dir())]
    problems += action_link_problems(loaded, action_graph(p for p in builtin if p.id not in seen))
    if problems:
        raise BadInput(problems)
    if count == 0:
        raise BadInput(Problem("no pack files found", expected="*.yaml files"))
    return Outcome.OK


def packs_docs(settings: Settings, console: Console, *, output: Path | None) -> Outcome:
    """The whole catalogue as Markdown: every pack of the rule folders, whatever the selection."""
    from cxcheck.io.writing import write_atomic
    from cxcheck.render.catalogue_doc import catalogue_markdown

    catalogue, _ = catalogue_and_selection(settings.model_copy(update={"packs": None}))
    text = catalogue_markdown(catalogue)
    if output is None:
        console.write(text)
        return Outcome.OK
    _not_into_rules(output, settings)
    write_atomic(output, text)
    console.note(f"wrote {output}: {len(catalogue)} packs", style="dim")
    return Outcome.OK


def _not_into_rules(output: Path, settings: Settings) -> None:
    """A document written into a rules folder would be read as a pack by the next run."""
    from cxcheck.io.resources import builtin_rules_dir
    from cxcheck.io.writing import refuse_clashes

    folders = [Path(r) for r in settings.rules] + ([] if settings.no_builtin else [builtin_rules_dir()])
    refuse_clashes({"--output": output}, {"a rules folder": folders})


def schema(settings: Settings, console: Console, kind: str) -> Outcome:
    """A JSON Schema; the answers one is built from the selected packs."""
    from cxcheck.schemas import schema_for

    selected = catalogue_and_selection(settings)[1] if kind == "answers" else []
    console.write(json.dumps(schema_for(kind, selected), indent=2) + "\n")
    return Outcome.OK


def check_answers(settings: Settings, console: Console) -> Outcome:
    """Check answers files against the packs without scoring them (for pre-commit)."""
    from cxcheck.answers import answers_paths, load_responses

    if not settings.answers:
        raise BadInput(Problem("no answers files to check", expected="PATH... or answers in .cxcheck.yaml"))
    catalogue, _ = catalogue_and_selection(settings)
    for response in load_responses(answers_paths(settings.answers), catalogue):
        count = sum(len(a) for a in response.answers.values())
        console.line(f"✓ {response.file} ({count} answers)")
    return Outcome.OK
