"""The packs a command works on: the catalogue (to check answers against) and the selection
(asked and scored), as the settings say."""

from __future__ import annotations

from pathlib import Path

from cxcheck.catalogue import by_id_or_alias, load_catalogue, select_packs
from cxcheck.errors import BadInput, Problem
from cxcheck.model import Pack
from cxcheck.settings import COMMAND_LINE, Resolved, Settings


def catalogue_and_selection(settings: Settings) -> tuple[list[Pack], list[Pack]]:
    """The whole catalogue and the packs selected to ask."""
    catalogue = load_catalogue([Path(r) for r in settings.rules], builtin=not settings.no_builtin)
    return catalogue, select_packs(catalogue, settings.packs, settings.profile)


def find_pack(catalogue: list[Pack], reference: str) -> tuple[Pack, str | None]:
    """A pack (`silo-thinking`) or one of its questions (`silo-thinking/cx-owner`)."""
    pack_id, _, question_id = reference.partition("/")
    pack = next((p for p in catalogue if p.id == pack_id), None)
    if pack is None:
        raise BadInput(
            Problem(
                f"unknown pack {pack_id!r}",
                expected="one of " + ", ".join(sorted(p.id for p in catalogue)),
            )
        )
    if question_id and pack.question(question_id) is None:
        raise BadInput(
            Problem(
                f"unknown question {reference!r}",
                expected="one of " + ", ".join(f"{pack.id}/{q.id}" for q in pack.questions),
            )
        )
    return pack, question_id or None


def pack_thresholds(resolved: Resolved, catalogue: list[Pack], selected: list[Pack]) -> dict[str, float]:
    """The thresholds of the selected packs. The settings file's thresholds for packs left out by
    --packs are set aside, so a subset can run; a typed --fail-pack for one is a mistake, and so
    is a pack id no pack defines (checked the same way by `assess` and `config`)."""
    ids, known = {p.id for p in selected}, {p.id for p in catalogue}
    found = by_id_or_alias(catalogue)  # a threshold under a renamed pack's former id still holds
    fail_pack = {}
    for pack_id, number in resolved.settings.fail_pack.items():
        source = resolved.sources[f"fail_pack.{pack_id}"]
        typed = source == COMMAND_LINE
        canonical = found[pack_id].id if pack_id in found else pack_id
        fail_pack[canonical] = number
        if canonical not in (ids if typed else known):
            what = (
                "--fail-pack names pack {!r}, which is not being assessed"
                if typed
                else "fail-pack: unknown pack {!r}"
            )
            raise BadInput(
                Problem(
                    what.format(pack_id),
                    file=None if typed else source,
                    expected="one of " + ", ".join(sorted(ids if typed else known)),
                )
            )
    return {pack_id: n for pack_id, n in fail_pack.items() if pack_id in ids}
