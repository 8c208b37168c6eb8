"""What `explain` and the `rules` commands print: Rich tables and text, for a
terminal, or unwrapped when piped. The text comes from rule files and the
command line: Rich reads no markup or emoji codes in it, and its control
characters are shown as escapes (printable.visible)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from .printable import visible


def console() -> Console:
    """Rich output; tables are not wrapped to 80 columns when piped."""
    out = Console(soft_wrap=True, highlight=False, markup=False, emoji=False)
    if not out.is_terminal:
        out.width = 250
    return out


def explanation(words, findings, practices=()) -> None:
    """`explain`: the words with their lemmas and grammar, then what the rules found:
    violations, then the recommended techniques the text uses (practices)."""
    out = console()
    table = Table("word", "normalized", "lemmas (every reading)", "grammar", box=None)
    for row in words:
        table.add_row(*map(visible, row))
    out.print(table)
    if not findings:
        out.print("No rule is triggered.")
    for item in findings:
        out.print(f"{visible(item.rule)} ({item.severity}): «{visible(item.text)}» at column {item.column} — "
                  f"{visible(item.message, newlines=True)}")
        for suggestion in item.suggestions:
            out.print(f"    → {visible(suggestion, newlines=True)}")
    if practices:
        out.print("Good practice:")
    for item in practices:
        out.print(f"  ✓ {visible(item.rule)}: «{visible(item.text)}» at column {item.column} — "
                  f"{visible(item.message, newlines=True)}")


def rule_table(rules) -> None:
    """`rules list`: one row a rule."""
    table = Table("id", "type", "severity", "pack", "description", box=None)
    for rule in rules:
        table.add_row(*(visible(v) for v in (rule.id, rule.type, str(rule.severity), rule.pack, rule.summary)))
    console().print(table)


def rule_detail(rule) -> None:
    """`rules show`: one rule with its options, suggestions and examples."""
    import yaml

    out = console()
    out.print(visible(f"{rule.id}  ({rule.type}, {rule.severity}, pack {rule.pack}, {rule.path}:{rule.line})"),
              style="bold")
    out.print(visible(rule.message, newlines=True))
    for label, value in (("title", rule.title), ("description", rule.description), ("speaker", rule.speaker),
                         ("scope", rule.scope), ("source", rule.source)):
        if value:
            out.print(f"{label}: {visible(value, newlines=True)}")
    if rule.options:
        out.print(visible(yaml.safe_dump(_plain(rule.options), allow_unicode=True, sort_keys=False).rstrip(),
                          newlines=True))
    if rule.suggest:
        out.print("suggest:")
        for suggestion in rule.suggest:
            out.print(f"  → {visible(suggestion, newlines=True)}")
    for kind in ("bad", "good"):
        if rule.examples[kind]:
            out.print(f"examples ({kind}):")
            for example in rule.examples[kind]:
                out.print(f"  {'✗' if kind == 'bad' else '✓'} {visible(example, newlines=True)}")


def _plain(value):
    """YAML-loaded containers → plain dicts and lists, for printing."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def example_table(run) -> None:
    """`rules test`: per rule, its bad examples flagged and good ones passed; then every failure."""
    out = console()
    table = Table("rule", "bad flagged", "good passed", "result", box=None)
    for rule in run.rules:
        own = [r for r in run.results if r.rule == rule.id]
        bad = [r for r in own if r.kind == "bad"]
        good = [r for r in own if r.kind == "good"]
        ok = all(r.passed for r in own) and bool(own)
        table.add_row(visible(rule.id), f"{sum(r.passed for r in bad)}/{len(bad)}", f"{sum(r.passed for r in good)}/{len(good)}",
                      "ok" if ok else ("no examples" if not own else "FAIL"), style=None if ok else "bold red")
    out.print(table)
    failures, missing = run.failures, run.without_examples
    for r in failures:
        out.print(visible(f"FAIL {r.rule} ({r.kind} example): {r.detail}: {r.text!r}", newlines=True))
    out.print(f"{len(run.results) - len(failures)} of {len(run.results)} examples pass"
              + (f"; no examples: {visible(', '.join(missing))}" if missing else ""))
