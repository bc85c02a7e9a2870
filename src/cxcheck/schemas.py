"""JSON Schemas, all derived from the models; the answers one from the selected packs.

Editors that read JSON Schema (VS Code's YAML extension, for one) then know every pack id,
every question id and the values each question takes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cxcheck.model import AnswersFile, Pack, Result

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def answers_schema(packs: Sequence[Pack]) -> dict[str, Any]:
    schema = AnswersFile.model_json_schema()
    schema["properties"]["answers"] = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            pack.id: {
                "title": pack.title,
                "description": pack.summary,
                "anyOf": [
                    {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": {q.id: q.answer_schema() for q in pack.questions},
                    },
                    {"type": "null"},
                ],
            }
            for pack in packs
        },
    }
    return schema


def schema_for(kind: str, packs: Sequence[Pack] = ()) -> dict[str, Any]:
    if kind == "pack":
        schema = Pack.model_json_schema()
    elif kind == "result":
        schema = Result.model_json_schema()
    elif kind == "config":
        from cxcheck.settings import Settings

        schema = Settings.model_json_schema(by_alias=True)
    else:
        schema = answers_schema(packs)
    return {"$schema": DIALECT, **schema}
