"""Reading files into validated models, with every problem located by file, line and column.

YAML is read by cxcheck.safeyaml (libyaml, bounded, plain data only). Files are parsed fast
first; only when something is wrong is a file read again with node marks, so that errors can
name the line without every good file paying for it.
"""

from __future__ import annotations

import gc
import glob
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from cxcheck.choices import PROFILES
from cxcheck.errors import BadInput, Problem, describe_found
from cxcheck.model import (
    RESULT_SCHEMA_VERSION,
    AnswerRejected,
    AnswersFile,
    Given,
    Pack,
    Response,
    Result,
)
from cxcheck.safeyaml import SafeLoader, load_yaml

ANSWER_SUFFIXES = (".yaml", ".yml", ".json")
MAX_FILE_BYTES = 10 * 1024 * 1024

Marks = dict[tuple[Any, ...], tuple[int, int]]
KEY = object()  # marks[(*path, KEY)] is where the key of a mapping entry is written


# --- reading documents ------------------------------------------------------------------


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BadInput(
                Problem(
                    "file is too large to be a cxcheck file",
                    file=str(path),
                    expected=f"at most {MAX_FILE_BYTES // (1024 * 1024)} MB",
                    found=f"{size / (1024 * 1024):.1f} MB",
                )
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise BadInput(Problem("file not found", file=str(path))) from None
    except IsADirectoryError:
        raise BadInput(Problem("is a folder, not a file", file=str(path))) from None
    except OSError as exc:
        raise BadInput(Problem(f"cannot read file: {exc.strerror}", file=str(path))) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BadInput(
            Problem(
                "file is not UTF-8 text",
                file=str(path),
                line=line,
                expected="a UTF-8 encoded YAML or JSON file",
                found=f"byte 0x{data[exc.start]:02x}",
            )
        ) from None


def _yaml_problem(path: Path, exc: yaml.YAMLError, text: str) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML does not allow: no mark, a position
        before = text[: exc.position]
        return Problem(
            f"invalid YAML: {exc.reason}",
            file=str(path),
            line=before.count("\n") + 1,
            column=exc.position - (before.rfind("\n") + 1) + 1,
            found=f"character 0x{exc.character:02x}" if isinstance(exc.character, int) else None,
        )
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    if "could not determine a constructor" in problem:
        problem = "this YAML tag is not allowed (cxcheck files hold plain data only)"
    message = f"invalid YAML: {problem}" + (f" ({context})" if context else "")
    return Problem(
        message,
        file=str(path),
        line=mark.line + 1 if mark else None,
        column=mark.column + 1 if mark else None,
    )


def _parse(path: Path, text: str) -> Any:
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise BadInput(
                Problem(f"invalid JSON: {exc.msg}", file=str(path), line=exc.lineno, column=exc.colno)
            ) from None
        except RecursionError:
            raise BadInput(Problem("invalid JSON: nested too deeply", file=str(path))) from None
        except ValueError as exc:  # a number Python will not convert, such as one of 5,000 digits
            raise BadInput(Problem(f"invalid JSON: {str(exc).split(';')[0]}", file=str(path))) from None
    try:
        return load_yaml(text)
    except yaml.YAMLError as exc:
        raise BadInput(_yaml_problem(path, exc, text)) from None
    except RecursionError:
        raise BadInput(Problem("invalid YAML: nested too deeply", file=str(path))) from None


def read_document(path: Path) -> Any:
    """Parse one YAML or JSON file into plain data, or raise BadInput saying where it broke."""
    text = _read_text(path)
    if not text.strip():
        raise BadInput(Problem("file is empty", file=str(path), expected="a YAML or JSON mapping"))
    return _parse(path, text)


def node_marks(path: Path) -> Marks:
    """Map each path in a document (keys and list indices) to its 1-based line and column.

    JSON is valid YAML for this purpose; a document YAML cannot compose gets no marks.
    """
    loader = SafeLoader(_read_text(path))
    try:
        root = loader.get_single_node()
    except (yaml.YAMLError, RecursionError):
        return {}
    finally:
        loader.dispose()
    marks: Marks = {}
    seen: set[int] = set()
    stack: list[tuple[tuple[Any, ...], Any]] = [((), root)] if root is not None else []
    while stack:
        location, node = stack.pop()
        marks[location] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if id(node) in seen:  # an alias: its content is already indexed where it was anchored
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                entry = (*location, key_node.value)
                key_mark = (*entry, KEY)
                marks[key_mark] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                stack.append((entry, value_node))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(((*location, i), item) for i, item in enumerate(node.value))
    return marks


def _locate(
    marks: Marks, location: Iterable[Any], key: bool = False
) -> tuple[tuple[Any, ...], tuple[int, int] | None]:
    """The deepest part of `location` present in the document, and its mark.

    With `key`, the mark of the key itself (for unknown keys) rather than of its value.
    Pydantic adds parts that are not in the document (a union's tag, say); those are skipped.
    """
    found: tuple[Any, ...] = ()
    for part in location:
        if (*found, part) in marks:
            found = (*found, part)
    return found, (marks.get((*found, KEY)) if key else None) or marks.get(found)


def _path_text(location: tuple[Any, ...]) -> str:
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "top level"


def validation_problems(path: Path, error: ValidationError, data: Any) -> list[Problem]:
    """Turn pydantic's errors into one located problem each."""
    marks = node_marks(path)
    problems = []
    for item in error.errors(include_url=False):
        kind = item["type"]
        location, mark = _locate(marks, item["loc"], key=kind == "extra_forbidden")
        line, column = mark if mark else (None, None)
        if kind == "missing":
            key = item["loc"][-1]
            message = f"{_path_text(location)}: missing required key {key!r}"
            problems.append(Problem(message, str(path), line, column))
            continue
        if kind == "extra_forbidden":
            message = f"{_path_text(location)}: unknown key {item['loc'][-1]!r}"
            problems.append(Problem(message, str(path), line, column, expected="a key this format defines"))
            continue
        if kind == "union_tag_not_found":
            field = item.get("ctx", {}).get("discriminator", "type").strip("'")
            message = f"{_path_text(location)}: missing required key {field!r}"
            problems.append(Problem(message, str(path), line, column))
            continue
        if kind == "union_tag_invalid":
            context = item.get("ctx", {})
            field = context.get("discriminator", "type").strip("'")
            location, mark = _locate(marks, (*item["loc"], field))
            line, column = mark if mark else (line, column)
            message = f"{_path_text(location)}: unknown {field}"
            expected = "one of " + context.get("expected_tags", "")
            problems.append(Problem(message, str(path), line, column, expected, repr(context.get("tag"))))
            continue
        message = f"{_path_text(location)}: {item['msg'].removeprefix('Value error, ')}"
        found = None if kind.startswith("value_error") else describe_found(item.get("input"))
        problems.append(Problem(message, str(path), line, column, found=found))
    return problems


# --- rule packs -------------------------------------------------------------------------


def _data_dir(name: str) -> Path:
    """A folder of data shipped with cxcheck: inside the installed package, or, when running from
    a checkout (an editable install), at the top of the project, where it is kept."""
    packaged = Path(str(resources.files("cxcheck") / name))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / name


def builtin_rules_dir() -> Path:
    """The rule packs shipped with cxcheck."""
    return _data_dir("rules")


def templates_dir() -> Path:
    """The report templates shipped with cxcheck."""
    return _data_dir("templates")


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
            if pack.id in origin:
                problems.append(
                    Problem(
                        f"pack id {pack.id!r} is already defined in {origin[pack.id]}",
                        file=str(path),
                    )
                )
                continue
            origin[pack.id] = path
            packs.append(pack)
    if problems:
        raise BadInput(problems)
    if not packs:
        raise BadInput("no rule packs to assess (--no-builtin needs at least one --rules folder with packs)")
    return packs


def select_packs(catalogue: list[Pack], pack_ids: list[str] | None, profile: str) -> list[Pack]:
    """The packs and questions to ask: a subset by id, and only key questions when quick."""
    if profile not in PROFILES:
        raise BadInput(Problem(f"unknown profile {profile!r}", expected=" or ".join(PROFILES)))
    by_id = {p.id: p for p in catalogue}
    if pack_ids:
        unknown = [i for i in pack_ids if i not in by_id]
        if unknown:
            raise BadInput(
                [
                    Problem(f"unknown pack {i!r}", expected="one of " + ", ".join(sorted(by_id)))
                    for i in unknown
                ]
            )
        chosen = [by_id[i] for i in dict.fromkeys(pack_ids)]
    else:
        chosen = list(catalogue)
    if profile == "quick":
        chosen = [
            p.model_copy(update={"questions": [q for q in p.questions if q.key] or p.questions[:1]})
            for p in chosen
        ]
    return chosen


# --- answers ----------------------------------------------------------------------------


def answers_paths(specs: Iterable[str]) -> list[Path]:
    """Expand files, folders (their *.yaml, *.yml, *.json) and globs into answers files."""
    found: dict[Path, None] = {}
    problems = []
    for spec in specs:
        path = Path(spec)
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.suffix.lower() in ANSWER_SUFFIXES and p.is_file())
            if not inside:
                problems.append(
                    Problem(
                        "no answers files in this folder",
                        file=spec,
                        expected="*.yaml, *.yml or *.json files",
                    )
                )
            found.update(dict.fromkeys(inside))
        elif path.exists():
            found[path] = None
        elif glob.has_magic(spec):
            matches = sorted(Path(m) for m in glob.glob(spec, recursive=True) if Path(m).is_file())
            if not matches:
                problems.append(Problem("no files match this pattern", file=spec))
            found.update(dict.fromkeys(matches))
        else:
            problems.append(Problem("file not found", file=spec))
    if problems:
        raise BadInput(problems)
    return list(found)


