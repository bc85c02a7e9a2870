"""The offline questionnaire `cxcheck init --format html` writes: one self-contained HTML file
(inline CSS and a small script, nothing fetched) that keeps answers in the browser and saves
them as an answers file `assess` reads as it is.

The page is rendered here, not by its script, so every question is readable (and printable)
even where scripts are blocked; the script only remembers, counts and saves.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from cxcheck import __version__
from cxcheck.model import Pack
from cxcheck.render.respondent_view import (
    HIGHEST_RUNG_RULE,
    Option,
    heading,
    number_hint,
    options,
    reference,
    specials,
)
from cxcheck.render.templating import render_context

TEMPLATE = "questionnaire.html.j2"


def yaml_scalar(value: Any) -> str:
    """A value as the saved file spells it: numbers bare, text double-quoted (a JSON string is
    a valid YAML double-quoted scalar, so the script can quote notes and names the same way)."""
    return str(value) if isinstance(value, int) else json.dumps(value, ensure_ascii=False)


def _choices(found: list[Option]) -> list[dict[str, str]]:
    return [{"label": o.label, "yaml": yaml_scalar(o.value)} for o in found]


def _question(pack: Pack, question: Any, number: int) -> dict[str, Any]:
    ref = reference(pack, question)
    return {
        "ref": ref,
        "anchor": "q-" + ref.replace("/", "--"),
        "number": number,
        "text": question.text,
        "help": question.help,
        "type": question.type,
        "rule": HIGHEST_RUNG_RULE if question.type == "scale" else None,
        "options": _choices(options(question)),
        "specials": _choices(specials(question)),
        "number_hint": number_hint(question) if question.type == "number" else None,
        "max": question.max if question.type == "number" else None,
    }


def form_id(packs: Sequence[Pack]) -> str:
    """Names this questionnaire's answers in the browser's storage: the same questions give the
    same id (a regenerated file keeps its answers), different ones never mix."""
    shape = [
        (reference(p, q), q.model_dump(mode="json", exclude={"actions"})) for p in packs for q in p.questions
    ]
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()[:16]


def form(packs: Sequence[Pack], profile: str) -> str:
    """The questionnaire for these packs (already cut to the profile)."""
    counter = iter(range(1, 1 + sum(len(p.questions) for p in packs)))
    context = {
        "packs": [
            {
                "id": pack.id,
                "heading": heading(pack),
                "intro": pack.intro,
                "questions": [_question(pack, q, next(counter)) for q in pack.questions],
            }
            for pack in packs
        ],
        "total": sum(len(p.questions) for p in packs),
        "form_id": form_id(packs),
        "version": __version__,
    }
    return render_context(context, TEMPLATE, autoescape=True)
