"""What a respondent sees of the packs, in every form `cxcheck init` writes: a neutral heading per
pack (the pitfall's name stays in the reports) and each question's answers without their scores,
so nobody answers towards a number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cxcheck.model import NOT_APPLICABLE, UNKNOWN, Pack

HIGHEST_RUNG_RULE = "Choose the highest level whose every condition holds."
DONT_KNOW = "Don't know"
NOT_APPLICABLE_LABEL = "Not applicable"


@dataclass(frozen=True)
class Option:
    """One answer as shown (`label`) and as written to an answers file (`value`)."""

    label: str
    value: Any


def heading(pack: Pack) -> str:
    """The neutral heading respondents see; the pitfall's title when the pack has none."""
    return pack.heading or pack.title


def reference(pack: Pack, question: Any) -> str:
    """`pack/question`: how a sheet's column or a form's field names a question."""
    return f"{pack.id}/{question.id}"


def options(question: Any) -> list[Option]:
    """The answers a respondent picks from, lowest rung first; empty for a typed number."""
    if question.type == "scale":
        return [Option(level, index) for index, level in enumerate(question.levels)]
    if question.type == "yes_no":
        return [Option(choice.capitalize(), choice) for choice in question.choices()]
    if question.type == "choice":
        return [Option(option.label, option.label) for option in question.options]
    return [Option(word.label, word.label) for word in question.words]


def specials(question: Any) -> list[Option]:
    """Don't know, and not applicable where the question allows it."""
    found = [Option(DONT_KNOW, UNKNOWN)]
    if question.allow_na:
        found.append(Option(NOT_APPLICABLE_LABEL, NOT_APPLICABLE))
    return found


def number_hint(question: Any) -> str:
    """What a number question takes, in words, without its bands."""
    upper = f", from 0 to {question.max:g}" if question.max is not None else ", 0 or more"
    unit = question.unit
    quantity = f"A percentage{unit[1:]}" if unit.startswith("%") else f"A number of {unit}"
    return quantity + upper
