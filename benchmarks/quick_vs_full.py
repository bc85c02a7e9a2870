"""How often the quick profile (one key question per pack) gives a pack the status the full
profile gives it: over the bundled examples, and over a generated population of organisations
whose practice in each pitfall sits around one rung, answered with a rung of noise either way.

    .venv/bin/python benchmarks/quick_vs_full.py [--organisations 500] [--seed 7]

The quick profile is for a first look; the aim is that it agrees with the full one on at least
85% of pack statuses, so a quick run rarely tells someone a pack is healthy when it is not.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Any

from cxcheck.answers import load_responses
from cxcheck.catalogue import load_catalogue, select_packs
from cxcheck.model import Given, Pack, Response
from cxcheck.scoring import assess

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def statuses(packs: list[Pack], responses: list[Response], profile: str) -> dict[str, str]:
    chosen = select_packs(packs, None, profile)
    return {p.id: p.status for p in assess(chosen, responses, profile).packs}


def agreement(packs: list[Pack], responses: list[Response]) -> tuple[int, int]:
    """(packs whose status agrees, packs compared)."""
    full, quick = statuses(packs, responses, "full"), statuses(packs, responses, "quick")
    return sum(full[p] == quick[p] for p in full), len(full)


def answer_at(question: Any, rung: int) -> Any:
    """A value of this question scoring as close as it can to rung 0..4 (0, .25, ... 1)."""
    target = rung / 4
    if question.type == "scale":
        return round(target * (len(question.levels) - 1))
    if question.type == "choice":
        return min(question.options, key=lambda o: abs(o.score - target)).label
    if question.type == "yes_no":
        return min(question.choices(), key=lambda c: abs(question.score(c) - target))
    bands = question.bands
    band = min(range(len(bands)), key=lambda i: abs(bands[i].score - target))
    if bands[band].max is not None:
        return bands[band].max
    return (bands[band - 1].max or 0) + 1


def organisation(packs: list[Pack], rng: random.Random) -> Response:
    answers: dict[str, dict[str, Given]] = {}
    for pack in packs:
        level = rng.randrange(5)
        for question in pack.questions:
            rung = min(4, max(0, level + rng.choice((-1, 0, 0, 1))))
            answers.setdefault(pack.id, {})[question.id] = Given(answer_at(question, rung), None)
    return Response(file="generated", answers=answers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    packs = load_catalogue()
    for name in ("acme-retail.yaml", "northshire-council.yaml", "meridian-mutual.yaml", "workshop"):
        path = EXAMPLES / name
        if not path.exists():
            continue
        files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
        agree, total = agreement(packs, load_responses(files, packs))
        print(f"{name:28} {agree}/{total} pack statuses agree ({100 * agree / total:.0f}%)")
    rng = random.Random(args.seed)
    agree = total = 0
    for _ in range(args.organisations):
        same, count = agreement(packs, [organisation(packs, rng)])
        agree, total = agree + same, total + count
    print(f"{args.organisations} generated organisations: {100 * agree / total:.1f}% of pack statuses agree")


if __name__ == "__main__":
    main()
