"""The command line: a thin Typer layer over config, rule packs, engine and reporters.

Exit codes: 0 nothing at or above --fail-on; 1 something was; 2 a usage, config
or rule error, or an input that could not be read (the others are still checked).
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Check call transcripts and scripts against speech standards.")
rules_app = typer.Typer(no_args_is_help=True, help="List, show and validate rules.")
app.add_typer(rules_app, name="rules")

EXIT_OK, EXIT_FOUND, EXIT_ERROR = 0, 1, 2


class Format(str, Enum):
    console = "console"
    json = "json"
    jsonl = "jsonl"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


RulesOpt = typer.Option(None, "--rules", "-r", help="Add a rule file or folder (repeatable).")
NoBuiltinOpt = typer.Option(False, "--no-builtin", help="Do not load the built-in rule pack.")
SelectOpt = typer.Option(None, "--select", help="Only these rule ids or globs (repeatable).")
IgnoreOpt = typer.Option(None, "--ignore", help="Skip these rule ids or globs (repeatable).")
ConfigOpt = typer.Option(None, "--config", help="Config file (default: found from here upward).")


def _fail(message: str) -> None:
    typer.echo(f"phrasecheck: {message}", err=True)
    raise typer.Exit(EXIT_ERROR)


def _settings(config_path, rules, no_builtin, select, ignore):
    """Config file merged with the command line (the command line wins)."""
    from . import config as configuration

    try:
        path = config_path or configuration.find()
        if config_path and not config_path.is_file():
            _fail(f"{config_path}: no such config file")
        settings = configuration.load(path)
    except configuration.ConfigError as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        raise typer.Exit(EXIT_ERROR)
    settings.rules = [*settings.rules, *(rules or [])]
    settings.builtin = settings.builtin and not no_builtin
    settings.select = select or settings.select
    settings.ignore = [*settings.ignore, *(ignore or [])]
    return settings


def _ruleset(settings):
    from .rulepack import load_rules, select_rules

    ruleset = load_rules(settings.rules, builtin=settings.builtin, overrides=settings.options)
    problems = ruleset.problems or select_rules(ruleset, settings.select, settings.ignore, settings.severity)
    if problems:
        for problem in sorted(problems):
            typer.echo(str(problem), err=True)
        _fail(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in rules or options")
    return ruleset


@app.command()
def check(
    paths: List[Path] = typer.Argument(..., help="Transcript or script files, or folders to search."),
    format: Format = typer.Option(Format.console, "--format", "-f", help="Report format."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file."),
    fail_on: Optional[FailOn] = typer.Option(None, "--fail-on", help="Lowest severity that fails (default: warning)."),
    rules: Optional[List[str]] = RulesOpt,
    no_builtin: bool = NoBuiltinOpt,
    select: Optional[List[str]] = SelectOpt,
    ignore: Optional[List[str]] = IgnoreOpt,
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Force an input encoding (e.g. cp1251)."),
    speaker_map: Optional[List[str]] = typer.Option(
        None, "--speaker-map", help="Map a raw speaker label to a role: SPEAKER_00=agent (repeatable)."),
    tz: Optional[str] = typer.Option(None, "--tz", help="Time zone for call times without an offset, e.g. Europe/Moscow."),
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Check transcripts and scripts; print every violation."""
    from . import config as configuration
    from . import reporters
    from .engine import Engine
    from .model import Severity, Summary
    from .readers import ReaderOptions, default_speakers, expand_paths

    settings = _settings(config, rules, no_builtin, select, ignore)
    try:
        speakers = {**default_speakers(), **settings.speakers, **configuration.speaker_map(speaker_map or [])}
    except ValueError as exc:
        _fail(str(exc))
    zone_name = tz or settings.timezone
    zone = configuration.zone(zone_name) if zone_name else None
    if zone_name and zone is None:
        _fail(f"unknown time zone «{zone_name}» (use a name like Europe/Moscow)")
    ruleset = _ruleset(settings)
    defaults = {"company": settings.company} if settings.company else {}
    options = ReaderOptions(encoding=encoding or settings.encoding, speakers=speakers,
                            timezone=zone, defaults=defaults)
    engine = Engine(ruleset, options, scripts_are_calls=settings.scripts_are_calls)
    threshold = (fail_on.value if fail_on else settings.fail_on)
    limit = None if threshold == "never" else Severity.parse(threshold)

    stream = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    reporter = reporters.create(format.value, stream, color=False if output else None)
    summary, failed = Summary(), False
    try:
        for result in engine.check_paths(expand_paths(str(p) for p in paths)):
            summary.add(result)
            reporter.file(result)
            if format != Format.console or output:  # the report has them too
                for error in result.errors:
                    typer.echo(f"{result.path}: unreadable: {error}", err=True)
            failed |= limit is not None and any(f.severity >= limit for f in result.findings)
        reporter.finish(summary)
    finally:
        if output:
            stream.close()
    if summary.unreadable:
        raise typer.Exit(EXIT_ERROR)
    raise typer.Exit(EXIT_FOUND if failed else EXIT_OK)


