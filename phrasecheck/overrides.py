"""The config's `options:` laid over a rule's YAML (rulepack.py checks the result).

A value the config gives is checked like the rule file's own, but a problem in
it is reported where the config gives it: every position inside it becomes an
`Elsewhere`, a position in the config file. A config without positions
(pyproject.toml's TOML) places every part of a value at the rule's own place in
the config, or at its first line.
"""

from __future__ import annotations

from . import kinds, yamlfile
from .yamlfile import where_of


class Elsewhere:
    """Where a value is, in another file than the one being checked (the config's)."""

    __slots__ = ("path", "line", "column")

    def __init__(self, path: str, where) -> None:
        self.path = path
        self.line, self.column = (where.line, where.column) if where else (1, 1)


def merged(spec, override, config_path: str):
    """A rule's YAML with the config's option values laid over it. A key the config
    gives replaces the rule file's alternative to it (`phrases` ↔ `parts`)."""
    kind = kinds.KINDS.get(spec["type"]) if isinstance(spec.get("type"), str) else None
    options = kind.OPTIONS if kind else {}
    replaced = {options[key].replaced_by for key in override if key in options and options[key].replaced_by}
    replaced |= {key for key, option in options.items() if option.replaced_by in override}
    laid = yamlfile.Mapping({**{k: v for k, v in spec.items() if k not in replaced}, **override})
    laid.where, laid.at, laid.key_at = spec.where, dict(spec.at), dict(spec.key_at)
    for key in override:
        at = Elsewhere(config_path, where_of(override, key) if hasattr(override, "at") else None)
        laid.at[key] = laid.key_at[key] = at
        laid[key] = placed(override[key], at, config_path)
    return laid


def placed(value, at: Elsewhere, path: str):
    """`value` with every position inside it made a position in the config file `path`."""
    if isinstance(value, dict):
        out = yamlfile.Mapping({k: placed(v, _there(value, "at", k, at, path), path) for k, v in value.items()})
        out.where = at
        out.at = {k: _there(value, "at", k, at, path) for k in value}
        out.key_at = {k: _there(value, "key_at", k, at, path) for k in value}
        return out
    if isinstance(value, list):
        out = yamlfile.Sequence(placed(v, _there(value, "at", i, at, path), path) for i, v in enumerate(value))
        out.where, out.at = at, [_there(value, "at", i, at, path) for i in range(len(value))]
        return out
    return value


def _there(container, attribute: str, key, default: Elsewhere, path: str) -> Elsewhere:
    try:
        return Elsewhere(path, getattr(container, attribute)[key])
    except (AttributeError, KeyError, IndexError, TypeError):
        return default
