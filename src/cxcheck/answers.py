"""Answers files: finding them, reading and checking them against the packs.

Every file of a run is checked before any is used, and every problem of every file is
reported together.
"""

from __future__ import annotations

import datetime as dt
import gc
import glob
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from cxcheck.catalogue import by_id_or_alias
from cxcheck.errors import BadInput, Problem, describe_found
from cxcheck.io.documents import locate, node_marks, read_document, validation_problems
from cxcheck.model import AnswerRejected, AnswersFile, Evidence, Given, Pack, Response

ANSWER_SUFFIXES = (".yaml", ".yml", ".json", ".csv", ".xlsx")  # the last two: response sheets
# What `cxcheck metrics` takes as options, evidence takes as keys beside `metrics`.
METRICS_OPTIONS = ("nps", "csat", "ces", "nps-scale", "csat-scale", "ces-scale")


def answers_paths(specs: Iterable[str]) -> list[Path]:
    """Expand files, folders (their *.yaml, *.yml, *.json, *.csv, *.xlsx) and globs into answers
    files and response sheets, each file once however often it is reached (named twice, a
    symlink, a hard link)."""
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
                        expected="*.yaml, *.yml, *.json, *.csv or *.xlsx files",
                    )
                )
            found.update(dict.fromkeys(inside))
        elif path.exists():
            found[path] = None
        elif glob.has_magic(spec):
            matches = _glob(spec)
            if not matches:
                problems.append(Problem("no files match this pattern", file=spec))
            found.update(dict.fromkeys(matches))
        else:
            problems.append(Problem("file not found", file=spec))
    if problems:
        raise BadInput(problems)
    return _each_file_once(found)


def _glob(spec: str) -> list[Path]:
    """The files a glob matches. `**` never enters a symlinked folder, so a symlink loop cannot
    make the walk endless, and wildcards skip hidden names, as a shell's do."""
    parts = Path(spec).parts
    fixed = next(i for i, part in enumerate(parts) if glob.has_magic(part))
    root = Path(*parts[:fixed]) if fixed else Path()
    matches = []
    for match in root.glob("/".join(parts[fixed:])):
        if not any(part.startswith(".") for part in match.relative_to(root).parts) and match.is_file():
            matches.append(match)
    return sorted(matches)


def _each_file_once(paths: Iterable[Path]) -> list[Path]:
    """The first path to each file: one respondent counts once, however the file was reached."""
    seen: set[tuple[int, int]] = set()
    once = []
    for path in paths:
        try:
            info = path.stat()
        except OSError:  # reading it will say what is wrong
            once.append(path)
            continue
        if (info.st_dev, info.st_ino) not in seen:
            seen.add((info.st_dev, info.st_ino))
            once.append(path)
    return once


@dataclass(frozen=True)
class Misfit:
    """An answer that does not fit its pack; located in the file only if there is one."""

    location: tuple[Any, ...]
    message: str
    expected: str | None = None
    found: str | None = None
    at_key: bool = False  # the key itself is wrong (unknown id), not its value


