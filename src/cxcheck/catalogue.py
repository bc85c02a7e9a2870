"""The rule packs: reading and checking pack files, the whole catalogue, and the selection asked."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from pydantic import ValidationError

from cxcheck.choices import PROFILES
from cxcheck.errors import BadInput, Problem, describe_found
from cxcheck.io.documents import node_marks, read_document, validation_problems
from cxcheck.io.resources import builtin_rules_dir
from cxcheck.model import Pack

# The one order packs appear in everywhere (interview, packs list, docs, reports): leadership
# first, as it frames the rest; within a theme the heavier packs first. Unknown themes go last.
THEME_ORDER = ("leadership", "insight", "journey", "people", "relationship", "change")


def catalogue_order(pack: Pack) -> tuple[int, str, float, str]:
    """Sort key for packs: theme in THEME_ORDER (others after, by name), then weight, then id."""
    rank = THEME_ORDER.index(pack.theme) if pack.theme in THEME_ORDER else len(THEME_ORDER)
    return (rank, pack.theme if rank == len(THEME_ORDER) else "", -pack.weight, pack.id)


# Raised with every release whose built-in packs change: results record it beside each pack's version.
CATALOGUE_VERSION = 2


def load_pack_file(path: Path) -> Pack:
    """Read and validate one pack; its id must equal the file name."""
    data = read_document(path)
    if not isinstance(data, dict):
        raise BadInput(
            Problem("a rule pack must be a mapping", file=str(path), line=1, found=describe_found(data))
        )
    try:
        pack = Pack.model_validate(data)
    except ValidationError as exc:
        raise BadInput(validation_problems(path, exc, data)) from None
    if pack.id != path.stem:
        line = node_marks(path).get(("id",), (None, None))[0]
        raise BadInput(
            Problem(
                "pack id must equal the file name",
                file=str(path),
                line=line,
                expected=repr(path.stem),
                found=repr(pack.id),
            )
        )
    return pack


def action_graph(packs: Iterable[Pack]) -> dict[str, list[str]]:
    """Each action id and the ids it must come after."""
    return {a.id: list(a.after) for p in packs for q in p.questions for a in q.actions if a.id}


def action_link_problems(
    packs: Sequence[tuple[Pack, Path]], also_known: Mapping[str, list[str]] | None = None
) -> list[Problem]:
    """Action ids are unique, every `after` names a known action, and prerequisites never loop:
    the plan could not put a step after itself. `also_known` holds actions of packs loaded
    alongside (the built-in ones, when checking extra packs)."""
    graph = dict(also_known or {})
    where: dict[str, tuple[Path, tuple[object, ...]]] = {}
    problems: list[Problem] = []

    def problem(message: str, path: Path, location: tuple[object, ...], **found: str) -> Problem:
        line, column = node_marks(path).get(location, (None, None))
        return Problem(message, file=str(path), line=line, column=column, **found)

    for pack, path in packs:
        for qi, question in enumerate(pack.questions):
            for ai, action in enumerate(question.actions):
                if not action.id:
                    continue
                location: tuple[object, ...] = ("questions", qi, "actions", ai)
                if action.id in where:
                    other = where[action.id][0]
                    problems.append(
                        problem(
                            f"action id {action.id!r} is already used in {other}", path, (*location, "id")
                        )
                    )
                    continue
                where[action.id] = (path, location)
                graph[action.id] = list(action.after)
    for action_id, (path, location) in where.items():
        for k, ref in enumerate(graph[action_id]):
            if ref not in graph:
                problems.append(
                    problem(
                        f"action {action_id!r} comes after {ref!r}, which no pack defines",
                        path,
                        (*location, "after", k),
                        expected="the id of an action in the packs loaded",
                        found=repr(ref),
                    )
                )
    reported: set[str] = set()
    for start in where:
        cycle = _cycle_from(start, graph)
        if cycle and not reported & set(cycle):
            reported.update(cycle)
            path, location = where[start]
            loop = " -> ".join([*cycle, cycle[0]])
            problems.append(
                problem(f"prerequisites go round in a circle: {loop}", path, (*location, "after"))
            )
    return problems


def _cycle_from(start: str, graph: Mapping[str, list[str]]) -> list[str]:
    """The ids of a loop of prerequisites through `start`, or [] when there is none."""
    path: list[str] = []
    seen: set[str] = set()

    def walk(node: str) -> bool:
        if node == start and path:
            return True
        if node in seen or node not in graph:
            return False
        seen.add(node)
        path.append(node)
        if any(walk(ref) for ref in graph[node]):
            return True
        path.pop()
        return False

    return path if walk(start) else []


def pack_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise BadInput(
            Problem("rules folder not found", file=str(folder), expected="a folder of *.yaml packs")
        )
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_catalogue(rule_dirs: Iterable[Path] = (), builtin: bool = True) -> list[Pack]:
    """Every pack available: the built-in ones (unless disabled) and those in `rule_dirs`.

    All packs are checked before any error is raised, so one run reports every broken pack.
    """
    folders = ([builtin_rules_dir()] if builtin else []) + list(rule_dirs)
    packs: list[Pack] = []
    problems: list[Problem] = []
    origin: dict[str, Path] = {}
    for folder in folders:
        for path in pack_files(folder):
            try:
                pack = load_pack_file(path)
            except BadInput as exc:
                problems.extend(exc.problems)
                continue
            taken = next((name for name in (pack.id, *pack.aliases) if name in origin), None)
            if taken is not None and taken != pack.id:
                problems.append(
                    Problem(
                        f"pack alias {taken!r} is already an id or alias in {origin[taken]}", file=str(path)
                    )
                )
                continue
            if pack.id in origin:
                problems.append(
                    Problem(
                        f"pack id {pack.id!r} is already defined in {origin[pack.id]}",
                        file=str(path),
                    )
                )
                continue
            origin.update(dict.fromkeys((pack.id, *pack.aliases), path))
            packs.append(pack)
    problems += action_link_problems([(p, origin[p.id]) for p in packs])
    if problems:
        raise BadInput(problems)
    if not packs:
        raise BadInput("no rule packs to assess (--no-builtin needs at least one --rules folder with packs)")
    return sorted(packs, key=catalogue_order)


def by_id_or_alias(catalogue: Iterable[Pack]) -> dict[str, Pack]:
    """Each pack under its id and under its former ids, so a renamed pack is still found."""
    found = {alias: pack for pack in catalogue for alias in pack.aliases}
    return {**found, **{pack.id: pack for pack in catalogue}}


def select_packs(catalogue: list[Pack], pack_ids: list[str] | None, profile: str) -> list[Pack]:
    """The packs and questions to ask: a subset by id (or former id), and only key questions
    when quick."""
    if profile not in PROFILES:
        raise BadInput(Problem(f"unknown profile {profile!r}", expected=" or ".join(PROFILES)))
    by_id = by_id_or_alias(catalogue)
    if pack_ids:
        unknown = [i for i in pack_ids if i not in by_id]
        if unknown:
            raise BadInput(
                [
                    Problem(
                        f"unknown pack {i!r}", expected="one of " + ", ".join(sorted(p.id for p in catalogue))
                    )
                    for i in unknown
                ]
            )
        wanted = {by_id[i].id for i in pack_ids}
        chosen = [p for p in catalogue if p.id in wanted]  # the catalogue's order, as everywhere
    else:
        chosen = list(catalogue)
    if profile == "quick":
        chosen = [
            p.model_copy(update={"questions": [q for q in p.questions if q.key] or p.questions[:1]})
            for p in chosen
        ]
    return chosen


def iter_pack_paths(specs: Iterable[str]) -> Iterator[Path]:
    """Files and folders named on the command line, expanded to pack files."""
    for spec in specs:
        path = Path(spec)
        if path.is_dir():
            yield from pack_files(path)
        else:
            yield path
