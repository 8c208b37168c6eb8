"""Settings: a config file found from the current folder upward, then the command line.

Files looked for in each folder, first found wins: phrasecheck.yaml,
.phrasecheck.yaml, pyproject.toml with a [tool.phrasecheck] table.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import yamlfile
from .yamlfile import Problem, suggest, where_of

CONFIG_NAMES = ("phrasecheck.yaml", ".phrasecheck.yaml")
FAIL_ON = ("error", "warning", "info", "never")
ROLES = ("agent", "client")


class ConfigError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


@dataclass
class Config:
    path: str | None = None
    rules: list[str] = field(default_factory=list)  # extra rule files or folders
    builtin: bool = True
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)  # path globs not to check
    default_exclude: bool = True  # also skip README.*, LICENSE.* … (inputs.DEFAULT_EXCLUDE)
    severity: dict[str, str] = field(default_factory=dict)  # rule id/glob → level or "off"
    company: str | None = None
    # other names that count as naming the company: a list, or company → list
    company_aliases: list[str] | dict[str, list[str]] = field(default_factory=list)
    timezone: str | None = None
    speakers: dict[str, str] = field(default_factory=dict)  # label → agent/client
    fail_on: str = "warning"
    encoding: str | None = None
    scripts_are_calls: bool = False  # apply opening/closing rules to scripts too
    options: dict[str, dict] = field(default_factory=dict)  # rule id → option overrides
    credit_cap: float = 10.0  # the most the techniques used in one call add to its score


_KINDS = {"rules": "list", "builtin": "bool", "select": "list", "ignore": "list", "exclude": "list",
          "default_exclude": "bool",
          "severity": "severity", "company": "text",
          "company_aliases": "aliases", "timezone": "timezone", "speakers": "speakers",
          "fail_on": "fail_on", "encoding": "text", "scripts_are_calls": "bool", "options": "options",
          "credit_cap": "points"}


def find(start: Path | None = None) -> Path | None:
    folder = (start or Path.cwd()).resolve()
    for directory in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            if (directory / name).is_file():
                return directory / name
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and _has_table(pyproject):
            return pyproject
    return None


def load(path: Path | None) -> Config:
    """Read and validate a config file (None: defaults). Raises ConfigError."""
    if path is None:
        return Config()
    name = str(path)
    try:
        if path.name == "pyproject.toml":
            data = _pyproject_table(path) or {}
        else:
            data = yamlfile.load(path.read_text(encoding="utf-8-sig"), name) or {}
    except OSError as exc:
        raise ConfigError([Problem(name, 1, 1, f"cannot read: {exc.strerror or exc}")]) from None
    except UnicodeDecodeError as exc:
        raise ConfigError([Problem(name, 1, 1, f"not UTF-8 (byte offset {exc.start}: {exc.reason})")]) from None
    except yamlfile.LoadError as exc:
        raise ConfigError(exc.problems) from None
    except yamlfile.yaml.YAMLError as exc:  # a YAML tag no value can be made of (`=`, `!!python/…`)
        raise ConfigError([yaml_problem(name, exc)]) from None
    if not isinstance(data, dict):
        raise ConfigError([Problem(name, 1, 1, "the config must be a mapping of settings")])
    problems: list[Problem] = []
    config = Config(path=name)
    for key, value in data.items():
        key_name = key.replace("-", "_")
        at = where_of(data, key)
        line, column = (at.line, at.column) if at else (1, 1)
        kind = _KINDS.get(key_name)
        if kind is None:
            problems.append(Problem(name, line, column, f"unknown setting «{key}»{suggest(key_name, _KINDS)}"))
            continue
        error = _check(kind, value)
        if error:
            problems.append(Problem(name, line, column, f"«{key}» {error}"))
            continue
        if kind == "speakers":
            value = {" ".join(str(k).lower().split()): v for k, v in value.items()}
        if key_name == "rules":  # relative to the config file, not to where it runs
            value = [str((path.parent / p)) for p in value]
        if kind == "severity":  # YAML reads `off` (and `no`, `false`) as false
            value = {rule: "off" if level is False else level for rule, level in value.items()}
        if kind == "options":  # a problem in an option value is reported in this file
            value = value if isinstance(value, yamlfile.Mapping) else yamlfile.Mapping(value)
            value.path = name
        setattr(config, key_name, value)
    if problems:
        raise ConfigError(problems)
    return config


def _check(kind: str, value: Any) -> str | None:
    if kind == "list":
        if isinstance(value, str):
            return "must be a list"
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return "must be a list of texts"
    elif kind == "bool" and not isinstance(value, bool):
        return "must be true or false"
    elif kind == "text" and not isinstance(value, str):
        return "must be text"
    elif kind == "points" and (isinstance(value, bool) or not isinstance(value, (int, float))
                               or not 0 <= value <= 100):
        return "must be a number from 0 to 100"
    elif kind == "fail_on" and value not in FAIL_ON:
        return f"must be one of: {', '.join(FAIL_ON)}"
    elif kind == "severity":
        levels = ("error", "warning", "info", "off")
        if not isinstance(value, dict) or not all(v is False or (isinstance(v, str) and v in levels)
                                                  for v in value.values()):
            return f"must map rule ids to one of: {', '.join(levels)}"
    elif kind == "speakers":
        if not isinstance(value, dict) or not all(v in ROLES for v in value.values()):
            return "must map speaker labels to agent or client"
    elif kind == "aliases":
        names = value.values() if isinstance(value, dict) else [value]
        if not all(isinstance(v, list) and v and all(isinstance(n, str) and n.strip() for n in v) for v in names):
            return ("must be a list of names, or map each company to its list, "
                    "e.g. {ТОМТЕЛ: [ТТ, техподдержка]}")
    elif kind == "timezone":
        return None if isinstance(value, str) and zone(value) else "must be a time zone name like Europe/Moscow"
    elif kind == "options":
        if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
            return "must map rule ids to their options, e.g. {long-silence: {max_seconds: 15}}"
    return None


def yaml_problem(path: str, exc: Exception) -> Problem:
    """A YAML error that names no line of its own in our terms, as file:line:col."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Problem(path, line, column, f"YAML: {getattr(exc, 'problem', None) or exc}")