class AnswerChecker:
    """Checks answers against the catalogue; built once for all the files of a run.

    Equal answers share one object, so ten thousand respondents who answer `yes` cost one
    `Given`, not ten thousand.
    """

    def __init__(self, catalogue: dict[str, Pack]) -> None:
        self.catalogue = catalogue
        self.found = by_id_or_alias(catalogue.values())
        self.questions = {pack_id: {q.id: q for q in pack.questions} for pack_id, pack in catalogue.items()}
        self.shared: dict[tuple[Any, ...], Given] = {}
        self.folder = Path(".")  # the answers file's folder: evidence files are relative to it
        self.measured: dict[tuple[Path, tuple[tuple[str, str], ...]], str] = {}  # each export once a run

    def answer(self, pack: Pack, question: Any, raw: Any, location: tuple[Any, ...]) -> Given | Misfit | None:
        """One answer as the question's canonical value; None when left blank (unanswered)."""
        name = f"{pack.id}/{question.id}"
        note = None
        evidence: tuple[Evidence, ...] = ()
        if isinstance(raw, dict):
            if set(raw) - {"value", "note", "evidence"} or "value" not in raw:
                found = ", ".join(map(str, raw)) or "an empty mapping"
                return Misfit(
                    location,
                    f"{name}: an answer mapping takes 'value', 'note' and 'evidence'",
                    "a value, and a note or evidence if wanted",
                    found,
                )
            note = raw.get("note")
            if note is not None and not isinstance(note, str):
                return Misfit((*location, "note"), f"{name}: note must be text", "text", describe_found(note))
            if raw.get("evidence") is not None:
                parsed = self.evidence(raw["evidence"], (*location, "evidence"), name)
                if isinstance(parsed, Misfit):
                    return parsed
                evidence = parsed
            raw = raw["value"]
        if raw is None:  # left blank, as `cxcheck init` writes it
            return None
        try:
            value = question.parse(raw)
        except AnswerRejected as exc:
            return Misfit(location, f"{name}: value not allowed", exc.expected, describe_found(exc.found))
        given = Given(value, note, evidence)
        return self.shared.setdefault((type(value), value, note, evidence), given)

    def evidence(self, raw: Any, location: tuple[Any, ...], name: str) -> tuple[Evidence, ...] | Misfit:
        """`evidence`: one mapping or a list of them, each with a link, file or survey export to
        measure (`metrics`, with the columns and scales `cxcheck metrics` would take as options:
        nps, csat, ces, nps-scale, ...), and optionally its date and who holds it."""
        items = raw if isinstance(raw, list) else [raw]
        found: list[Evidence] = []
        for index, item in enumerate(items):
            where = (*location, index) if isinstance(raw, list) else location
            expected = "a mapping with link, file or metrics, and optionally date and by"
            if not isinstance(item, dict):
                return Misfit(where, f"{name}: evidence must be a mapping", expected, describe_found(item))
            allowed = {
                "link",
                "file",
                "metrics",
                "date",
                "by",
                *(METRICS_OPTIONS if "metrics" in item else ()),
            }
            unknown = set(item) - allowed
            if unknown or not {"link", "file", "metrics"} & set(item):
                found_keys = ", ".join(map(str, item)) or "an empty mapping"
                return Misfit(where, f"{name}: evidence names what backs the answer", expected, found_keys)
            for key in ("link", "file", "metrics", "by", *METRICS_OPTIONS):
                if item.get(key) is not None and not isinstance(item[key], str):
                    return Misfit(
                        (*where, key),
                        f"{name}: evidence {key} must be text",
                        "text",
                        describe_found(item[key]),
                    )
            date = item.get("date")
            if isinstance(date, str):
                try:
                    date = dt.date.fromisoformat(date)
                except ValueError:
                    date = item["date"]
            if date is not None and (not isinstance(date, dt.date) or isinstance(date, dt.datetime)):
                return Misfit(
                    (*where, "date"),
                    f"{name}: evidence date must be a date",
                    "YYYY-MM-DD",
                    describe_found(date),
                )
            options = {key: item[key] for key in METRICS_OPTIONS if item.get(key) is not None}
            for key in (k for k in options if k.endswith("-scale")):
                if not re.fullmatch(r"\s*\d+\s*-\s*\d+\s*", options[key]):
                    found_scale = describe_found(options[key])
                    return Misfit(
                        (*where, key),
                        f"{name}: evidence {key} is not a scale",
                        "LOW-HIGH such as 1-10",
                        found_scale,
                    )
            measured = self.measure(item["metrics"], options) if item.get("metrics") else None
            found.append(
                Evidence(
                    link=item.get("link"),
                    file=item.get("file"),
                    metrics=item.get("metrics"),
                    date=date,
                    by=item.get("by"),
                    measured=measured,
                )
            )
        return tuple(found)

    def measure(self, export: str, options: dict[str, str]) -> str:
        """The figures of a survey export named as evidence (relative to the answers file);
        a broken export stops the run with its own located problems."""
        from cxcheck.io.export_table import read_export
        from cxcheck.survey import measure, parse_scale, summary

        path = self.folder / export
        key = (path, tuple(sorted(options.items())))
        if key not in self.measured:
            columns = {k: v for k, v in options.items() if not k.endswith("-scale")}
            scales = {
                k.removesuffix("-scale"): parse_scale(v, k)
                for k, v in options.items()
                if k.endswith("-scale")
            }
            self.measured[key] = summary(measure(read_export(path), columns, scales))
        return self.measured[key]

    def answers(self, raw_answers: dict[str, Any]) -> tuple[dict[str, dict[str, Given]], list[Misfit]]:
        """Check every answer against its question, collecting every misfit."""
        parsed: dict[str, dict[str, Given]] = {}
        misfits: list[Misfit] = []
        for pack_id, answers in raw_answers.items():
            pack = self.found.get(pack_id)  # a renamed pack's answers load under its new id
            if pack is None:
                expected = "one of " + ", ".join(sorted(self.catalogue))
                misfits.append(
                    Misfit(("answers", pack_id), f"unknown pack {pack_id!r}", expected, at_key=True)
                )
                continue
            questions = self.questions[pack.id]
            parsed.setdefault(pack.id, {})
            for question_id, raw in (answers or {}).items():
                location = ("answers", pack_id, question_id)
                question = questions.get(str(question_id))
                if question is None:
                    expected = "one of " + ", ".join(questions)
                    message = f"unknown question {pack_id}/{question_id}"
                    misfits.append(Misfit(location, message, expected, at_key=True))
                    continue
                outcome = self.answer(pack, question, raw, location)
                if isinstance(outcome, Misfit):
                    misfits.append(outcome)
                elif outcome is not None:
                    parsed[pack.id][question.id] = outcome
        return parsed, misfits


