"""Rule packs: YAML files validated strictly, in one place, into Rule objects.

Every problem is reported as `file:line:col: what is wrong`, all at once, so a
rule author fixes a file in one pass rather than one error per run.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import kinds, yamlfile
from .kinds.check import Check
from .kinds.options import Text, check_keys, unknown_keys
from .kinds.misattributed import MISATTRIBUTED, Misattributed
from .kinds.names import NAMES, NamesSaid
from .kinds.recording import RECORDING, Signs
from .kinds.rule_keys import RULE_KEYS
from .model import Severity
from .overrides import Elsewhere, merged
from .patterns import PhraseSet
from .scopes import Scope
from .yamlfile import Problem, suggest, where_of

FILE_KEYS = {"pack": "pack metadata", "rules": "the list of rules",
             "recording": "signs that a recording lacks the call's opening or closing",
             "names": "where the transcript gives a name the call's metadata lacks",
             "misattributed": "words speech recognition put in the wrong speaker's channel"}
PACK_KEYS = {"name": Text(required=True), "language": Text(), "description": Text(), "source": Text()}


def builtin_rules_dir() -> Path:
    """The shipped pack: inside the installed package, or beside it in a checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "rules"
    return installed if installed.is_dir() else here.parent / "rules"


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
    title: str = ""  # a short name for charts (the HTML report); "" : the id
    speaker: str = "agent"
    suggest: tuple[str, ...] = ()
    source: str = ""
    scope: Scope = Scope()
    when: dict[str, tuple] = field(default_factory=dict)  # metadata key → accepted values
    unless: dict[str, tuple] = field(default_factory=dict)  # metadata key → values that exempt a call
    structural: bool = False  # judges the call's shape: not for script fragments
    weight: float | None = None  # points a violation takes from the call's score
    critical: bool = False  # one violation fails the call outright
    examples: dict[str, tuple[str, ...]] = field(default_factory=lambda: {"bad": (), "good": ()})
    options: dict[str, Any] = field(default_factory=dict)
    check: Check | None = None  # what the engine runs

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
    recordings: list[Signs] = field(default_factory=list)  # each file's `recording:` section
    names: list[NamesSaid] = field(default_factory=list)  # each file's `names:` section
    misattributed: list[Misattributed] = field(default_factory=list)  # each file's `misattributed:` section
    overrides_path: str = "<config>"  # the config file `overrides` come from
    declared: set[str] = field(default_factory=set)  # every rule id a file gives, its rule valid or not

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
    # the config file the overrides come from, where it says (config.py marks its `options`)
    source = getattr(overrides, "path", "<config>")
    ruleset = RuleSet(phrases=PhraseSet(precompiled), problems=missing, overrides=dict(overrides or {}),
                      overrides_path=source)
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
        if rule_id not in seen and rule_id not in ruleset.declared:  # a rule in error is reported once
            at = Elsewhere(source, where_of(overrides, rule_id) if hasattr(overrides, "key_at") else None)
            ruleset.problems.append(Problem(source, at.line, at.column, f"options for unknown rule «{rule_id}»"
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
    except yamlfile.yaml.YAMLError as exc:  # a YAML tag no value can be made of (`=`, `!!python/…`)
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        ruleset.problems.append(Problem(name, line, column, f"YAML: {getattr(exc, 'problem', None) or exc}"))
        return []
    checker = _Checker(name, ruleset)
    return checker.file(data)


class _Checker:
    """Checks one rule file; the option types (kinds/options.py) report to it."""

    def __init__(self, path: str, ruleset: RuleSet):
        self.path, self.ruleset = path, ruleset
        self.phrases = ruleset.phrases

    def problem(self, where, message: str) -> None:
        line, column = (where.line, where.column) if where else (1, 1)
        # a value the config's `options` gave is wrong in the config, not in the rule file
        path = getattr(where, "path", self.path)
        self.ruleset.problems.append(Problem(path, line, column, message))

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
        if "recording" in data and RECORDING.check(data["recording"], "«recording»", where_of(data, "recording"),
                                                   self):
            self.ruleset.recordings.append(Signs(RECORDING.convert(data["recording"]), self.phrases))
        if "names" in data and NAMES.check(data["names"], "«names»", where_of(data, "names"), self):
            self.ruleset.names.append(NamesSaid(NAMES.convert(data["names"]), self.phrases))
        if "misattributed" in data and MISATTRIBUTED.check(data["misattributed"], "«misattributed»",
                                                           where_of(data, "misattributed"), self):
            self.ruleset.misattributed.append(Misattributed(MISATTRIBUTED.convert(data["misattributed"])))
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
                self.ruleset.declared.add(rule_id)
            rule = self.guarded(spec, where_of(rules, index), str(pack_name))
            if rule is not None:
                built.append(rule)
        return built

    def guarded(self, spec, where, pack: str) -> Rule | None:
        """`rule`, where a bug of ours is a problem of this rule, located and named as a bug,
        and the other rules are still read."""
        try:
            return self.rule(spec, where, pack)
        except Exception as exc:
            self.problem(getattr(spec, "where", where), f"internal error reading this rule "
                                                        f"({type(exc).__name__}: {exc}); please report it")
            return None

    def unknown_keys(self, mapping, known, what) -> None:
        unknown_keys(mapping, known, what, self)

    def keys(self, mapping, options, what: str, where):
        """Check a mapping against options; returns the cleaned values or None."""
        return check_keys(mapping, options, what, where, self)

    def rule(self, spec, where, pack: str) -> Rule | None:
        if not isinstance(spec, dict):
            self.problem(where, "a rule must be a mapping (id, type, message, …)")
            return None
        rule_id = spec.get("id")
        override = self.ruleset.overrides.get(rule_id) if isinstance(rule_id, str) else None
        if override:
            spec = merged(spec, override, self.ruleset.overrides_path)
        label = f"rule «{spec.get('id', '?')}»"
        try:
            kind = kinds.get(spec.get("type"))
        except kinds.UnknownKind as exc:  # the other keys depend on the type: check them once it is right
            self.problem(where_of(spec, "type") if "type" in spec else spec.where, f"{label}: {exc}")
            return None
        if self.keys(spec, {**RULE_KEYS, **kind.OPTIONS}, label, where) is None:
            return None
        shared = {key: option.convert(spec[key]) for key, option in RULE_KEYS.items() if key in spec}
        rule = Rule(
            id=shared["id"], type=kind.TYPE,
            severity=Severity.parse(shared.get("severity", "warning")),
            message=shared["message"].strip(), pack=pack, path=self.path, line=spec.where.line,
            description=shared.get("description", ""), title=shared.get("title", "").strip(),
            speaker=shared.get("speaker", "agent"),
            suggest=shared.get("suggest", ()), source=shared.get("source", ""),
            scope=shared.get("scope", Scope()), when=shared.get("when", {}), unless=shared.get("unless_call", {}),
            structural=kind.STRUCTURAL, weight=shared.get("weight"), critical=shared.get("critical", False),
            examples=RULE_KEYS["examples"].convert(spec.get("examples")),
            options={k: spec[k] for k in kind.OPTIONS if k in spec},
        )
        built = {k: kind.OPTIONS[k].convert(v) for k, v in rule.options.items()}
        rule.check = kind.build(rule, built, self.ruleset.phrases)
        return rule


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
