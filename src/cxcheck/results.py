"""Saved results (`--format json`), read back for re-rendering and comparing."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cxcheck.errors import BadInput, Problem, describe_found
from cxcheck.io.documents import locate, node_marks, read_document, validation_problems
from cxcheck.model import RESULT_SCHEMA_VERSION, Result


def load_result(path: Path) -> Result:
    """Read a result saved with `--format json`, for re-rendering or comparing."""
    data = read_document(path)
    if not isinstance(data, dict) or "packs" not in data or "schema_version" not in data:
        raise BadInput(Problem("not a cxcheck result", str(path), expected="a file written by --format json"))
    if data["schema_version"] != RESULT_SCHEMA_VERSION:
        raise BadInput(
            Problem(
                "unsupported result schema version",
                str(path),
                node_marks(path).get(("schema_version",), (None, None))[0],
                expected=f"schema_version {RESULT_SCHEMA_VERSION}",
                found=describe_found(data["schema_version"]),
            )
        )
    problems = _not_finite(path, data)
    if problems:
        raise BadInput(problems)
    try:
        result = Result.model_validate(data)
    except ValidationError as exc:
        raise BadInput(validation_problems(path, exc, data)) from None
    problems = _inconsistencies(path, result)
    if problems:
        raise BadInput(problems)
    return result


def _not_finite(path: Path, data: Any) -> list[Problem]:
    """Every NaN or infinity in a result: a NaN baseline would let any drop pass --fail-on-drop."""
    marks = None
    problems = []
    stack: list[tuple[tuple[Any, ...], Any]] = [((), data)]
    while stack:
        location, value = stack.pop()
        if isinstance(value, dict):
            stack.extend(((*location, key), item) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend(((*location, index), item) for index, item in enumerate(value))
        elif isinstance(value, float) and not math.isfinite(value):
            marks = node_marks(path) if marks is None else marks
            _, mark = locate(marks, location)
            line, column = mark or (None, None)
            where = ".".join(map(str, location))
            message = f"{where}: not a number a result can hold"
            found = describe_found(value)
            problems.append(Problem(message, str(path), line, column, "a finite number", found))
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def _inconsistencies(path: Path, result: Result) -> list[Problem]:
    """What no assessment writes: scores outside 0..100, blank role names, silo signals naming
    roles the result does not have. Renderers can trust a result that passes."""
    found: list[tuple[tuple[Any, ...], str, str, str]] = []  # location, message, expected, found
    scores: list[tuple[tuple[Any, ...], float | None]] = [(("score",), result.score)] + [
        (("packs", i, "score"), p.score) for i, p in enumerate(result.packs)
    ]
    for location, score in scores:
        if score is not None and not 0 <= score <= 100:
            found.append((location, "out of range", "0 to 100", f"{score:g}"))
    roles: list[tuple[tuple[Any, ...], str | None]] = [
        (("roles", i), role) for i, role in enumerate(result.roles)
    ]
    roles += [
        (("respondent_list", i, "role"), r.role) for i, r in enumerate(result.respondent_list) if r.role
    ]
    known = set(result.roles) | {role for pack in result.packs for role in pack.by_role}
    for i, pack in enumerate(result.packs):
        roles += [(("packs", i, "by_role", role), role) for role in pack.by_role]
        for j, role in enumerate(pack.silo_signal):
            roles.append((("packs", i, "silo_signal", j), role))
            if role not in known:
                expected = "one of " + (", ".join(sorted(known)) or "no roles")
                found.append(
                    (
                        ("packs", i, "silo_signal", j),
                        "names a role the result does not have",
                        expected,
                        repr(role),
                    )
                )
    for location, named in roles:
        if named is not None and not named.strip():
            found.append((location, "a role is blank", "role names with text", describe_found(named)))
    if not found:
        return []
    marks = node_marks(path)
    problems = []
    for location, message, expected, value in found:
        _, mark = locate(marks, location)
        line, column = mark or (None, None)
        where = ".".join(map(str, location))
        problems.append(Problem(f"{where}: {message}", str(path), line, column, expected, value))
    return problems


def result_files(specs: list[Path]) -> list[Path]:
    """The result files named: each a file, or a folder whose `*.json` files are all results."""
    files: list[Path] = []
    for spec in specs:
        if spec.is_dir():
            found = sorted(spec.glob("*.json"))
            if not found:
                raise BadInput(
                    Problem("no results in this folder", str(spec), expected="files saved with --format json")
                )
            files.extend(found)
        else:
            files.append(spec)
    return files


def load_results(specs: list[Path]) -> list[tuple[str, Result]]:
    """Every result named (files or folders of them), each with the name it was read from;
    every file's problems are collected before stopping."""
    loaded, problems = [], []
    for path in result_files(specs):
        try:
            loaded.append((str(path), load_result(path)))
        except BadInput as exc:
            problems.extend(exc.problems)
    if problems:
        raise BadInput(problems)
    return loaded
