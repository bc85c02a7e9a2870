"""A bounded YAML reader: plain data only, and nothing a small file can make huge.

libyaml's C parser composes the document (PyYAML's pure-Python one where libyaml is missing);
the values are then built here in one pass instead of by PyYAML's constructor, which is both
faster and the one place the bounds are kept:
- only YAML's standard tags; `!!python/object` and any other tag that would build an object
  are refused (the message names the tag and where it is);
- a key given twice is refused (YAML would silently keep the last one);
- an alias is shared, never copied, and the values aliases stand for are counted: more than
  MAX_VALUES (a "billion laughs" file is a few hundred bytes) or an alias inside its own
  anchor is refused;
- nesting is bounded by libyaml (and by Python's recursion limit, caught by the caller);
- numbers are read as YAML 1.2 (and JSON) read them: `010` is ten, and YAML 1.1's other forms,
  `1:30` (ninety), `0b11` (three), `1_000`, stay the text they were typed as, for the
  question to accept or refuse, never a different number in silence.
Every refusal is a `yaml.MarkedYAMLError` carrying the line and column.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import yaml
from yaml.constructor import ConstructorError

try:  # libyaml is several times faster; fall back to pure Python where it is missing
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader  # type: ignore[assignment]

MAX_VALUES = 1_000_000  # values in a document once aliases are expanded; real files hold thousands

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
# YAML 1.2's core schema: the only plain scalars that are numbers
_INT_12 = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT_12 = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)


class _Loader(SafeLoader):
    """Remembers how short scalars resolve: answers files repeat the same few hundred values,
    and resolving one (PyYAML runs regular expressions in Python) costs more than parsing it."""

    resolved: ClassVar[dict[tuple[str, tuple[bool, bool]], str]] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is not yaml.ScalarNode:
            return super().resolve(kind, value, implicit)
        key = (value, implicit)
        tag = self.resolved.get(key)
        if tag is None:
            tag = _numbers_as_yaml_12(value, implicit, super().resolve(kind, value, implicit))
            if len(self.resolved) < 100_000 and len(value) <= 40:
                self.resolved[key] = tag
        return tag


def _numbers_as_yaml_12(value: str, implicit: Any, tag: str) -> str:
    """YAML 1.2's reading of a plain scalar's type: a number only in its core schema's forms."""
    if not implicit[0]:  # quoted, or tagged: as written
        return tag
    if _INT_12.fullmatch(value):
        return _INT
    if _FLOAT_12.fullmatch(value):
        return _FLOAT
    return _STR if tag in (_INT, _FLOAT) else tag


def load_yaml(text: str) -> Any:
    """The single document in `text` as plain Python data (None when there is none)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _Builder(loader).build(node)
    finally:
        loader.dispose()


def _int_12(node: Any, text: str) -> int:
    base = {"0o": 8, "0x": 16}.get(text[:2], 10)
    try:
        return int(text[2:] if base != 10 else text, base)
    except ValueError as exc:  # an integer of 5,000 digits
        raise _refuse(node, f"cannot read this value: {str(exc).split(';')[0]}") from None


def _refuse(node: Any, problem: str) -> ConstructorError:
    return ConstructorError(None, None, problem, node.start_mark)


class _Builder:
    """Builds values from composed nodes; an alias is the same node, so it gets the same value."""

    def __init__(self, constructor: Any) -> None:
        self.constructor = constructor  # PyYAML's safe constructors, for the less common tags
        self.built: dict[int, Any] = {}
        self.sizes: dict[int, int] = {}
        self.building: set[int] = set()

    def build(self, node: Any) -> Any:
        key = id(node)
        if key in self.built:
            return self.built[key]
        if key in self.building:
            raise _refuse(node, "an alias refers to a value that contains it")
        self.building.add(key)
        kind, tag = type(node), node.tag
        if kind is yaml.ScalarNode:
            value = node.value if tag == _STR else self._scalar(node)
            size = 1
        elif kind is yaml.SequenceNode and tag == _SEQ:
            value = [self.build(item) for item in node.value]
            size = 1 + sum(self.sizes[id(item)] for item in node.value)
        elif kind is yaml.MappingNode and tag == _MAP:
            value = self._mapping(node)
            size = 1 + sum(self.sizes[id(part)] for pair in node.value for part in pair)
        else:  # !!set, !!omap, !!pairs; PyYAML refuses any other tag, naming it
            value = self.constructor.construct_object(node, deep=True)
            size = 1 + len(node.value)
        if size > MAX_VALUES:
            raise _refuse(node, f"aliases expand to more than {MAX_VALUES:,} values")
        self.building.discard(key)
        self.built[key], self.sizes[key] = value, size
        return value

    def _scalar(self, node: Any) -> Any:
        if node.tag == _INT and _INT_12.fullmatch(node.value):  # PyYAML would read 010 as octal
            return _int_12(node, node.value)
        construct = self.constructor.yaml_constructors.get(node.tag)
        if construct is None:  # a tag that would build an object, such as !!python/object
            raise _refuse(node, f"could not determine a constructor for the tag {node.tag!r}")
        try:
            return construct(self.constructor, node)
        except (ValueError, OverflowError) as exc:  # 2026-02-30, an integer of 5,000 digits
            raise _refuse(node, f"cannot read this value: {str(exc).split(';')[0]}") from None

    def _mapping(self, node: Any) -> dict[Any, Any]:
        own = [pair for pair in node.value if pair[0].tag != _MERGE]
        result: dict[Any, Any] = {}
        if len(own) < len(node.value):  # YAML merge keys (<<): PyYAML resolves them in the node
            self.constructor.flatten_mapping(node)
            for key_node, value_node in node.value[: len(node.value) - len(own)]:
                result[self.build(key_node)] = self.build(value_node)
        given: set[Any] = set()
        for key_node, value_node in own:
            key = self.build(key_node)
            try:
                if key in given:
                    raise _refuse(key_node, f"key {key!r} is given twice")
            except TypeError:
                raise _refuse(key_node, "a key must be a single value, not a list or mapping") from None
            given.add(key)
            result[key] = self.build(value_node)
        return result