def load_response(path: Path, catalogue: dict[str, Pack]) -> Response:
    """Read one answers file and check every answer against the packs."""
    return _load_response(path, AnswerChecker(catalogue))


def _load_response(path: Path, checker: AnswerChecker) -> Response:
    data = read_document(path)
    if not isinstance(data, dict):
        raise BadInput(
            Problem(
                "an answers file must be a mapping",
                file=str(path),
                line=1,
                expected="keys cxcheck, organisation, respondent, date, profile, packs, answers",
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
    checker.folder = path.parent
    answers, misfits = checker.answers(shape.answers)
    if misfits:
        marks = node_marks(path)
        located = []
        for misfit in misfits:
            _, mark = locate(marks, misfit.location, key=misfit.at_key)
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
        profile=shape.profile,
        packs=shape.packs,
        answers=answers,
    )


def load_responses(paths: Iterable[Path], catalogue: list[Pack]) -> list[Response]:
    """Validate every answers file and response sheet (one respondent per row) before any is
    used; report the problems of all of them."""
    from cxcheck.answer_sheets import sheet_responses
    from cxcheck.io.tables import SHEET_SUFFIXES

    checker = AnswerChecker({p.id: p for p in catalogue})
    responses, problems = [], []
    collecting = gc.isenabled()
    gc.disable()  # every file adds thousands of objects and none is garbage: collections only cost
    try:
        for path in paths:
            try:
                if path.suffix.lower() in SHEET_SUFFIXES:
                    responses.extend(sheet_responses(path, checker))
                else:
                    responses.append(_load_response(path, checker))
            except BadInput as exc:
                problems.extend(exc.problems)
    finally:
        if collecting:
            gc.enable()
    if problems:
        raise BadInput(problems)
    return responses


# --- writing the answers format ------------------------------------------------------


def _written(answer: Given) -> Any:
    """An answer as the file holds it: the bare value, or a mapping when it has a note or evidence."""
    if answer.note is None and not answer.evidence:
        return answer.value
    written: dict[str, Any] = {"value": answer.value}
    if answer.note is not None:
        written["note"] = answer.note
    if answer.evidence:
        written["evidence"] = [
            {k: v for k in ("link", "file", "metrics", "date", "by") if (v := getattr(e, k)) is not None}
            for e in answer.evidence
        ]
    return written


def answers_document(response: Response, packs: Sequence[Pack], header: str) -> str:
    """The response as an answers file (the one writer of the format), packs and questions in
    the order they are asked, with `header` as comment lines on top.

    Answers to questions outside `packs` (from a session started with other options) are kept.
    """
    ordered: dict[str, dict[str, Any]] = {}
    for pack in packs:
        given = response.answers.get(pack.id, {})
        for question in pack.questions:
            if question.id in given:
                ordered.setdefault(pack.id, {})[question.id] = given[question.id]
    for pack_id, given in response.answers.items():
        for question_id, answer in given.items():
            ordered.setdefault(pack_id, {}).setdefault(question_id, answer)
    document: dict[str, Any] = {"cxcheck": 1}
    if response.organisation:
        document["organisation"] = response.organisation
    respondent = {k: v for k, v in (("name", response.name), ("role", response.role)) if v}
    if respondent:
        document["respondent"] = respondent
    if response.date:
        document["date"] = response.date
    if response.profile:
        document["profile"] = response.profile
    if response.packs:
        document["packs"] = list(response.packs)
    document["answers"] = {
        pack_id: {question_id: _written(answer) for question_id, answer in answers.items()}
        for pack_id, answers in ordered.items()
        if answers
    }
    body = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    return "".join(f"# {line}\n".replace("# \n", "#\n") for line in header.splitlines()) + body
