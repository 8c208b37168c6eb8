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
                  pretty_exceptions_enable=False,
                  help="Check call transcripts and scripts against speech standards.")
rules_app = typer.Typer(no_args_is_help=True, help="List, show and validate rules.")
app.add_typer(rules_app, name="rules")

EXIT_OK, EXIT_FOUND, EXIT_ERROR = 0, 1, 2


FORMAT_NAMES = "console, json, jsonl, csv, xlsx, html, sarif, github"


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


def _console():
    """Rich output; tables are not wrapped to 80 columns when piped."""
    from rich.console import Console

    console = Console(soft_wrap=True, highlight=False)
    if not console.is_terminal:
        console.width = 250
    return console


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


def _ruleset(settings, precompiled=None):
    from .rulepack import load_rules, select_rules

    ruleset = load_rules(settings.rules, builtin=settings.builtin, overrides=settings.options,
                         precompiled=precompiled)
    problems = ruleset.problems or select_rules(ruleset, settings.select, settings.ignore, settings.severity)
    if problems:
        for problem in sorted(problems):
            typer.echo(str(problem), err=True)
        _fail(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in rules or options")
    return ruleset


@app.command()
def check(
    paths: List[Path] = typer.Argument(..., help="Transcript or script files, or folders to search."),
    format: str = typer.Option("console", "--format", "-f", help=f"Report format: {FORMAT_NAMES}."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file."),
    fail_on: Optional[FailOn] = typer.Option(None, "--fail-on", help="Lowest severity that fails (default: warning)."),
    rules: Optional[List[str]] = RulesOpt,
    no_builtin: bool = NoBuiltinOpt,
    select: Optional[List[str]] = SelectOpt,
    ignore: Optional[List[str]] = IgnoreOpt,
    exclude: Optional[List[str]] = typer.Option(None, "--exclude", help="Skip paths matching this glob (repeatable)."),
    no_gitignore: bool = typer.Option(False, "--no-gitignore", help="Also check files that git ignores."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Force an input encoding (e.g. cp1251)."),
    speaker_map: Optional[List[str]] = typer.Option(
        None, "--speaker-map", help="Map a raw speaker label to a role: SPEAKER_00=agent (repeatable)."),
    tz: Optional[str] = typer.Option(None, "--tz", help="Time zone for call times without an offset, e.g. Europe/Moscow."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes (default: every core)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    summary_only: bool = typer.Option(False, "--summary-only", help="Print only the summary tables."),
    redact: bool = typer.Option(False, "--redact", help="Mask phone, card, contract numbers and e-mails in reports."),
    csv_delimiter: str = typer.Option(",", "--csv-delimiter", help="Field separator for --format csv (e.g. ';')."),
    fix: bool = typer.Option(False, "--fix", help="Rewrite scripts where a rule declares a safe replacement."),
    diff: bool = typer.Option(False, "--diff", help="Print what --fix would change, as a unified diff; write nothing."),
    report_unused_suppressions: bool = typer.Option(
        False, "--report-unused-suppressions", help="Report suppression comments that suppressed nothing."),
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Check transcripts and scripts; print every violation."""
    from . import batch, cache, inputs
    from . import config as configuration
    from . import morphology
    from .engine import Engine
    from .model import Severity
    from .readers import ReaderOptions, default_speakers

    _check_format(format)
    settings = _settings(config, rules, no_builtin, select, ignore)
    try:
        speakers = {**default_speakers(), **settings.speakers, **configuration.speaker_map(speaker_map or [])}
    except ValueError as exc:
        _fail(str(exc))
    zone_name = tz or settings.timezone
    zone = configuration.zone(zone_name) if zone_name else None
    if zone_name and zone is None:
        _fail(f"unknown time zone «{zone_name}» (use a name like Europe/Moscow)")
    from .rulepack import builtin_rules_dir, rule_files

    rules_key = cache.rules_digest(f for source in [*([builtin_rules_dir()] if settings.builtin else []),
                                                    *map(Path, settings.rules)] if source.exists()
                                   for f in rule_files(source))
    precompiled = cache.restore(rules_key)
    known_words = sum(map(len, morphology.snapshot()))
    ruleset = _ruleset(settings, precompiled)
    defaults = {"company": settings.company} if settings.company else {}
    options = ReaderOptions(encoding=encoding or settings.encoding, speakers=speakers,
                            timezone=zone, defaults=defaults)
    engine = Engine(ruleset, options, scripts_are_calls=settings.scripts_are_calls,
                    report_unused_suppressions=report_unused_suppressions)
    threshold = fail_on.value if fail_on else settings.fail_on
    limit = None if threshold == "never" else Severity.parse(threshold)
    files = inputs.expand([str(p) for p in paths], [*settings.exclude, *(exclude or [])],
                          gitignore=not no_gitignore)
    if not files:
        _fail("nothing to check: no .txt, .md, .json or .jsonl files found"
              + ("" if no_gitignore else " (files git ignores are skipped; --no-gitignore checks them)"))
    results = batch.run(engine, files, jobs or batch.default_jobs())
    try:
        if diff:
            _diff(results)
        if fix:
            results = _fixed(results)
        _report(results, format, output, limit, quiet=quiet, summary_only=summary_only, redact=redact,
                csv_delimiter=csv_delimiter, total_bytes=sum(batch.size_of(f) for f in files))
    finally:  # what this run learnt makes the next one start faster
        cache.store(rules_key, ruleset.phrases.compiled() if ruleset.phrases.learned else {}, known_words)


@app.command()
def report(
    results_file: Path = typer.Argument(..., metavar="RESULTS.jsonl", help="Results saved with --format jsonl."),
    format: str = typer.Option("console", "--format", "-f", help=f"Report format: {FORMAT_NAMES}."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to this file."),
    fail_on: Optional[FailOn] = typer.Option(FailOn.warning, "--fail-on", help="Lowest severity that fails."),
    summary_only: bool = typer.Option(False, "--summary-only", help="Print only the summary tables."),
    redact: bool = typer.Option(False, "--redact", help="Mask phone, card, contract numbers and e-mails."),
    csv_delimiter: str = typer.Option(",", "--csv-delimiter", help="Field separator for --format csv."),
) -> None:
    """Rebuild a report from saved JSON Lines results, without checking again."""
    from .model import Severity
    from .readers import read_results

    _check_format(format)
    try:
        with results_file.open(encoding="utf-8") as handle:
            file_results, partial = read_results(handle)
    except OSError as exc:
        _fail(f"{results_file}: {exc.strerror or exc}")
    except ValueError as exc:
        _fail(f"{results_file}: {exc}")
    limit = None if fail_on == FailOn.never else Severity.parse(fail_on.value)
    _report(((None, [r]) for r in file_results), format, output, limit, quiet=True,
            summary_only=summary_only, redact=redact, csv_delimiter=csv_delimiter, partial=partial)


def _diff(results) -> None:
    """--diff: the changes --fix would make, and exit 1 if there are any."""
    from . import fixes

    changed = False
    for _, file_results in results:
        for result in file_results:
            outcome = fixes.fix_file(result, write=False)
            if outcome.problem:
                typer.echo(f"{result.path}: {outcome.problem}", err=True)
            if outcome.diff:
                changed = True
                sys.stdout.write(outcome.diff)
    raise typer.Exit(EXIT_FOUND if changed else EXIT_OK)


def _fixed(results):
    """--fix: rewrite each file as its results come, and report what is left."""
    from . import fixes

    count = files = 0
    for task, file_results in results:
        kept = []
        for result in file_results:
            outcome = fixes.fix_file(result, write=True)
            if outcome.problem:
                typer.echo(f"{result.path}: {outcome.problem}", err=True)
            if outcome.fixed:
                count, files = count + len(outcome.fixed), files + 1
                result = fixes.without_fixed(result, outcome)
            kept.append(result)
        yield task, kept
    typer.echo(f"Fixed {count} violation{'s' if count != 1 else ''} in {files} file{'s' if files != 1 else ''}.",
               err=True)


def _check_format(name: str) -> None:
    from .reporters import FORMATS

    if name not in FORMATS:
        _fail(f"unknown format «{name}»; choose one of: {FORMAT_NAMES}")


def _report(results, format, output, limit, *, quiet, summary_only, redact, csv_delimiter,
            total_bytes=0, partial=False) -> None:
    """Stream results into a reporter, with a progress bar on a terminal; exit with the code."""
    from . import redact as redaction
    from . import reporters
    from .model import Summary

    try:
        reporter = reporters.create(format, output, summary_only=summary_only, csv_delimiter=csv_delimiter)
    except (reporters.OutputError, OSError) as exc:
        _fail(str(exc))
    summary, failed = Summary(partial=partial), False
    progress = _Progress(total_bytes, enabled=not quiet and total_bytes > 0)
    stop = _Interrupt()
    try:
        with progress, stop:
            for task, file_results in results:
                if stop.requested:
                    raise KeyboardInterrupt
                for result in file_results:
                    if redact:
                        result = redaction.result(result)
                    summary.add(result)
                    reporter.file(result)
                    if format != "console" or output:  # the report has them too
                        for error in result.errors:
                            typer.echo(f"{result.path}: unreadable: {error}", err=True)
                    failed |= limit is not None and any(f.severity >= limit for f in result.findings)
                    progress.advance(len(result.calls), 0)
                if task is not None:
                    progress.advance(0, task.size)
    except KeyboardInterrupt:
        getattr(results, "close", lambda: None)()  # stops the workers
        summary.partial = True
        typer.echo("phrasecheck: interrupted; the report holds what was finished", err=True)
    reporter.finish(summary)
    reporter.close()
    if summary.partial and not partial:
        raise typer.Exit(130)
    if summary.unreadable:
        raise typer.Exit(EXIT_ERROR)
    raise typer.Exit(EXIT_FOUND if failed else EXIT_OK)


class _Interrupt:
    """Ctrl-C asks the loop to stop between two results, so that what has been
    counted is exactly what has been written."""

    requested = False

    def __enter__(self):
        import signal

        self._previous = signal.signal(signal.SIGINT, self._request)
        return self

    def _request(self, *_):
        self.requested = True

    def __exit__(self, *exc):
        import signal

        signal.signal(signal.SIGINT, self._previous)


class _Progress:
    """Files and calls done, calls per second and time left, on a terminal only."""

    def __init__(self, total_bytes: int, enabled: bool) -> None:
        self.bar = None
        if enabled and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn("{task.fields[calls]} calls"), BarColumn(),
                                TextColumn("{task.percentage:>3.0f}%"),
                                TextColumn("{task.fields[rate]} calls/s"), TimeRemainingColumn(),
                                console=Console(stderr=True), transient=True)
            self.task = self.bar.add_task("check", total=total_bytes, calls=0, rate="–")
        self.calls = 0

    def __enter__(self):
        if self.bar:
            self.bar.__enter__()
        return self

    def __exit__(self, *exc):
        if self.bar:
            self.bar.__exit__(*exc)

    def advance(self, calls: int, size: int) -> None:
        if not self.bar:
            return
        self.calls += calls
        elapsed = self.bar.tasks[0].elapsed or 0
        rate = f"{self.calls / elapsed:,.0f}" if elapsed > 0.5 else "–"
        self.bar.update(self.task, advance=size, calls=self.calls, rate=rate)

@app.command()
def explain(
    text: str = typer.Argument(..., help="A phrase or sentence, in quotes."),
    speaker: str = typer.Option("agent", "--speaker", help="Who says it: agent or client."),
    rules: Optional[List[str]] = RulesOpt,
    no_builtin: bool = NoBuiltinOpt,
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Show how a text is split into words and lemmas, and which rules it triggers."""
    from rich.table import Table

    from . import morphology
    from .engine import Engine
    from .model import Call, Utterance

    if speaker not in ("agent", "client"):
        _fail("--speaker must be agent or client")
    settings = _settings(config, rules, no_builtin, None, None)
    ruleset = _ruleset(settings)
    ruleset.rules = [r for r in ruleset.rules if not r.structural]  # one sentence has no call shape
    console = _console()
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
    from rich.table import Table

    ruleset = _ruleset(_settings(config, rules, no_builtin, select, ignore))
    table = Table("id", "type", "severity", "pack", "description", box=None)
    for rule in ruleset.rules:
        table.add_row(rule.id, rule.type, str(rule.severity), rule.pack, rule.summary)
    _console().print(table)


@rules_app.command("show")
def rules_show(
    rule_id: str = typer.Argument(..., metavar="ID"),
    rules: Optional[List[str]] = RulesOpt,
    no_builtin: bool = NoBuiltinOpt,
    config: Optional[Path] = ConfigOpt,
) -> None:
    """One rule with its phrases, suggestions and examples."""
    import yaml

    ruleset = _ruleset(_settings(config, rules, no_builtin, None, None))
    rule = ruleset.get(rule_id)
    if rule is None:
        from .yamlfile import suggest

        _fail(f"no rule «{rule_id}»{suggest(rule_id, [r.id for r in ruleset.rules])}")
    console = _console()
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


@rules_app.command("test")
def rules_test(
    files: Optional[List[Path]] = typer.Argument(None, help="Rule files or folders (default: the active rules)."),
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Run every rule's examples: bad ones must be flagged by it, good ones must not."""
    from rich.table import Table

    from . import examples
    from .engine import Engine

    if files:  # just these files, as written: the config's packs and overrides are not under test
        from .config import Config

        settings = Config(rules=[str(f) for f in files], builtin=False)
    else:
        settings = _settings(config, None, False, None, None)
    ruleset = _ruleset(settings)
    results = examples.run(Engine(ruleset), ruleset.rules)
    console = _console()
    table = Table("rule", "bad flagged", "good passed", "result", box=None)
    for rule in ruleset.rules:
        own = [r for r in results if r.rule == rule.id]
        bad = [r for r in own if r.kind == "bad"]
        good = [r for r in own if r.kind == "good"]
        ok = all(r.passed for r in own) and bool(own)
        table.add_row(rule.id, f"{sum(r.passed for r in bad)}/{len(bad)}", f"{sum(r.passed for r in good)}/{len(good)}",
                      "ok" if ok else ("no examples" if not own else "FAIL"), style=None if ok else "bold red")
    console.print(table)
    failures = [r for r in results if not r.passed]
    for r in failures:
        console.print(f"FAIL {r.rule} ({r.kind} example): {r.detail}: {r.text!r}")
    missing = [rule.id for rule in ruleset.rules if not rule.examples["bad"] and not rule.examples["good"]]
    console.print(f"{len(results) - len(failures)} of {len(results)} examples pass"
                  + (f"; no examples: {', '.join(missing)}" if missing else ""))
    raise typer.Exit(EXIT_FOUND if failures or missing else EXIT_OK)


@app.command()
def init(
    folder: Path = typer.Argument(Path("."), help="Where to write phrasecheck.yaml and the example pack."),
) -> None:
    """Write a commented starter phrasecheck.yaml and an example rule pack."""
    from .starter import write_starter

    try:
        written = write_starter(folder)
    except FileExistsError as exc:
        _fail(f"{exc}: already exists, not overwritten")
    for path in written:
        typer.echo(f"wrote {path}")


def main() -> None:
    try:
        app()
    except Exception:  # a bug: say so, and never let it pass for "violations found" (exit 1)
        import traceback

        traceback.print_exc()
        typer.echo("phrasecheck: internal error; please report it with the traceback above", err=True)
        sys.exit(EXIT_ERROR)
