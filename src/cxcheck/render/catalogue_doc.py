"""The whole catalogue as one Markdown document (`cxcheck packs docs`, kept as docs/catalogue.md).

It is rendered from the packs themselves, through `templates/catalogue.md.j2` in the sandbox,
with each question's answers described exactly as `cxcheck explain` and `cxcheck init` describe
them, so the published catalogue cannot drift from what cxcheck asks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from cxcheck.catalogue import THEME_ORDER, select_packs
from cxcheck.model import Pack
from cxcheck.render.templating import render_context

TEMPLATE = "catalogue.md.j2"
# The order the catalogue reads best in: who owns the experience, what the organisation knows,
# the journey itself, the people who deliver it, the relationship, and keeping it moving.
# Themes of other packs (from --rules) follow, alphabetically.


_SAFE_URL = re.compile(r"^https?://[^\s()<>]+$")


def _link(url: str | None) -> str | None:
    """Only plain web addresses become links; anything else could break or hijack the page."""
    return url if url and _SAFE_URL.match(url) else None


def _anchor(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _source_key(source: Any) -> str:
    return source.article or source.title


def _theme_rank(theme: str) -> tuple[int, str]:
    return (THEME_ORDER.index(theme), "") if theme in THEME_ORDER else (len(THEME_ORDER), theme)


def _pack_data(pack: Pack, quick: set[str]) -> dict[str, Any]:
    data = pack.model_dump(mode="json")
    for question, question_data in zip(pack.questions, data["questions"], strict=True):
        question_data["answers"] = question.answer_lines()
        question_data["quick"] = question.id in quick
    for source in data["sources"]:
        source["anchor"] = "source-" + _anchor(source["article"] or source["title"])
    return data


def catalogue_context(packs: Sequence[Pack]) -> dict[str, Any]:
    """The template's data: packs grouped by theme, and every source with the packs citing it."""
    quick = {p.id: {q.id for q in p.questions} for p in select_packs(list(packs), None, "quick")}
    themes: dict[str, list[dict[str, Any]]] = {}
    for pack in packs:
        themes.setdefault(pack.theme, []).append(_pack_data(pack, quick[pack.id]))
    sources: dict[str, dict[str, Any]] = {}
    for pack in packs:
        for source in pack.sources:
            entry = sources.setdefault(
                _source_key(source),
                {
                    "article": source.article,
                    "title": source.title,
                    "url": _link(source.url),
                    "anchor": "source-" + _anchor(_source_key(source)),
                    "cited_by": {},
                },
            )
            entry["url"] = entry["url"] or _link(source.url)
            citation = entry["cited_by"].setdefault(
                pack.id, {"pack": pack.id, "title": pack.title, "sections": []}
            )
            if source.item:
                citation["sections"].append(source.item)
    return {
        "counts": {
            "packs": len(packs),
            "themes": len(themes),
            "questions": sum(len(p.questions) for p in packs),
            "quick": sum(len(ids) for ids in quick.values()),
            "actions": sum(len(q.actions) for p in packs for q in p.questions),
        },
        "themes": [{"name": name, "packs": themes[name]} for name in sorted(themes, key=_theme_rank)],
        "sources": [
            {**sources[key], "cited_by": list(sources[key]["cited_by"].values())} for key in sorted(sources)
        ],
    }


def catalogue_markdown(packs: Sequence[Pack]) -> str:
    return render_context(catalogue_context(packs), TEMPLATE)
