"""Settings: one typed model for every key cxcheck takes from the command line or a settings
file (`.cxcheck.yaml`, or `[tool.cxcheck]` in pyproject.toml), with its type and its default.
`cxcheck config` shows it and `cxcheck schema config` describes it.

The file is found by walking up from the current folder, as ruff and pre-commit find theirs;
the first folder holding either wins, and `.cxcheck.yaml` wins over pyproject.toml within it.
The walk stops at the repository root or the home folder, and obeys only files the trust rule
accepts (`cxcheck.io.trust`, docs/security.md); `output`, `plan` and `junit` from a file must lie
inside that file's folder.
Keys are the long command-line options without their dashes (`fail-under: 70`); paths are
relative to the file's folder. An option given on the command line wins over the file.
"""

from __future__ import annotations

import dataclasses
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from cxcheck.choices import FORMATS, PROFILES
from cxcheck.errors import BadInput, Problem, describe_found
from cxcheck.io import trust
from cxcheck.io.documents import KEY, node_marks, plain_message, read_document, read_text, validation_problems
from cxcheck.model import SLUG_PATTERN, Target, Waiver

CONFIG_NAMES = (".cxcheck.yaml", ".cxcheck.yml")
PYPROJECT = "pyproject.toml"
Score = Annotated[float, Field(ge=0, le=100)]
PackId = Annotated[str, Field(pattern=SLUG_PATTERN)]
PATH_KEYS = ("answers", "rules", "output", "plan", "plan_csv", "junit", "baseline", "history", "targets_file")
LOCATED_KEYS = ("targets", "waivers")  # checked against the catalogue later: keep each item's line
WRITTEN_KEYS = ("output", "plan", "junit")  # a settings file may write only inside its own folder
COMMAND_LINE = "command line"
DEFAULT = "default"


