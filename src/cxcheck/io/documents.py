"""Reading YAML and JSON documents into plain data, with every problem located by file, line and
column.

YAML is read by `cxcheck.io.safeyaml` (libyaml, bounded, plain data only). Files are parsed
fast first; only when something is wrong is a file read again with node marks, so that errors
can name the line without every good file paying for it.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from cxcheck.errors import BadInput, Problem, describe_found
from cxcheck.io.safeyaml import SafeLoader, load_yaml

MAX_FILE_BYTES = 10 * 1024 * 1024

Marks = dict[tuple[Any, ...], tuple[int, int]]
KEY = object()  # marks[(*path, KEY)] is where the key of a mapping entry is written


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file, read with a bound: never more than MAX_FILE_BYTES, whatever
    the size `stat` claims (/proc files, a file still growing), and never from a FIFO, a device
    such as /dev/zero, or a socket, which could block or never end."""
    try:
        # O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting forever
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise BadInput(Problem("file not found", file=str(path))) from None
    except IsADirectoryError:
        raise BadInput(Problem("is a folder, not a file", file=str(path))) from None
    except OSError as exc:
        raise BadInput(Problem(f"cannot read file: {exc.strerror}", file=str(path))) from None
    try:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            raise BadInput(Problem("is a folder, not a file", file=str(path)))
        if not stat.S_ISREG(info.st_mode):
            kind = _file_kind(info.st_mode)
            raise BadInput(Problem("not a regular file", file=str(path), expected="a file", found=kind))
        if info.st_size > MAX_FILE_BYTES:
            raise _too_large(path, info.st_size)
        chunks, size = [], 0
        while size <= MAX_FILE_BYTES:
            chunk = os.read(handle, min(1 << 20, MAX_FILE_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_FILE_BYTES:
            raise _too_large(path, size, at_least=True)
        return b"".join(chunks)
    except OSError as exc:
        raise BadInput(Problem(f"cannot read file: {exc.strerror}", file=str(path))) from None
    finally:
        os.close(handle)


def _too_large(path: Path, size: int, at_least: bool = False) -> BadInput:
    return BadInput(
        Problem(
            "file is too large to be a cxcheck file",
            file=str(path),
            expected=f"at most {MAX_FILE_BYTES // (1024 * 1024)} MB",
            found=("more than " if at_least else "") + f"{size / (1024 * 1024):.1f} MB",
        )
    )


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a socket" if stat.S_ISSOCK(mode) else "a special file"


def read_text(path: Path) -> str:
    """A cxcheck file's text: bounded (`read_bytes`), UTF-8 with or without a byte-order mark."""
    data = read_bytes(path)
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
            return json.loads(text, object_pairs_hook=_refuse_duplicates, parse_constant=_refuse_constant)
        except _NotJson as exc:
            raise BadInput(_json_problem(path, text, exc)) from None
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


class _NotJson(ValueError):
    """Text Python's json module accepts but JSON does not mean: NaN, Infinity, a key twice."""

    def __init__(self, message: str, pattern: str) -> None:
        super().__init__(message)
        self.message, self.pattern = message, pattern


def _refuse_constant(name: str) -> Any:
    raise _NotJson(f"invalid JSON: {name} is not a JSON number", rf"(?<![\w\"]){name}(?![\w\"])")


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A key given twice is refused, as in YAML: json would silently keep the last one (even a
    second `answers`)."""
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _NotJson(f"invalid JSON: key {key!r} is given twice", json.dumps(key) + r"\s*:")
        seen[key] = value
    return seen


def _json_problem(path: Path, text: str, exc: _NotJson) -> Problem:
    """Located at the last place the offending text appears: for a duplicate key, the second."""
    import re

    found = list(re.finditer(exc.pattern, text))
    if not found:
        return Problem(exc.message, file=str(path))
    start = found[-1].start()
    before = text[:start]
    return Problem(exc.message, str(path), before.count("\n") + 1, start - (before.rfind("\n") + 1) + 1)


def read_document(path: Path) -> Any:
    """Parse one YAML or JSON file into plain data, or raise BadInput saying where it broke."""
    text = read_text(path)
    if not text.strip():
        raise BadInput(Problem("file is empty", file=str(path), expected="a YAML or JSON mapping"))
    return _parse(path, text)


def node_marks(path: Path) -> Marks:
    """Map each path in a document (keys and list indices) to its 1-based line and column.

    JSON is valid YAML for this purpose; a document YAML cannot compose gets no marks.
    """
    loader = SafeLoader(read_text(path))
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


def locate(
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
        location, mark = locate(marks, item["loc"], key=kind == "extra_forbidden")
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
            location, mark = locate(marks, (*item["loc"], field))
            line, column = mark if mark else (line, column)
            message = f"{_path_text(location)}: unknown {field}"
            expected = "one of " + context.get("expected_tags", "")
            problems.append(Problem(message, str(path), line, column, expected, repr(context.get("tag"))))
            continue
        text, expected = plain_message(item["msg"])
        message = f"{_path_text(location)}: {text}"
        found = None if kind.startswith("value_error") else describe_found(item.get("input"))
        problems.append(Problem(message, str(path), line, column, expected=expected, found=found))
    return problems


SHOULD_BE = re.compile(r"^Input should be (?:a valid )?(.*?)\.?$")


def plain_message(text: str) -> tuple[str, str | None]:
    """A pydantic message as cxcheck words it: "Input should be X" is a value not allowed,
    expected X; "Value error, " prefixes go."""
    text = text.removeprefix("Value error, ")
    should = SHOULD_BE.match(text)
    return ("value not allowed", _plain_expectation(should[1])) if should else (text, None)


def _plain_expectation(text: str) -> str:
    """pydantic's wording of what it wanted, without its jargon: 'greater than or equal to 0'
    becomes '0 or more'; 'integer, unable to parse string as an integer' becomes 'integer'."""
    text = text.split(",")[0] if not text.startswith("'") else text
    text = re.sub(r"^greater than or equal to (\S+)$", r"\1 or more", text)
    text = re.sub(r"^less than or equal to (\S+)$", r"at most \1", text)
    return PLAIN_TYPES.get(text, text)


PLAIN_TYPES = {
    "integer": "a whole number",
    "number": "a number",
    "string": "text",
    "boolean": "true or false",
    "list": "a list",
    "dictionary": "a mapping",
}
