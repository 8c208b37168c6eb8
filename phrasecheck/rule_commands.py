"""The commands about rules themselves (`rules list`, `show`, `validate`, `test`, `init`)
and `explain`: what each does once its arguments are parsed. Beside app.py, whose
settings, rule loading, errors and exit codes they share."""

# No `from __future__ import annotations`: NamedTuple would compile every
# field's annotation from its text, at start-up, on every run.
from pathlib import Path
from typing import NamedTuple

from .app import EXIT_FOUND, EXIT_OK, AppError, RuleChoice, load_ruleset, settings
from .printable import visible


def explain(text: str, speaker: str, choice: RuleChoice):
    """How a text splits into words and lemmas, and what the phrase rules find in it:
    ([(word, normalized, lemmas, grammar)], violations, practices)."""
    from . import morphology
    from .engine import Engine
    from .model import Call, Utterance

    if speaker not in ("agent", "client"):
        raise AppError("--speaker must be agent or client")
    ruleset = load_ruleset(settings(choice))
    ruleset.rules = [r for r in ruleset.rules if not r.structural]  # one sentence has no call shape
    words = [(token.text, token.form, ", ".join(morphology.lemmas(token.form)),
              "; ".join(tag for _, tag in morphology.describe(token.form)[:3]))
             for token in morphology.tokenize(text)]
    findings, practices, _ = Engine(ruleset).examine(Call("<text>", [Utterance(0, speaker, text, 1, 1)]))
    return words, findings, practices


def active_rules(choice: RuleChoice) -> list:
    return load_ruleset(settings(choice)).rules


def find_rule(rule_id: str, choice: RuleChoice):
    ruleset = load_ruleset(settings(choice))
    rule = ruleset.get(rule_id)
    if rule is None:
        from .yamlfile import suggest

        raise AppError(f"no rule «{rule_id}»{suggest(rule_id, [r.id for r in ruleset.rules])}")
    return rule


def validate_rules(paths: list[Path]) -> tuple[int, list]:
    """`rules validate`: how many rules the files and folders hold, and every problem in them, sorted."""
    from .rulepack import RuleSet, load_file, rule_files

    files, missing = rule_files([str(p) for p in paths], builtin=False)
    ruleset = RuleSet(problems=missing)
    count = sum(len(load_file(path, ruleset)) for path in files)
    return count, [visible(str(problem), newlines=True) for problem in sorted(ruleset.problems)]


class ExampleRun(NamedTuple):
    rules: list
    results: list  # examples.ExampleResult of every example of every rule

    @property
    def failures(self) -> list:
        return [r for r in self.results if not r.passed]

    @property
    def without_examples(self) -> list[str]:
        return [rule.id for rule in self.rules if not rule.examples["bad"] and not rule.examples["good"]]

    @property
    def exit_code(self) -> int:
        return EXIT_FOUND if self.failures or self.without_examples else EXIT_OK


def run_examples(paths: list[Path], config: Path | None) -> ExampleRun:
    """`rules test`: run the examples of the rules in these files and folders, or of the active rules."""
    from . import examples
    from .config import Config
    from .engine import Engine

    if paths:  # just these files, as written: the config's packs and overrides are not under test
        ruleset = load_ruleset(Config(rules=[str(p) for p in paths], builtin=False))
    else:
        ruleset = load_ruleset(settings(RuleChoice(config)))
    return ExampleRun(ruleset.rules, examples.run(Engine(ruleset), ruleset.rules))


def init(folder: Path) -> list[Path]:
    """Write a starter config and an example rule pack; never overwrite."""
    from .starter import write_starter

    try:
        return write_starter(folder)
    except FileExistsError as exc:
        raise AppError(f"{exc}: already exists, not overwritten") from None
