"""The bounded YAML reader: plain YAML reads as PyYAML's safe loader would, hostile YAML is refused."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from cxcheck.io.safeyaml import MAX_VALUES, load_yaml

PLAIN = """
name: Acme
count: 12
ratio: 0.5
ok: yes
nothing: ~
when: 2026-11-22
quoted: "12"
list: [1, two, {three: 3}]
base: &base {owner: Ops, effort: low}
action:
  <<: *base
  effort: high
tags: !!set {a, b}
blob: !!binary aGVsbG8=
"""


def test_plain_yaml_reads_as_the_safe_loader_reads_it():
    assert load_yaml(PLAIN) == yaml.safe_load(PLAIN)
    data = load_yaml(PLAIN)
    assert data["when"] == dt.date(2026, 11, 22) and data["quoted"] == "12" and data["ok"] is True
    assert data["action"] == {"owner": "Ops", "effort": "high"}  # a merge key, then overridden


def test_an_empty_document_is_none():
    assert load_yaml("# only a comment\n") is None


def test_an_alias_shares_its_value_instead_of_copying_it():
    data = load_yaml("a: &x [1, 2]\nb: *x\n")
    assert data["a"] is data["b"]


@pytest.mark.parametrize(
    ("text", "says", "line"),
    [
        ("a: 1\nb: !!python/object/apply:os.system [ls]\n", "python/object/apply:os.system", 2),
        ("a: !!python/name:os.system\n", "python/name:os.system", 1),
        ("a: !vault secret\n", "!vault", 1),
        ("a: 1\na: 2\n", "key 'a' is given twice", 2),
        ("a: &x [1, *x]\n", "an alias refers to a value that contains it", 1),
        ("? [1, 2]\n: x\n", "a key must be a single value", 1),
        ("when: 2026-02-30\n", "cannot read this value: day is out of range", 1),
        ("n: " + "9" * 5000 + "\n", "cannot read this value: Exceeds the limit", 1),
    ],
)
def test_hostile_or_ambiguous_yaml_is_refused_where_it_is(text, says, line):
    with pytest.raises(yaml.MarkedYAMLError) as refused:
        load_yaml(text)
    assert says in str(refused.value)
    assert refused.value.problem_mark.line + 1 == line


def test_aliases_may_not_expand_beyond_the_bound():
    levels = ["a0: &a0 [" + ", ".join(["x"] * 10) + "]"]
    for n in range(1, 7):  # 10 ** 7 values from a few hundred bytes
        levels.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]")
    with pytest.raises(yaml.MarkedYAMLError, match=f"more than {MAX_VALUES:,} values"):
        load_yaml("\n".join(levels))
    assert len(load_yaml("\n".join(levels[:4]))["a3"]) == 10  # 10 ** 4 values is fine