def zone(name: str):
    """A tzinfo for an IANA name, or None if there is no such zone."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def speaker_map(pairs: list[str]) -> dict[str, str]:
    """`SPEAKER_00=agent` pairs from the command line; raises ValueError."""
    mapping = {}
    for pair in pairs:
        label, sep, role = pair.rpartition("=")
        if not sep or not label.strip() or role.strip().lower() not in ROLES:
            raise ValueError(f"--speaker-map «{pair}»: expected LABEL=agent or LABEL=client")
        mapping[" ".join(label.lower().split())] = role.strip().lower()
    return mapping


def _has_table(path: Path) -> bool:
    """pyproject.toml has a [tool.phrasecheck] table, or means to: a file that is
    wrong but names phrasecheck is ours to report, never to pass over."""
    try:
        return _pyproject_table(path) is not None
    except ConfigError:
        try:
            return "phrasecheck" in path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False


def _pyproject_table(path: Path) -> dict | None:
    """The [tool.phrasecheck] table, or None; a file that cannot be read or parsed
    is a ConfigError saying where."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    with path.open("rb") as handle:
        try:
            document = tomllib.load(handle)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError([_toml_problem(str(path), exc)]) from None
    tool = document.get("tool", {})
    table = tool.get("phrasecheck") if isinstance(tool, dict) else None
    if table is not None and not isinstance(table, dict):
        raise ConfigError([Problem(str(path), 1, 1, "[tool.phrasecheck] must be a table of settings")])
    return table


def _toml_problem(path: str, exc: Exception) -> Problem:
    """tomllib's «Invalid value (at line 3, column 9)» as file:line:col: what."""
    message = str(exc)
    found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if found:
        return Problem(path, int(found.group(1)), int(found.group(2)), f"TOML syntax: {message[:found.start()]}")
    return Problem(path, 1, 1, f"TOML syntax: {message}")
