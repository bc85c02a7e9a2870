"""What every question type shares. Each type (one module each) owns how an answer is read
from a file or typed at the prompt, how it is described and how it scores, so adding a type is
one module plus its template lines."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from cxcheck.model.action import Action
from cxcheck.model.base import NOT_APPLICABLE, UNKNOWN, AnswerRejected, Slug, Strict, Weight


class QuestionBase(Strict):
    id: Slug
    text: str = Field(min_length=1)
    help: str | None = None
    weight: Weight = 1.0
    key: bool = Field(False, description="Asked in the quick profile.")
    allow_na: bool = Field(True, description="Whether 'n/a' (not applicable) is accepted.")
    owner_role: str | None = Field(
        None, description="The function that owns the figure or should know the answer, e.g. HR."
    )
    actions: list[Action] = Field(default_factory=list)

    def parse(self, raw: Any) -> Any:
        """Turn a value from an answers file into this question's canonical answer."""
        if isinstance(raw, str):
            lowered = raw.strip().lower()
            if lowered == UNKNOWN:
                return UNKNOWN
            if lowered == NOT_APPLICABLE and self.allow_na:
                return NOT_APPLICABLE
        return self.parse_value(raw)

    def allowed(self) -> str:
        """The values this question accepts, for error messages and templates (no parentheses:
        messages put the whole of it inside theirs)."""
        extra = [UNKNOWN] + ([NOT_APPLICABLE] if self.allow_na else [])
        return f"{self.allowed_values()}, {' or '.join(extra)}"

    def answer_schema(self) -> dict[str, Any]:
        """JSON Schema of one answer: the bare value or a mapping with value, note and evidence."""
        from cxcheck.model.answers import EVIDENCE_SCHEMA

        specials = [UNKNOWN] + ([NOT_APPLICABLE] if self.allow_na else [])
        value = {"anyOf": [self.value_schema(), {"enum": specials}]}
        return {
            "title": self.text,
            "description": self.help or "",
            "anyOf": [
                value,
                {
                    "type": "object",
                    "properties": {"value": value, "note": {"type": "string"}, "evidence": EVIDENCE_SCHEMA},
                    "required": ["value"],
                    "additionalProperties": False,
                },
                {"type": "null"},
            ],
        }

    def possible_scores(self) -> list[float]:
        """Every score an answer can earn, lowest first: the question's rungs."""
        raise NotImplementedError

    def is_fact(self) -> bool:
        """A figure someone can look up, not an opinion: workshops take it from its owner."""
        return False

    def display(self, value: Any) -> str:
        """An answer as people read it."""
        return str(value)

    def menu(self) -> list[tuple[str, str]]:
        """The answers listed at the prompt, each with the key that picks it; empty when the
        answer is typed."""
        return []

    def read_reply(self, text: str) -> Any:
        """A reply typed at the prompt (already lower-cased, spaces collapsed) as a canonical
        value; raises AnswerRejected with the hint to show before asking again."""
        # isdigit alone takes '²' (AltGr on an AZERTY keyboard), which int() refuses
        raw: Any = int(text) if text.isascii() and text.isdigit() else text
        try:
            return self.parse_value(raw)
        except AnswerRejected:
            raise AnswerRejected(f"type {self.keys()}", text) from None

    # Each type implements these.
    def parse_value(self, raw: Any) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def allowed_values(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def value_schema(self) -> dict[str, Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def score(self, value: Any) -> float:  # pragma: no cover - abstract
        raise NotImplementedError

    def answer_lines(self) -> list[str]:  # pragma: no cover - abstract
        """What the question takes and how each answer scores, one line each."""
        raise NotImplementedError

    def keys(self) -> str:  # pragma: no cover - abstract
        """The answers as typed at the prompt, in a few words."""
        raise NotImplementedError