class Settings(BaseModel):
    """What a run of `cxcheck assess` needs, so the command line can be just `cxcheck assess`.

    The defaults here are the only ones: the command line and the file only override them.
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        alias_generator=lambda name: name.replace("_", "-"),
        title="cxcheck config",
    )

    answers: list[str] = Field(
        default_factory=list, description="Answers files, folders or globs, relative to this file."
    )
    packs: list[PackId] | None = Field(
        None, description="Only these packs (a list, or ids separated by commas)."
    )
    profile: Literal[PROFILES] = Field(  # type: ignore[valid-type]
        PROFILES[0], description="quick: one key question per pack; full: every question."
    )
    rules: list[str] = Field(default_factory=list, description="Folders of extra rule packs.")
    no_builtin: bool = Field(False, description="Leave out the built-in packs.")
    fail_under: Score | None = Field(None, description="Fail when the overall score is below this.")
    fail_pack: dict[PackId, Score] = Field(
        default_factory=dict, description="Fail when a pack scores below its number."
    )
    fail_on_drop: Score | None = Field(
        None, description="Fail when any score fell by more than this many points since the baseline."
    )
    baseline: str | None = Field(None, description="A result saved with --format json to compare with.")
    format: Literal[FORMATS] = Field(FORMATS[0], description="What to print or write with output.")  # type: ignore[valid-type]
    output: str | None = Field(None, description="Write the chosen format here.")
    plan: str | None = Field(None, description="Also write the Markdown action plan here.")
    plan_csv: str | None = Field(
        None, description="Also write the plan as CSV for a tracker (Jira, Trello, Asana, GitHub)."
    )
    junit: str | None = Field(None, description="Also write JUnit XML here.")
    min_coverage: Score | None = Field(
        None, description="Fail when less than this % of the score's weight is answered (unknowns count 0)."
    )
    plan_size: Annotated[int, Field(ge=1, le=100)] = Field(
        15, description="Steps in the 90-day plan; the rest go to the backlog."
    )
    min_answered: Score = Field(
        20, description="Workshops: leave out (and name) a file answering under this % of the questions."
    )
    roles: dict[str, str] = Field(
        default_factory=dict, description="Workshops: role aliases, e.g. {CS: Customer Service}."
    )
    one_per_role: bool = Field(
        False, description="Workshops: one person per role, so a silo signal may rest on one person each."
    )
    anonymous: bool = Field(False, description="No names in any output; roles under min-group folded.")
    min_group: Annotated[int, Field(ge=1)] = Field(
        3, description="With anonymous: roles with fewer respondents show as 'other roles'."
    )
    max_age: Annotated[str, Field(pattern=r"^[1-9][0-9]*[my]$")] = Field(
        "12m", description="Answers and evidence older than this are stale: months (18m) or years (1y)."
    )
    fail_stale: bool = Field(False, description="Fail when any answer or evidence is older than max-age.")

    def max_age_months(self) -> int:
        """max-age in months: '18m' is 18, '1y' is 12."""
        return int(self.max_age[:-1]) * (12 if self.max_age.endswith("y") else 1)

    history: str | None = Field(
        None, description="A folder of earlier results (--format json): the HTML report gains a trend."
    )
    targets: dict[PackId, Target] = Field(
        default_factory=dict,
        description="Scores to reach by a date, per pack id or 'overall', e.g. "
        "{overall: {score: 70, by: 2027-06-30}}.",
    )
    targets_file: str | None = Field(
        None, description="A YAML or JSON file of targets, shaped as `targets`; `targets` here win."
    )
    fail_off_track: bool = Field(
        False, description="Fail when a target's date passed unmet, or the trend does not reach it in time."
    )
    waivers: list[Waiver] = Field(
        default_factory=list,
        description="Packs or questions out of gates and the plan until a date; reason and owner required.",
    )
    fail_expired_waivers: bool = Field(False, description="Fail when a waiver has expired.")

    @field_validator("answers", "rules", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("packs", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        return [p.strip() for p in value.split(",") if p.strip()] if isinstance(value, str) else value


KEYS = tuple(Settings.model_fields)


@dataclass(frozen=True)
class SettingsFile:
    """A validated settings file: the keys it sets (paths made usable here) and the line of each."""

    path: Path
    values: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)
    item_lines: dict[tuple[Any, ...], int] = field(default_factory=dict)

    def where(self, key: str) -> str:
        """`file:line` of a key (`fail_pack.some-pack` for one pack's threshold), the file shown
        relative to the current folder when inside it."""
        line = self.lines.get(key) or self.lines.get(key.split(".")[0])
        shown = shown_path(self.path)
        return f"{shown}:{line}" if line else shown


@dataclass(frozen=True)
class Resolved:
    """The settings of one run, and where each came from: default, a file:line, the command line."""

    settings: Settings
    sources: dict[str, str]
    file: Path | None = None
    notes: list[str] = field(default_factory=list)  # settings files skipped, and why
    item_lines: dict[tuple[Any, ...], int] = field(default_factory=dict)

    def locate(self, *key: Any) -> tuple[str | None, int | None]:
        """Where the settings file wrote an item of `targets` or `waivers` (the key's line for a
        target's name), else the line of the top key."""
        if self.file is None:
            return None, None
        for candidate in ((*key, KEY), key, key[:2], key[:1]):
            if candidate in self.item_lines:
                return str(self.file), self.item_lines[candidate]
        source = self.sources.get(key[0], "")
        line = source.rpartition(":")[2]
        return str(self.file), int(line) if line.isdigit() else None


# --- finding and reading ------------------------------------------------------------------


def _has_tool_section(pyproject: Path) -> bool:
    """Cheap test before parsing: most pyproject files have no cxcheck section."""
    try:
        return re.search(r"^\s*\[\s*tool\.cxcheck\s*[\].]", read_text(pyproject), re.M) is not None
    except BadInput:
        return False


def find_config(start: Path, notes: list[str] | None = None) -> Path | None:
    """The settings file nearest to `start`, looking in it and then each parent folder up to the
    repository root or the home folder; a file `trust.distrust` rejects is skipped with a note."""
    home = trust.home_folder()
    for folder in (start, *start.parents):
        for candidate in (*(folder / name for name in CONFIG_NAMES), folder / PYPROJECT):
            try:
                if not candidate.is_file():
                    continue
            except OSError as exc:  # a folder we may not look in
                _note(notes, f"note: ignored settings in {folder}: cannot look there ({exc.strerror})")
                break
            if candidate.name == PYPROJECT and not _has_tool_section(candidate):
                continue
            reason = trust.distrust(candidate)
            if reason is None:
                return candidate
            _note(notes, f"note: ignored settings file {candidate}: {reason} (use it with --config)")
        if trust.walk_stops_at(folder, home):
            break
    return None


def _note(notes: list[str] | None, text: str) -> None:
    if notes is not None:
        notes.append(text)


def _read_toml(path: Path) -> tuple[Any, dict[str, int]]:
    """The [tool.cxcheck] table and the line of each of its keys."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib  # type: ignore[import-not-found]
    text = read_text(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        message = re.sub(r"\s*\(at line.*", "", str(exc))
        line, column = (int(found[1]), int(found[2])) if found else (None, None)
        raise BadInput(Problem(f"invalid TOML: {message}", str(path), line, column)) from None
    tool = data.get("tool")
    if not isinstance(tool, dict) or "cxcheck" not in tool:
        raise BadInput(Problem("no cxcheck settings here", str(path), expected="a [tool.cxcheck] table"))
    return tool["cxcheck"], _toml_lines(text)


def _toml_lines(text: str) -> dict[str, int]:
    """Where each key of [tool.cxcheck] is written: `key = ...` lines and [tool.cxcheck.key] tables."""
    lines: dict[str, int] = {}
    inside, table = False, None
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"\s*\[\s*([\w.\-\"]+)\s*\]", line)
        if header:
            name = header[1].replace('"', "")
            inside = name == "tool.cxcheck"
            table = (
                name.removeprefix("tool.cxcheck.").split(".")[0] if name.startswith("tool.cxcheck.") else None
            )
            if table:
                lines.setdefault(table, number)
            continue
        key = re.match(r"\s*([\w\-]+)\s*=", line)
        if inside and key:
            lines.setdefault(key[1], number)
        elif table and key:
            lines.setdefault(f"{table}.{key[1]}", number)
    return lines


def _absolute(folder: Path, value: str) -> str:
    """A path of the file made usable from the current folder: relative to it when inside it, so
    what a result records (its answers files) is the same on every machine; absolute otherwise."""
    path = value if os.path.isabs(value) else os.path.normpath(folder / value)
    inside = os.path.relpath(path, Path.cwd())
    return path if inside == os.pardir or inside.startswith(os.pardir + os.sep) else inside


def shown_path(path: Path) -> str:
    """A path as messages and `config` show it: relative to the current folder when inside it."""
    return _absolute(Path.cwd(), str(path))


def load_settings_file(path: Path) -> SettingsFile:
    """Read and check a settings file; every problem names the file, line and key."""
    if path.suffix == ".toml":
        data, lines = _read_toml(path)
        marks = None
    elif not read_text(path).strip():
        data, lines, marks = {}, {}, None  # an empty settings file sets nothing
    else:
        data = read_document(path)
        marks = node_marks(path)
        lines = {".".join(map(str, key)): line for key, (line, _) in marks.items() if len(key) in (1, 2)}
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise BadInput(
            Problem("a cxcheck config must be a mapping", str(path), 1, found=describe_found(data))
        )
    try:
        config = Settings.model_validate(data)
    except ValidationError as exc:
        problems = (
            validation_problems(path, exc, data) if marks is not None else _toml_problems(path, exc, lines)
        )
        raise BadInput([_suggest_key(p) for p in problems]) from None
    values = config.model_dump(exclude_unset=True)
    folder = path.parent
    for key in PATH_KEYS:
        if key in values and values[key] is not None:
            value = values[key]
            values[key] = (
                [_absolute(folder, v) for v in value] if isinstance(value, list) else _absolute(folder, value)
            )
    by_name = {_setting_name(name): line for name, line in lines.items()}
    items = {key: line for key, (line, _) in (marks or {}).items() if key and key[0] in LOCATED_KEYS}
    return SettingsFile(path, values, by_name, items)


def _setting_name(key: str) -> str:
    """A key as written in the file (`fail-pack.box-ticking`) as the setting it sets
    (`fail_pack.box-ticking`): dashes become underscores in the setting, not in a pack id."""
    head, dot, rest = key.partition(".")
    return head.replace("-", "_") + dot + rest


def _suggest_key(problem: Problem) -> Problem:
    """An unknown top-level key: name the nearest one (`fail_under` or `fail-undr` →
    `fail-under`) and list them all, so a typo is fixed without opening the docs."""
    import difflib

    found = re.search(
        r"^(?:tool\.cxcheck: )?unknown key '([^']+)'$|^[^.:]+: unknown key '([^']+)'$", problem.message
    )
    if not found:
        return problem
    typed = found[1] or found[2]
    keys = [key.replace("_", "-") for key in KEYS]
    nearest = difflib.get_close_matches(typed.replace("_", "-"), keys, n=1, cutoff=0.6)
    listed = "the keys are " + ", ".join(keys)
    expected = f"{nearest[0]!r}, the nearest key; {listed}" if nearest else listed
    return dataclasses.replace(problem, message=f"unknown key {typed!r}", expected=expected)


def _toml_problems(path: Path, error: ValidationError, lines: dict[str, int]) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        key = ".".join(str(part) for part in item["loc"])
        line = lines.get(str(item["loc"][0])) if item["loc"] else None
        if item["type"] == "extra_forbidden":
            parent = ".".join(["tool.cxcheck", *map(str, item["loc"][:-1])])
            message, expected, found = f"{parent}: unknown key {str(item['loc'][-1])!r}", None, None
        else:
            text, expected = plain_message(item["msg"])
            message = f"tool.cxcheck.{key}: {text}"
            found = describe_found(item.get("input"))
        problems.append(Problem(message, str(path), line, expected=expected, found=found))
    return problems


# --- merging ------------------------------------------------------------------------------


def resolve(given: dict[str, Any], file: SettingsFile | None) -> Resolved:
    """Defaults, overridden by the file, overridden by what the command line gave (typed values,
    under the settings' names).

    `fail-pack` merges pack by pack, so `--fail-pack x=80` tightens one pack and keeps the rest.
    """
    values: dict[str, Any] = Settings().model_dump()
    sources = dict.fromkeys(values, DEFAULT)
    layers: list[tuple[dict[str, Any], str | None]] = [(given, COMMAND_LINE)]
    if file:
        layers.insert(0, (file.values, None))
    for layer, origin in layers:

        def where(key: str, origin: str | None = origin) -> str:
            return origin or file.where(key)  # type: ignore[union-attr]

        for key, value in layer.items():
            if key == "fail_pack":
                sources.update({f"fail_pack.{pack}": where(f"fail_pack.{pack}") for pack in value})
                value = {**values[key], **value}
            values[key], sources[key] = value, where(key)
    if "format" in given and "output" not in given and values["output"] is not None:
        # The file's output goes with the file's format: another format typed here is printed.
        values["output"], sources["output"] = None, "not used: --format on the command line prints"
    if file is not None:
        _writes_inside(file, {k: values[k] for k in WRITTEN_KEYS if k not in given and k in file.values})
    settings = Settings.model_validate({key.replace("_", "-"): value for key, value in values.items()})
    return Resolved(
        settings, sources, file.path if file else None, item_lines=file.item_lines if file else {}
    )


def _writes_inside(file: SettingsFile, written: dict[str, str | None]) -> None:
    """A settings file may write only inside the folder it governs; the command line anywhere."""
    for key, value in written.items():
        if value is not None and not trust.contains(file.path.parent, value):
            raise trust.refuse_outside(file.path.parent, key, value, file.where(key), "--" + key)


def settings(given: dict[str, Any], path: Path | None, use_file: bool = True) -> Resolved:
    """The settings for this run: the file at `path` if named, else the nearest one, unless told
    not to read any."""
    if not use_file:
        return resolve(given, None)
    notes: list[str] = []
    if path is None:
        path = find_config(Path.cwd(), notes)
    resolved = resolve(given, load_settings_file(path) if path else None)
    return dataclasses.replace(resolved, notes=notes)


# --- a targets file -----------------------------------------------------------------------

TargetsAt = dict[str, tuple[str | None, int | None]]


def load_targets_file(path: Path) -> tuple[dict[str, Target], TargetsAt]:
    """Targets kept in a file of their own (`targets-file`), each with where it is written."""
    from pydantic import TypeAdapter

    data = read_document(path)
    if not isinstance(data, dict):
        raise BadInput(
            Problem(
                "a targets file must be a mapping",
                str(path),
                1,
                expected="pack id or overall: {score: N, by: YYYY-MM-DD}",
                found=describe_found(data),
            )
        )
    try:
        found = TypeAdapter(dict[PackId, Target]).validate_python(data)
    except ValidationError as exc:
        raise BadInput(validation_problems(path, exc, data)) from None
    marks = node_marks(path)
    return found, {name: (str(path), marks.get((name, KEY), (None, 0))[0]) for name in found}
