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
    """Parse YAML text; raises LoadError listing syntax errors and duplicate keys."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise LoadError([Problem(path, *where, f"YAML syntax: {exc.problem or exc}")]) from None
    except yaml.YAMLError as exc:
        raise LoadError([Problem(path, 1, 1, f"YAML: {exc}")]) from None
    problems: list[Problem] = []
    value = _build(node, path, problems) if node is not None else None
    if problems:
        raise LoadError(problems)
    return value


# libyaml's parser is ten times faster than the pure-Python one, and keeps positions too
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_scalars = yaml.SafeLoader("")


def _build(node, path, problems):
    if isinstance(node, yaml.MappingNode):
        out = Mapping()
        out.where, out.at, out.key_at = Where(node.start_mark), {}, {}
        for key_node, value_node in node.value:
            key = _build(key_node, path, problems)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                problems.append(_problem(path, key_node, "a key must be a plain word"))
                continue
            key = str(key)
            if key in out:
                problems.append(_problem(path, key_node, f"duplicate key «{key}»"))
                continue
            out[key] = _build(value_node, path, problems)
            out.at[key] = Where(value_node.start_mark)
            out.key_at[key] = Where(key_node.start_mark)
        return out
    if isinstance(node, yaml.SequenceNode):
        out = Sequence(_build(item, path, problems) for item in node.value)
        out.where, out.at = Where(node.start_mark), [Where(item.start_mark) for item in node.value]
        return out
    if node.tag.endswith((":int", ":float")) and ":" in str(node.value):
        return node.value  # 12:00 is a time of day here, not YAML 1.1's base-60 number 720
    return _scalars.construct_object(node, deep=True)


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
