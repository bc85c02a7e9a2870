"""What goes into a workshop: many answers files checked to be one organisation's, each person
once, each file worth counting, roles named one way, and (on request) nobody identifiable.

Pure: takes validated responses, returns the ones to score and notes on what was merged or left
out; raises BadInput for what cannot be merged honestly.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping, Sequence

from cxcheck.errors import BadInput, Problem
from cxcheck.model import Response

OTHER_ROLES = "other roles"
# Two people may well agree on a handful of questions; identical answers to this many or more
# is a copied file.
COPY_MIN_ANSWERS = 10


def _plain(text: str) -> str:
    """Case and spacing folded: 'Customer  service' and 'customer Service' are one name."""
    return " ".join(text.split()).casefold()


def _same_organisation(responses: Sequence[Response]) -> None:
    named = [r for r in responses if r.organisation]
    for other in named[1:]:
        if _plain(other.organisation or "") != _plain(named[0].organisation or ""):
            raise BadInput(
                Problem(
                    f"answers from two organisations: {named[0].organisation!r} in {named[0].file} "
                    f"and {other.organisation!r} in {other.file}",
                    file=other.file,
                    expected="answers files of one organisation; move the other's elsewhere",
                    found=repr(other.organisation),
                )
            )


def _each_person_once(responses: Sequence[Response]) -> None:
    seen_person: dict[tuple[str, str], Response] = {}
    seen_answers: dict[str, Response] = {}
    for response in responses:
        twice = None
        if response.name:
            person = (_plain(response.name), _plain(response.role or ""))
            twice = seen_person.get(person)
            seen_person.setdefault(person, response)
        if twice is None and sum(len(a) for a in response.answers.values()) >= COPY_MIN_ANSWERS:
            answers = repr(
                sorted(
                    (f"{p}/{q}", repr(g.value), g.note)
                    for p, a in response.answers.items()
                    for q, g in a.items()
                )
            )
            twice = seen_answers.get(answers)
            seen_answers.setdefault(answers, response)
        if twice is not None:
            raise BadInput(
                Problem(
                    f"the same respondent twice: {response.file} repeats {twice.file}",
                    file=response.file,
                    expected="one answers file per person; the same name and role, or identical answers "
                    f"to {COPY_MIN_ANSWERS} or more questions, count as one",
                    found=f"{response.name or 'identical answers'} in both files",
                )
            )


def answered_share(response: Response, asked: int) -> float:
    given = sum(len(answers) for answers in response.answers.values())
    return given / asked if asked else 1.0


def _roles_one_way(responses: list[Response], aliases: Mapping[str, str], notes: list[str]) -> list[Response]:
    """Aliases from the settings first; then spellings that differ only in case or spacing merge."""
    alias = {_plain(k): v for k, v in aliases.items()}
    mapped = [
        dataclasses.replace(r, role=alias.get(_plain(r.role), r.role)) if r.role else r for r in responses
    ]
    spellings: dict[str, Counter[str]] = {}
    for r in mapped:
        if r.role:
            spellings.setdefault(_plain(r.role), Counter())[r.role] += 1
    chosen = {key: counts.most_common(1)[0][0] for key, counts in spellings.items()}
    for key, counts in spellings.items():
        if len(counts) > 1:
            others = ", ".join(repr(s) for s in counts if s != chosen[key])
            notes.append(f"roles {others} read as {chosen[key]!r} (they differ only in case or spacing)")
    return [dataclasses.replace(r, role=chosen[_plain(r.role)]) if r.role else r for r in mapped]


def _anonymised(responses: list[Response], min_group: int, notes: list[str]) -> list[Response]:
    """No names, no file names; roles with fewer than min_group people share one label."""
    sizes = Counter(r.role for r in responses)
    small = sorted(role or "unspecified" for role, n in sizes.items() if n < min_group)
    if small:
        notes.append(f"{len(small)} role(s) with fewer than {min_group} respondents shown as {OTHER_ROLES!r}")
    return [
        dataclasses.replace(r, name=None, file="", role=r.role if sizes[r.role] >= min_group else OTHER_ROLES)
        for r in responses
    ]


def gather(
    responses: Sequence[Response],
    asked: int,
    *,
    min_answered: float = 20,
    aliases: Mapping[str, str] | None = None,
    anonymous: bool = False,
    min_group: int = 3,
) -> tuple[list[Response], list[str]]:
    """The responses to score and what was done to them, in words for stderr and the reports."""
    notes: list[str] = []
    kept = list(responses)
    if len(kept) > 1:
        _same_organisation(kept)
        _each_person_once(kept)
        thin = [r for r in kept if 100 * answered_share(r, asked) < min_answered]
        if len(thin) == len(kept):
            raise BadInput(
                Problem(
                    f"every answers file answers under {min_answered:g}% of the questions",
                    expected="answered files, or a lower --min-answered",
                    found=", ".join(r.file for r in thin),
                )
            )
        for r in thin:
            share = 100 * answered_share(r, asked)
            notes.append(
                f"{r.file} left out: it answers {share:.0f}% of the questions (under {min_answered:g}%)"
            )
        kept = [r for r in kept if r not in thin]
    kept = _roles_one_way(kept, aliases or {}, notes)
    if anonymous:
        kept = _anonymised(kept, min_group, notes)
    return kept, notes