@app.command()
def explain(
    text: str = typer.Argument(..., help="A phrase or sentence, in quotes."),
    speaker: str = typer.Option("agent", "--speaker", help="Who says it: agent or client."),
    rules: Optional[List[str]] = RulesOpt,
    no_builtin: bool = NoBuiltinOpt,
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Show how a text is split into words and lemmas, and which rules it triggers."""
    from rich.console import Console
    from rich.table import Table

    from . import morphology
    from .engine import Engine
    from .model import Call, Utterance

    if speaker not in ("agent", "client"):
        _fail("--speaker must be agent or client")
    settings = _settings(config, rules, no_builtin, None, None)
    ruleset = _ruleset(settings)
    ruleset.rules = [r for r in ruleset.rules if not r.structural]  # one sentence has no call shape
    console = Console(soft_wrap=True, highlight=False)
    table = Table("word", "normalized", "lemmas (every reading)", "grammar", box=None)
    for token in morphology.tokenize(text):
        parses = morphology.describe(token.form)
        table.add_row(token.text, token.form, ", ".join(morphology.lemmas(token.form)),
                      "; ".join(tag for _, tag in parses[:3]))
    console.print(table)
    call = Call("<text>", [Utterance(0, speaker, text, 1, 1)])
    findings, _ = Engine(ruleset).check_call(call)
    if not findings:
        console.print("No rule is triggered.")
    for item in findings:
        console.print(f"{item.rule} ({item.severity}): «{item.text}» at column {item.column} — {item.message}")
        for suggestion in item.suggestions:
            console.print(f"    → {suggestion}")


@rules_app.command("list")
def rules_list(
    rules: Optional[List[str]] = RulesOpt,
    no_builtin: bool = NoBuiltinOpt,
    select: Optional[List[str]] = SelectOpt,
    ignore: Optional[List[str]] = IgnoreOpt,
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Every active rule: id, type, severity, pack and what it checks."""
    from rich.console import Console
    from rich.table import Table

    ruleset = _ruleset(_settings(config, rules, no_builtin, select, ignore))
    table = Table("id", "type", "severity", "pack", "description", box=None)
    for rule in ruleset.rules:
        table.add_row(rule.id, rule.type, str(rule.severity), rule.pack, rule.summary)
    Console(soft_wrap=True, highlight=False).print(table)


@rules_app.command("show")
def rules_show(
    rule_id: str = typer.Argument(..., metavar="ID"),
    rules: Optional[List[str]] = RulesOpt,
    no_builtin: bool = NoBuiltinOpt,
    config: Optional[Path] = ConfigOpt,
) -> None:
    """One rule with its phrases, suggestions and examples."""
    import yaml
    from rich.console import Console

    ruleset = _ruleset(_settings(config, rules, no_builtin, None, None))
    rule = ruleset.get(rule_id)
    if rule is None:
        from .yamlfile import suggest

        _fail(f"no rule «{rule_id}»{suggest(rule_id, [r.id for r in ruleset.rules])}")
    console = Console(soft_wrap=True, highlight=False)
    console.print(f"{rule.id}  ({rule.type}, {rule.severity}, pack {rule.pack}, {rule.path}:{rule.line})", style="bold")
    console.print(rule.message)
    for label, value in (("description", rule.description), ("speaker", rule.speaker),
                         ("scope", rule.scope), ("source", rule.source)):
        if value:
            console.print(f"{label}: {value}")
    if rule.options:
        console.print(yaml.safe_dump(_plain(rule.options), allow_unicode=True, sort_keys=False).rstrip())
    if rule.suggest:
        console.print("suggest:")
        for suggestion in rule.suggest:
            console.print(f"  → {suggestion}")
    for kind in ("bad", "good"):
        if rule.examples[kind]:
            console.print(f"examples ({kind}):")
            for example in rule.examples[kind]:
                console.print(f"  {'✗' if kind == 'bad' else '✓'} {example}")


def _plain(value):
    """YAML-loaded containers → plain dicts and lists, for printing."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@rules_app.command("validate")
def rules_validate(files: List[Path] = typer.Argument(..., help="Rule files or folders.")) -> None:
    """Check rule files; print every problem as file:line:col. Exit 1 if any."""
    from .rulepack import RuleSet, load_file, rule_files
    from .yamlfile import Problem

    ruleset, count = RuleSet(), 0
    for source in files:
        if not source.exists():
            ruleset.problems.append(Problem(str(source), 1, 1, "no such rule file or folder"))
            continue
        for path in rule_files(source):
            count += len(load_file(path, ruleset))
    for problem in sorted(ruleset.problems):
        typer.echo(str(problem))
    if ruleset.problems:
        typer.echo(f"{len(ruleset.problems)} problem{'s' if len(ruleset.problems) != 1 else ''} found")
        raise typer.Exit(EXIT_FOUND)
    typer.echo(f"{count} rule{'s' if count != 1 else ''} OK")


def main() -> None:
    app()
