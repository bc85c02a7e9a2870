"""Five people answering the packs in tests/data/forms: the workshop the questionnaire, the
response sheets and the survey exports must all score exactly as the YAML files they stand for.

Values are canonical answers-file values; LABELS says how each appears on a form or in a
survey export (the level's text, the option's label, "Don't know", ...).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

FORMS = Path(__file__).parent / "data" / "forms"
PACK_OPTIONS = ("--no-builtin", "--rules", str(FORMS), "--no-config")
ORGANISATION = 'Fjord & "Co"'

LEVELS = [
    "Nobody owns it.",
    "A manager below the senior team, without a remit across departments.",
    "A senior executive, on paper.",
    "A senior executive who reviews it every quarter.",
    "The senior team together, every month.",
]
QUESTION_TEXT = {  # in the catalogue's order: two leadership packs of one weight, by id
    "listening/feedback-use": "What happens to customer feedback?",
    "listening/surveyed": "Do you survey customers after a complaint?",
    "listening/weeks-to-act": "How many weeks does it take to act on a complaint theme?",
    "ownership/owner": "Who owns the journey from end to end?",
    "ownership/launch-check": "Are launches checked with every affected team?",
    "ownership/shared-goals": "What share of managers have a customer goal?",
}
NUMBERS = {"listening/weeks-to-act", "ownership/shared-goals"}

# name, role, {question: value or (value, note)}; a missing question is left unanswered
PEOPLE: list[tuple[str, str, dict[str, Any]]] = [
    (
        "Ana Ruiz",
        "Leadership",
        {
            "listening/feedback-use": "It changes something every month",
            "listening/surveyed": "yes",
            "listening/weeks-to-act": 2,
            "ownership/owner": (3, 'We review it "quarterly",\nin the board pack'),
            "ownership/launch-check": "partly",
            "ownership/shared-goals": 80,
        },
    ),
    (
        "Ben Okoro",
        "Marketing",
        {
            "listening/feedback-use": 'It is read by a "CX" team',
            "listening/surveyed": "unknown",
            "listening/weeks-to-act": 6.5,
            "ownership/owner": 1,
            "ownership/launch-check": "no",
            "ownership/shared-goals": "none yet",
        },
    ),
    (
        "Chloé Dubois",
        "Operations",
        {
            "listening/feedback-use": "Nothing, it is filed",
            "listening/surveyed": "n/a",
            "ownership/owner": 0,
            "ownership/launch-check": "yes",
            "ownership/shared-goals": "unknown",
        },
    ),
    (
        "Dev Patel",
        "HR",
        {
            "listening/feedback-use": "n/a",
            "listening/surveyed": "no",
            "listening/weeks-to-act": 12,
            "ownership/owner": 2,
            "ownership/launch-check": "unknown",
            "ownership/shared-goals": (30, "only the store managers"),
        },
    ),
    (
        "Eve Stone",
        "Customer Service",
        {
            "listening/feedback-use": "unknown",
            "listening/surveyed": "yes",
            "listening/weeks-to-act": 0,
            "ownership/owner": 4,
            "ownership/launch-check": "n/a",
        },
    ),
]


def split(answer: Any) -> tuple[Any, str | None]:
    return answer if isinstance(answer, tuple) else (answer, None)


def label(question: str, value: Any) -> str:
    """The answer as a form or a survey export shows it."""
    special = {"unknown": "Don't know", "n/a": "Not applicable"}
    if value in special:
        return special[value]
    if question == "ownership/owner":
        return LEVELS[value]
    if value in ("yes", "no", "partly"):
        return value.capitalize()
    return str(value)


def answers_yaml(name: str, role: str, answers: dict[str, Any], date: dt.date, notes: bool = True) -> str:
    """The answers file these answers make, written independently of cxcheck."""
    packs: dict[str, dict[str, Any]] = {}
    for question, answer in answers.items():
        value, note = split(answer)
        note = note if notes else None
        pack, qid = question.split("/")
        packs.setdefault(pack, {})[qid] = value if note is None else {"value": value, "note": note}
    document = {
        "cxcheck": 1,
        "organisation": ORGANISATION,
        "respondent": {"name": name, "role": role},
        "date": date,
        "answers": packs,
    }
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


def write_yaml_workshop(folder: Path, date: dt.date, notes: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, role, answers in PEOPLE:
        slug = name.split()[0].lower()
        text = answers_yaml(name, role, answers, date, notes)
        (folder / f"{slug}.yaml").write_text(text, encoding="utf-8")
    return folder


def assess_json(
    *answers: Path | str, extra: tuple[str, ...] = (), packs: tuple[str, ...] = PACK_OPTIONS
) -> dict[str, Any]:
    """`cxcheck assess --format json` in a real process, on the forms packs (or `packs`)."""
    done = subprocess.run(
        [sys.executable, "-m", "cxcheck", "assess", *packs, "--format", "json", *extra]
        + [arg for path in answers for arg in ("--answers", str(path))],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode in (0, 1), done.stderr  # 1: a threshold failed, the result is still whole
    return json.loads(done.stdout)


def comparable(result: dict[str, Any]) -> dict[str, Any]:
    """A result without what rightly differs between the same answers in different files:
    the files' names."""
    result = json.loads(json.dumps(result))
    for respondent in result["respondent_list"]:
        respondent.pop("file", None)
    result["respondent_list"].sort(key=lambda r: r.get("name") or "")
    return result
