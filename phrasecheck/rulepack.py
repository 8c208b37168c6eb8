"""Rule packs: YAML files validated strictly, in one place, into Rule objects.

Every problem is reported as `file:line:col: what is wrong`, all at once, so a
rule author fixes a file in one pass rather than one error per run.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from . import kinds, yamlfile
from .kinds.options import PHRASE_ITEM_KEYS, Option
from .model import SEVERITY_NAMES, Severity
from .patterns import PatternError, PhraseSet, check_template, placeholders
from .scopes import Scope
from .yamlfile import Problem, suggest, where_of

SPEAKERS = ("agent", "client", "any")

FILE_KEYS = {"pack": "pack metadata", "rules": "the list of rules"}
PACK_KEYS = {"name": Option("text", required=True), "language": Option("text"),
             "description": Option("text"), "source": Option("text")}
COMMON = {
    "id": Option("text", required=True),
    "type": Option("text", required=True),
    "severity": Option("choice", choices=tuple(SEVERITY_NAMES)),
    "message": Option("text", required=True),
    "description": Option("text"),
    "speaker": Option("choice", choices=SPEAKERS),
    "suggest": Option("texts"),
    "source": Option("text"),
    "scope": Option("scope"),
    "when": Option("when"),
    "weight": Option("number"),
    "critical": Option("flag"),
    "examples": Option("examples"),
}


def builtin_rules_dir() -> Path:
    """The shipped pack: inside the installed package, or beside it in a checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "rules"
    return installed if installed.is_dir() else here.parent / "rules"


@dataclass(frozen=True)
class PhraseItem:
    phrase: str
    suggest: tuple[str, ...] | None = None
    severity: Severity | None = None
    fix: str | None = None  # safe replacement for --fix


@dataclass
class Rule:
    id: str
    type: str
    severity: Severity
    message: str
    pack: str
    path: str
    line: int
    description: str = ""
    speaker: str = "agent"
    suggest: tuple[str, ...] = ()
    source: str = ""
    scope: Scope = Scope()
    when: dict[str, tuple] = field(default_factory=dict)  # metadata key → accepted values
    structural: bool = False  # judges the call's shape: not for script fragments
    weight: float | None = None  # points a violation takes from the call's score
    critical: bool = False  # one violation fails the call outright
    examples: dict[str, tuple[str, ...]] = field(default_factory=lambda: {"bad": (), "good": ()})
    options: dict[str, Any] = field(default_factory=dict)
    check: Callable | None = None

    @property
    def summary(self) -> str:
        return (self.description or self.message).strip().splitlines()[0]


@dataclass
class RuleSet:
    rules: list[Rule] = field(default_factory=list)
    phrases: PhraseSet = field(default_factory=PhraseSet)
    problems: list[Problem] = field(default_factory=list)
    # rule id → option values that replace the rule file's (config `options:`)
    overrides: dict[str, dict] = field(default_factory=dict)
    known_ids: set[str] = field(default_factory=set)  # every rule loaded, selected or not

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


def rule_files(paths: list[str], builtin: bool = True) -> tuple[list[Path], list[Problem]]:
    """The rule files to load, in order: the built-in pack's (unless told not
    to), then those of each given file or folder; and a problem for each one
    that does not exist."""
    files, missing = [], []
    for source in ([builtin_rules_dir()] if builtin else []) + [Path(p) for p in paths]:
        if not source.exists():
            missing.append(Problem(str(source), 1, 1, "no such rule file or folder"))
        elif source.is_dir():
            files.extend(sorted(p for p in source.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()))
        else:
            files.append(source)
    return files, missing