@dataclass(frozen=True)
class _Misfit:
    """An answer that does not fit its pack; located in the file only if there is one."""

    location: tuple[Any, ...]
    message: str
    expected: str | None = None
    found: str | None = None
    at_key: bool = False  # the key itself is wrong (unknown id), not its value


class _Checker:
    """Checks answers against the catalogue; built once for all the files of a run.

    Equal answers share one object, so ten thousand respondents who answer `yes` cost one
    `Given`, not ten thousand.
    """

    def __init__(self, catalogue: dict[str, Pack]) -> None:
        self.catalogue = catalogue
        self.questions = {pack_id: {q.id: q for q in pack.questions} for pack_id, pack in catalogue.items()}
        self.shared: dict[tuple[Any, ...], Given] = {}

    def answer(
        self, pack: Pack, question: Any, raw: Any, location: tuple[Any, ...]
    ) -> Given | _Misfit | None:
        """One answer as the question's canonical value; None when left blank (unanswered)."""
        name = f"{pack.id}/{question.id}"
        note = None
        if isinstance(raw, dict):
            if set(raw) - {"value", "note"} or "value" not in raw:
                found = ", ".join(map(str, raw)) or "an empty mapping"
                return _Misfit(
                    location,
                    f"{name}: an answer mapping takes 'value' and 'note'",
                    "keys value (required) and note",
                    found,
                )
            note = raw.get("note")
            if note is not None and not isinstance(note, str):
                return _Misfit(
                    (*location, "note"), f"{name}: note must be text", "text", describe_found(note)
                )
            raw = raw["value"]
        if raw is None:  # left blank, as `cxcheck init` writes it
            return None
        try:
            value = question.parse(raw)
        except AnswerRejected as exc:
            return _Misfit(location, f"{name}: value not allowed", exc.expected, describe_found(exc.found))
        given = Given(value, note)
        return self.shared.setdefault((type(value), value, note), given)

    def answers(self, raw_answers: dict[str, Any]) -> tuple[dict[str, dict[str, Given]], list[_Misfit]]:
        """Check every answer against its question, collecting every misfit."""
        parsed: dict[str, dict[str, Given]] = {}
        misfits: list[_Misfit] = []
        for pack_id, answers in raw_answers.items():
            pack = self.catalogue.get(pack_id)
            if pack is None:
                expected = "one of " + ", ".join(sorted(self.catalogue))
                misfits.append(
                    _Misfit(("answers", pack_id), f"unknown pack {pack_id!r}", expected, at_key=True)
                )
                continue
            questions = self.questions[pack_id]
            parsed[pack_id] = {}
            for question_id, raw in (answers or {}).items():
                location = ("answers", pack_id, question_id)
                question = questions.get(str(question_id))
                if question is None:
                    expected = "one of " + ", ".join(questions)
                    message = f"unknown question {pack_id}/{question_id}"
                    misfits.append(_Misfit(location, message, expected, at_key=True))
                    continue
                outcome = self.answer(pack, question, raw, location)
                if isinstance(outcome, _Misfit):
                    misfits.append(outcome)
                elif outcome is not None:
                    parsed[pack_id][question.id] = outcome
        return parsed, misfits


