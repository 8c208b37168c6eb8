"""Safe YAML that remembers where every value came from.

Rule packs and config files are written by hand; every error about them must
say `file:line:col`. Mappings load as `Node` dicts that keep the position of each
key and value; duplicate keys, which YAML would silently merge, are errors.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import yaml


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class Where:
    """Position of a value: 1-based line and column."""

    __slots__ = ("line", "column")

    def __init__(self, mark) -> None:
        self.line, self.column = mark.line + 1, mark.column + 1


class Mapping(dict):
    """A YAML mapping with `where` (its own position) and `at[key]` (each value's)."""

    where: Where
    at: dict
    key_at: dict


class Sequence(list):
    where: Where
    at: list


class LoadError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


def load(text: str, path: str):
    """Parse YAML text; raises LoadError listing syntax errors, duplicate keys,
    unsupported tags, and files that nest or reuse values (aliases) beyond reason."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise LoadError([Problem(path, *where, f"YAML syntax: {exc.problem or exc}")]) from None
    except yaml.reader.ReaderError as exc:
        raise LoadError([Problem(path, *_line_column(text, exc.position),
                                 f"YAML: {exc.reason} (character #x{exc.character:04x})")]) from None
    except yaml.YAMLError as exc:
        raise LoadError([Problem(path, 1, 1, f"YAML: {exc}")]) from None
    problems: list[Problem] = []
    try:
        value = _Builder(path, problems).build(node, 0, None) if node is not None else None
    except _Refused as exc:
        raise LoadError([_problem(path, exc.node, exc.message)]) from None
    if problems:
        raise LoadError(problems)
    return value


# libyaml's parser is ten times faster than the pure-Python one, and keeps positions too
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_scalars = yaml.SafeLoader("")

# A rule file or config nests a few levels and reuses little; these bounds are far
# beyond any real one, and keep a hostile file («billion laughs»: aliases of
# aliases, 400 bytes that expand to billions of values) from exhausting memory.
MAX_DEPTH = 100
MAX_ALIASED_VALUES = 10_000  # values built through aliases («*name»), in the whole file
_YAML_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(_YAML_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "binary"))


class _Refused(Exception):
    """The file cannot be built at all: `message` about `node`."""

    def __init__(self, node, message: str) -> None:
        super().__init__(message)
        self.node, self.message = node, message


class _Builder:
    """Turns composed nodes into Mappings, Sequences and plain values, counting
    what aliases expand to: an alias is a node met a second time."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path, self.problems = path, problems
        self.seen: set[int] = set()
        self.aliased = 0

    def build(self, node, depth: int, alias):
        """The value of `node`; `alias`: the node whose alias is being expanded, if any."""
        if depth > MAX_DEPTH:
            raise _Refused(node, f"nested more than {MAX_DEPTH} levels deep")
        if alias is None and id(node) in self.seen:
            alias = node
        self.seen.add(id(node))
        if alias is not None:
            self.aliased += 1
            if self.aliased > MAX_ALIASED_VALUES:
                raise _Refused(alias, "aliases («*name») of this value, and of others, expand to more than "
                                      f"{MAX_ALIASED_VALUES:,} values: write the values out")
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth, alias)
        if isinstance(node, yaml.SequenceNode):
            self._check_tag(node, "seq")
            out = Sequence(self.build(item, depth + 1, alias) for item in node.value)
            out.where, out.at = Where(node.start_mark), [Where(item.start_mark) for item in node.value]
            return out
        return self._scalar(node)

    def _mapping(self, node, depth: int, alias):
        self._check_tag(node, "map")
        path, problems = self.path, self.problems
        out = Mapping()
        out.where, out.at, out.key_at = Where(node.start_mark), {}, {}
        for key_node, value_node in node.value:
            known = len(problems)
            key = self.build(key_node, depth + 1, alias)
            if len(problems) > known:
                continue  # the key itself is wrong, and said so
            if not isinstance(key, (str, int, float, bool)) or key is None:
                problems.append(_problem(path, key_node, "a key must be a plain word"))
                continue
            key = str(key)
            if key in out:
                problems.append(_problem(path, key_node, f"duplicate key «{key}»"))
                continue
            out[key] = self.build(value_node, depth + 1, alias)
            out.at[key] = Where(value_node.start_mark)
            out.key_at[key] = Where(key_node.start_mark)
        return out

    def _scalar(self, node):
        if node.tag not in _SCALAR_TAGS:
            self._check_tag(node, "str")
            return None
        if node.tag.endswith((":int", ":float")) and ":" in str(node.value):
            return node.value  # 12:00 is a time of day here, not YAML 1.1's base-60 number 720
        try:
            return _scalars.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
            reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            self.problems.append(_problem(self.path, node, f"«{_short(node.value)}» is not a valid "
                                                           f"{_tag_name(node.tag)}: {reason}"))
            return None

    def _check_tag(self, node, kind: str) -> None:
        """Only YAML's plain types: a tag such as «!!python/name:…» is refused, never constructed."""
        if node.tag == _YAML_TAG + kind:
            return
        if node.tag == _YAML_TAG + "merge":
            message = "merge keys («<<: *name») are not supported: write the keys out"
        else:
            message = f"unsupported YAML tag «{_short(_tag_name(node.tag))}»: only plain values, lists and mappings"
        self.problems.append(_problem(self.path, node, message))


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(_YAML_TAG):] if tag.startswith(_YAML_TAG) else tag


def _short(value, limit: int = 40) -> str:
    """A value quoted in a message: cut short, control characters escaped."""
    text = str(value)
    text = text if len(text) <= limit else text[:limit] + "…"
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def _line_column(text: str, position: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line_start = text.rfind("\n", 0, position) + 1
    return text.count("\n", 0, position) + 1, position - line_start + 1


def _problem(path, node, message) -> Problem:
    return Problem(path, node.start_mark.line + 1, node.start_mark.column + 1, message)


def where_of(container, key) -> Where | None:
    """Position of `container[key]` if known."""
    try:
        return container.at[key]
    except (AttributeError, KeyError, IndexError, TypeError):
        return getattr(container, "where", None)


def suggest(word: str, choices) -> str:
    """A «did you mean» hint for a misspelt key."""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean «{close[0]}»?)" if close else ""