def load_rules(paths: list[str], builtin: bool = True, overrides: dict | None = None,
               precompiled: dict | None = None) -> RuleSet:
    """Load the built-in pack (unless told not to) and the given files/folders.
    `precompiled` ({source: Pattern}) spares compiling phrases an earlier run compiled."""
    files, missing = rule_files(paths, builtin)
    ruleset = RuleSet(phrases=PhraseSet(precompiled), problems=missing, overrides=dict(overrides or {}))
    seen: dict[str, Rule] = {}
    for path in files:
        for rule in load_file(path, ruleset):
            if rule.id in seen:
                first = seen[rule.id]
                ruleset.problems.append(Problem(
                    rule.path, rule.line, 1,
                    f"duplicate rule id «{rule.id}» (first defined at {first.path}:{first.line})"))
                continue
            seen[rule.id] = rule
            ruleset.rules.append(rule)
    ruleset.known_ids = set(seen)
    for rule_id in ruleset.overrides:
        if rule_id not in seen:
            ruleset.problems.append(Problem("<config>", 1, 1, f"options for unknown rule «{rule_id}»"
                                                              f"{suggest(rule_id, seen)}"))
    return ruleset


def load_file(path: Path, ruleset: RuleSet) -> list[Rule]:
    """Validate one rule file; problems go to `ruleset.problems`."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        ruleset.problems.append(Problem(name, 1, 1, f"cannot read: {exc}"))
        return []
    try:
        data = yamlfile.load(text, name)
    except yamlfile.LoadError as exc:
        ruleset.problems.extend(exc.problems)
        return []
    checker = _Checker(name, ruleset)
    return checker.file(data)


class _Checker:
    def __init__(self, path: str, ruleset: RuleSet):
        self.path, self.ruleset = path, ruleset

    def problem(self, where, message: str) -> None:
        line, column = (where.line, where.column) if where else (1, 1)
        self.ruleset.problems.append(Problem(self.path, line, column, message))

    def file(self, data) -> list[Rule]:
        if not isinstance(data, dict):
            self.problem(getattr(data, "where", None), "a rule file is a mapping with «pack» and «rules»")
            return []
        self.unknown_keys(data, FILE_KEYS, "file")
        pack = data.get("pack")
        pack_name = Path(self.path).stem
        if pack is None:
            self.problem(data.where, "missing «pack» (the pack's name, language, description, source)")
        elif self.keys(pack, PACK_KEYS, "pack", where_of(data, "pack")) is not None:
            pack_name = pack.get("name") or pack_name
        rules = data.get("rules")
        if not isinstance(rules, list) or not rules:
            self.problem(where_of(data, "rules") or data.where, "«rules» must be a non-empty list of rules")
            return []
        built, ids = [], {}
        for index, spec in enumerate(rules):
            rule_id = spec.get("id") if isinstance(spec, dict) else None
            if isinstance(rule_id, str) and rule_id in ids:
                self.problem(where_of(spec, "id"), f"duplicate rule id «{rule_id}» (first at line {ids[rule_id]})")
                continue
            if isinstance(rule_id, str):
                ids[rule_id] = spec.where.line
            rule = self.rule(spec, where_of(rules, index), str(pack_name))
            if rule is not None:
                built.append(rule)
        return built

    def unknown_keys(self, mapping, known, what) -> None:
        for key in mapping:
            if key not in known:
                self.problem(mapping.key_at.get(key), f"unknown key «{key}» in {what}{suggest(key, known)}")

    def keys(self, mapping, options: dict[str, Option], what: str, where):
        """Check a mapping against options; returns the cleaned values or None."""
        if not isinstance(mapping, dict):
            self.problem(where, f"{what} must be a mapping of keys and values")
            return None
        self.unknown_keys(mapping, options, what)
        ok = True
        for key, option in options.items():
            if key not in mapping:
                if option.required:
                    self.problem(mapping.where, f"{what}: missing required key «{key}»")
                    ok = False
                continue
            ok &= self.value(mapping[key], option, f"«{key}»", where_of(mapping, key))
        return mapping if ok else None

    def value(self, value, option: Option, what: str, where) -> bool:
        kind = option.kind
        if kind == "text":
            if not isinstance(value, str) or not value.strip():
                self.problem(where, f"{what} must be non-empty text")
                return False
        elif kind == "choice":
            if value not in option.choices:
                self.problem(where, f"{what} must be one of: {', '.join(option.choices)}"
                             f"{suggest(str(value), option.choices)}")
                return False
        elif kind == "texts":
            items = [value] if isinstance(value, str) else value
            if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
                self.problem(where, f"{what} must be text or a list of texts")
                return False
        elif kind == "number":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                self.problem(where, f"{what} must be a number ≥ 0")
                return False
        elif kind == "flag":
            if not isinstance(value, bool):
                self.problem(where, f"{what} must be true or false")
                return False
        elif kind == "time":
            if _minutes(value) is None:
                self.problem(where, f"{what} must be a time of day like \"12:00\" (in quotes)")
                return False
        elif kind == "scope":
            try:
                Scope.parse(value)
            except ValueError as exc:
                self.problem(where, f"{what} {exc}")
                return False
        elif kind == "when":
            if not isinstance(value, dict) or not value or not all(
                    isinstance(v, (str, int, float)) or (isinstance(v, list) and v) for v in value.values()):
                self.problem(where, f"{what} must map call metadata to a value or a list, e.g. {{direction: outbound}}")
                return False
        elif kind == "mapping":
            return self.keys(value, option.fields, what, where) is not None
        elif kind == "items":
            if not isinstance(value, list) or not value:
                self.problem(where, f"{what} must be a non-empty list")
                return False
            return all([self.keys(item, option.fields, f"{what} item", where_of(value, i)) is not None
                        for i, item in enumerate(value)])
        elif kind == "examples":
            return self.examples(value, where)
        elif kind == "phrases":
            return self.phrase_list(value, what, where)
        return True

    def examples(self, value, where) -> bool:
        if not isinstance(value, dict):
            self.problem(where, "«examples» must be a mapping with «bad» and/or «good» lists")
            return False
        self.unknown_keys(value, ("bad", "good"), "examples")
        return all(self.value(value[k], Option("texts"), f"examples «{k}»", where_of(value, k))
                   for k in ("bad", "good") if k in value)

    def phrase_list(self, value, what, where) -> bool:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items:
            self.problem(where, f"{what} must be a phrase or a non-empty list of phrases")
            return False
        ok = True
        for index, item in enumerate(items):
            at = where_of(items, index) if isinstance(items, list) and items is value else where
            ok &= self.phrase_item(item, at)
        return ok

    def phrase_item(self, item, where) -> bool:
        phrase = item
        if isinstance(item, dict):
            self.unknown_keys(item, PHRASE_ITEM_KEYS, "phrase")
            phrase = item.get("phrase")
            where = where_of(item, "phrase") or where
            if "suggest" in item and not self.value(item["suggest"], Option("texts"), "«suggest»",
                                                    where_of(item, "suggest")):
                return False
            if "severity" in item and not self.value(item["severity"], COMMON["severity"], "«severity»",
                                                     where_of(item, "severity")):
                return False
            if "fix" in item and not self.value(item["fix"], Option("text"), "«fix»", where_of(item, "fix")):
                return False
        if not isinstance(phrase, str) or not phrase.strip():
            self.problem(where, "empty phrase: a phrase must have at least one word")
            return False
        try:
            if placeholders(phrase):
                check_template(phrase)
            else:
                self.ruleset.phrases.add(phrase)
        except PatternError as exc:
            column = where.column + exc.column if where else 1
            self.problem(_At(where.line if where else 1, column), f"phrase «{phrase}»: {exc}")
            return False
        return True

    def rule(self, spec, where, pack: str) -> Rule | None:
        if not isinstance(spec, dict):
            self.problem(where, "a rule must be a mapping (id, type, message, …)")
            return None
        override = self.ruleset.overrides.get(spec.get("id"))
        if override:
            spec = _merged(spec, override)
        kind_name = spec.get("type")
        kind = kinds.KINDS.get(kind_name) if isinstance(kind_name, str) else None
        label = f"rule «{spec.get('id', '?')}»"
        if kind is None:  # the other keys depend on the type: check them once it is right
            where_type = where_of(spec, "type") if "type" in spec else spec.where
            self.problem(where_type, f"{label}: unknown rule type «{kind_name}»; known types: "
                                     f"{', '.join(kinds.KINDS)}{suggest(str(kind_name), kinds.KINDS)}")
            return None
        if self.keys(spec, {**COMMON, **kind.OPTIONS}, label, where) is None:
            return None
        examples = spec.get("examples") or {}
        rule = Rule(
            id=spec["id"], type=kind_name,
            severity=Severity.parse(spec.get("severity", "warning")),
            message=spec["message"].strip(), pack=pack, path=self.path, line=spec.where.line,
            description=spec.get("description", ""), speaker=spec.get("speaker", "agent"),
            suggest=_texts(spec.get("suggest")), source=spec.get("source", ""),
            scope=Scope.parse(spec.get("scope", "call")),
            when={k: tuple(v) if isinstance(v, list) else (v,) for k, v in (spec.get("when") or {}).items()},
            structural=getattr(kind, "STRUCTURAL", False),
            weight=spec.get("weight"), critical=spec.get("critical", False),
            examples={k: _texts(examples.get(k)) for k in ("bad", "good")},
            options={k: spec[k] for k in kind.OPTIONS if k in spec},
        )
        built = {k: _convert(v, kind.OPTIONS[k]) for k, v in rule.options.items()}
        rule.check = kind.build(rule, built, self.ruleset.phrases)
        return rule


def _merged(spec, override):
    """A rule's YAML with the config's option values laid over it."""
    merged = yamlfile.Mapping({**spec, **override})
    merged.where, merged.at, merged.key_at = spec.where, dict(spec.at), dict(spec.key_at)
    for key in override:
        merged.at[key] = merged.key_at[key] = spec.where
    return merged


@dataclass(frozen=True)
class _At:
    line: int
    column: int


def _texts(value) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _convert(value, option: Option):
    """Validated YAML → what a kind builds from: phrases become PhraseItems, times minutes."""
    if option.kind == "phrases":
        return _phrase_items(value)
    if option.kind == "time":
        return _minutes(value)
    if option.kind == "texts":
        return _texts(value)
    if option.kind == "mapping":
        return {k: _convert(v, option.fields[k]) for k, v in value.items()}
    if option.kind == "items":
        return [_convert(item, Option("mapping", fields=option.fields)) for item in value]
    return value


def _minutes(value) -> int | None:
    """«09:30» → 570; 24:00 is allowed as the end of the day."""
    if not isinstance(value, str):
        return None
    hours, _, minutes = value.strip().partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        return None
    total = int(hours) * 60 + int(minutes)
    return total if int(minutes) < 60 and total <= 24 * 60 else None


def _phrase_items(value) -> list[PhraseItem]:
    items = [value] if isinstance(value, str) else value
    out = []
    for item in items:
        if isinstance(item, dict):
            severity = item.get("severity")
            out.append(PhraseItem(item["phrase"], _texts(item["suggest"]) if "suggest" in item else None,
                                  Severity.parse(severity) if severity else None, item.get("fix")))
        else:
            out.append(PhraseItem(item))
    return out


def select_rules(ruleset: RuleSet, select: list[str], ignore: list[str],
                 severities: dict[str, str]) -> list[Problem]:
    """Apply --select/--ignore globs and severity overrides; returns problems."""
    problems = []
    known = {r.id for r in ruleset.rules}
    for pattern in [*select, *ignore, *severities]:
        if not any(fnmatch.fnmatchcase(rid, pattern) for rid in known):
            problems.append(Problem("<options>", 1, 1, f"no rule matches «{pattern}»{suggest(pattern, known)}"))
    kept = []
    for rule in ruleset.rules:
        if select and not any(fnmatch.fnmatchcase(rule.id, p) for p in select):
            continue
        if any(fnmatch.fnmatchcase(rule.id, p) for p in ignore):
            continue
        level = next((lvl for p, lvl in severities.items() if fnmatch.fnmatchcase(rule.id, p)), None)
        if level == "off":
            continue
        if level:
            rule.severity = Severity.parse(level)
        kept.append(rule)
    ruleset.rules = kept
    return problems