def load_response(path: Path, catalogue: dict[str, Pack]) -> Response:
    """Read one answers file and check every answer against the packs."""
    return _load_response(path, _Checker(catalogue))


def _load_response(path: Path, checker: _Checker) -> Response:
    data = read_document(path)
    if not isinstance(data, dict):
        raise BadInput(
            Problem(
                "an answers file must be a mapping",
                file=str(path),
                line=1,
                expected="keys cxcheck, organisation, respondent, date, answers",
                found=describe_found(data),
            )
        )
    if "cxcheck" not in data and ("$schema" in data or "schema_version" in data):
        # One message, not one "unknown key" per top-level key of the wrong kind of file.
        kind = "a JSON Schema" if "$schema" in data else "a cxcheck result"
        raise BadInput(Problem(f"this is {kind}, not an answers file", file=str(path), expected="cxcheck: 1"))
    if "cxcheck" in data and data["cxcheck"] != 1:
        line = node_marks(path).get(("cxcheck",), (None, None))[0]
        raise BadInput(
            Problem(
                "unsupported answers format version",
                file=str(path),
                line=line,
                expected="cxcheck: 1",
                found=describe_found(data["cxcheck"]),
            )
        )
    try:
        shape = AnswersFile.model_validate(data)
    except ValidationError as exc:
        raise BadInput(validation_problems(path, exc, data)) from None
    answers, misfits = checker.answers(shape.answers)
    if misfits:
        marks = node_marks(path)
        located = []
        for misfit in misfits:
            _, mark = _locate(marks, misfit.location, key=misfit.at_key)
            line, column = mark if mark else (None, None)
            located.append(Problem(misfit.message, str(path), line, column, misfit.expected, misfit.found))
        raise BadInput(located)
    respondent = shape.respondent
    return Response(
        file=str(path),
        organisation=shape.organisation,
        name=respondent.name if respondent else None,
        role=respondent.role if respondent else None,
        date=shape.date,
        answers=answers,
    )


