"""Saved results (`--format json`), read back for re-rendering and comparing."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from cxcheck.errors import BadInput, Problem, describe_found
from cxcheck.io.documents import node_marks, read_document, validation_problems
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
    try:
        return Result.model_validate(data)
    except ValidationError as exc:
        raise BadInput(validation_problems(path, exc, data)) from None


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