def load_responses(paths: Iterable[Path], catalogue: list[Pack]) -> list[Response]:
    """Validate every answers file before any is used; report the problems of all of them."""
    checker = _Checker({p.id: p for p in catalogue})
    responses, problems = [], []
    collecting = gc.isenabled()
    gc.disable()  # every file adds thousands of objects and none is garbage: collections only cost
    try:
        for path in paths:
            try:
                responses.append(_load_response(path, checker))
            except BadInput as exc:
                problems.extend(exc.problems)
    finally:
        if collecting:
            gc.enable()
    if problems:
        raise BadInput(problems)
    return responses


# --- writing ----------------------------------------------------------------------------


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and a rename, so no reader ever sees half a file."""
    write_all_atomic({path: text})


def write_all_atomic(outputs: Mapping[Path, str]) -> None:
    """Write several files all or nothing: each goes to a temporary file beside its target, and
    only when every one is complete are they renamed into place. A failure or Ctrl-C before then
    leaves no target changed and no temporary behind.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for path, text in outputs.items():
            staged.append((_stage(path, text), path))
        for temporary, path in staged:
            os.replace(temporary, path)
    except OSError as exc:
        raise BadInput(Problem(f"cannot write file: {exc.strerror}", file=str(path))) from None
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)


def _stage(path: Path, text: str) -> Path:
    """`text` in a complete temporary file beside `path`, with the mode a new file would get."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise BadInput(Problem("cannot write here: the folder does not exist", file=str(path)))
    if path.is_dir():
        raise BadInput(Problem("cannot write here: this is a folder", file=str(path)))
    try:
        handle, name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise BadInput(Problem(f"cannot write here: {exc.strerror}", file=str(path))) from None
    temporary = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        # mkstemp makes files only their owner can read; give the file the mode `open` would
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


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


def iter_pack_paths(specs: Iterable[str]) -> Iterator[Path]:
    """Files and folders named on the command line, expanded to pack files."""
    for spec in specs:
        path = Path(spec)
        if path.is_dir():
            yield from pack_files(path)
        else:
            yield path
