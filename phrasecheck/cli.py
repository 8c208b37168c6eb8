"""The command line: a thin Typer layer that parses arguments, calls the
application (`app`) and turns what it returns into output and an exit code.

Exit codes: 0 nothing at or above --fail-on; 1 something was; 2 a usage, config
or rule error, an input that could not be read (the others are still checked)
or a report that could not be written; 130 interrupted (Ctrl-C or SIGTERM).
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from . import app as application
from . import rule_commands

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  pretty_exceptions_enable=False,
                  help="Check call transcripts and scripts against speech standards.")
rules_app = typer.Typer(no_args_is_help=True, help="List, show and validate rules.")
app.add_typer(rules_app, name="rules")

FORMAT_NAMES = application.format_names()


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


class RedactField(str, Enum):
    call_id = "call_id"
    agent = "agent"
    path = "path"


RedactOpt = typer.Option(False, "--redact", help="Mask personal data in reports: numbers, e-mails, call ids, "
                         "agent names, file names.")
RedactKeepOpt = typer.Option(None, "--redact-keep",
                             help="With --redact, leave this field as it is: call_id, agent or path (repeatable).")
RulesOpt = typer.Option(None, "--rules", "-r", help="Add a rule file or folder (repeatable).")
NoBuiltinOpt = typer.Option(False, "--no-builtin", help="Do not load the built-in rule pack.")
SelectOpt = typer.Option(None, "--select", help="Only these rule ids or globs (repeatable).")
IgnoreOpt = typer.Option(None, "--ignore", help="Skip these rule ids or globs (repeatable).")
OutputOpt = typer.Option(None, "--output", "-o", metavar="PATH",
                         help="Write the report to this file (--format html: a folder ending in «/» "
                              "gets an index and a page per agent).")
ConfigOpt = typer.Option(None, "--config", help="Config file (default: found from here upward).")
DecimalCommaOpt = typer.Option(
    None, "--decimal-comma/--decimal-point",
    help="In --format csv, write fractions as 94,5 or as 94.5 (default: a comma with --csv-delimiter ';').")
PracticesOpt = typer.Option(
    None, "--practices/--no-practices",
    help="Show the recommended techniques agents used, or not (default: shown by console, html and xlsx; "
         "not by csv, sarif and github; json and jsonl always hold them).")


def _call(action, *args):
    """Run an application function; an AppError becomes its lines on standard
    error and its exit code."""
    try:
        return action(*args)
    except application.AppError as exc:
        for line in exc.details:
            typer.echo(line, err=True)
        if exc.message:
            typer.echo(f"phrasecheck: {exc.message}", err=True)
        raise typer.Exit(exc.code)


def _output(format, output, summary_only, redact, csv_delimiter, redact_keep, practices,
            decimal_comma=None) -> application.Output:
    # a trailing slash names a folder (Path drops it): `-f html -o night/` writes a page per agent
    folder = bool(output) and output.endswith(("/", os.sep))
    return application.Output(format, Path(output) if output else None, summary_only, redact, csv_delimiter,
                              tuple(field.value for field in redact_keep or ()), practices,
                              decimal_comma=decimal_comma, folder=folder)


def _choice(config, rules=None, no_builtin=False, select=None, ignore=None) -> application.RuleChoice:
    return application.RuleChoice(config, tuple(rules or ()), no_builtin, tuple(select or ()), tuple(ignore or ()))


@app.command()
def check(
    # readable=False: a file that cannot be read is reported with the results, not a usage error
    paths: List[str] = typer.Argument(..., readable=False,  # str: a URL (--dask) keeps its «//»
                                       help="Transcript or script files, or folders to search."),
    format: str = typer.Option("console", "--format", "-f", help=f"Report format: {FORMAT_NAMES}."),
    output: Optional[str] = OutputOpt,
    fail_on: Optional[FailOn] = typer.Option(None, "--fail-on", help="Lowest severity that fails (default: warning)."),
    rules: Optional[List[str]] = RulesOpt,
    no_builtin: bool = NoBuiltinOpt,
    select: Optional[List[str]] = SelectOpt,
    ignore: Optional[List[str]] = IgnoreOpt,
    exclude: Optional[List[str]] = typer.Option(None, "--exclude", help="Skip paths matching this glob (repeatable)."),
    no_gitignore: bool = typer.Option(False, "--no-gitignore", help="Also check files that git ignores."),
    no_default_exclude: bool = typer.Option(
        False, "--no-default-exclude", help="Also check README.*, LICENSE.* and the like (skipped by default)."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Force an input encoding (e.g. cp1251)."),
    speaker_map: Optional[List[str]] = typer.Option(
        None, "--speaker-map", help="Map a raw speaker label to a role: SPEAKER_00=agent (repeatable)."),
    tz: Optional[str] = typer.Option(None, "--tz", help="Time zone for call times without an offset, e.g. Europe/Moscow."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes (default: every core)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    summary_only: bool = typer.Option(False, "--summary-only", help="Print only the summary tables."),
    practices: Optional[bool] = PracticesOpt,
    redact: bool = RedactOpt,
    redact_keep: Optional[List[RedactField]] = RedactKeepOpt,
    csv_delimiter: str = typer.Option(",", "--csv-delimiter", help="Field separator for --format csv: ';' or tab."),
    decimal_comma: Optional[bool] = DecimalCommaOpt,
    fix: bool = typer.Option(False, "--fix", help="Rewrite scripts where a rule declares a safe replacement."),
    diff: bool = typer.Option(False, "--diff", help="Print what --fix would change, as a unified diff; write nothing."),
    report_unused_suppressions: bool = typer.Option(
        False, "--report-unused-suppressions", help="Report suppression comments that suppressed nothing."),
    config: Optional[Path] = ConfigOpt,
    dask: Optional[str] = typer.Option(
        None, "--dask", metavar="ADDRESS",
        help="Check on a Dask cluster: its scheduler's address, or 'local' for a local cluster of --jobs "
             "workers; writes --format jsonl or parquet partitions into the --output folder (needs the "
             "[dask] extra)."),
    dask_blocksize: Optional[str] = typer.Option(
        None, "--dask-blocksize", metavar="SIZE", help="With --dask, bytes per partition of a JSON Lines file "
                                                       "(default 64MiB)."),
) -> None:
    """Check transcripts and scripts; print every violation."""
    options = application.CheckOptions(
        fail_on=fail_on.value if fail_on else None, exclude=tuple(exclude or ()), gitignore=not no_gitignore,
        encoding=encoding, speaker_map=tuple(speaker_map or ()), timezone=tz, jobs=jobs, quiet=quiet,
        fix=fix, diff=diff, report_unused_suppressions=report_unused_suppressions,
        default_exclude=not no_default_exclude, dask=dask, dask_blocksize=dask_blocksize)
    raise typer.Exit(_call(application.check, [p if "://" in p else str(Path(p)) for p in paths],
                           _choice(config, rules, no_builtin, select, ignore), options,
                           _output(format, output, summary_only, redact, csv_delimiter, redact_keep, practices,
                                   decimal_comma)))


@app.command()
def report(
    results_file: Path = typer.Argument(..., metavar="RESULTS.jsonl", help="Results saved with --format jsonl."),
    format: str = typer.Option("console", "--format", "-f", help=f"Report format: {FORMAT_NAMES}."),
    output: Optional[str] = OutputOpt,
    fail_on: Optional[FailOn] = typer.Option(FailOn.warning, "--fail-on", help="Lowest severity that fails."),
    summary_only: bool = typer.Option(False, "--summary-only", help="Print only the summary tables."),
    practices: Optional[bool] = PracticesOpt,
    redact: bool = RedactOpt,
    redact_keep: Optional[List[RedactField]] = RedactKeepOpt,
    csv_delimiter: str = typer.Option(",", "--csv-delimiter", help="Field separator for --format csv: ';' or tab."),
    decimal_comma: Optional[bool] = DecimalCommaOpt,
) -> None:
    """Rebuild a report from saved JSON Lines results, without checking again."""
    raise typer.Exit(_call(application.report, results_file,
                           _output(format, output, summary_only, redact, csv_delimiter, redact_keep, practices,
                                   decimal_comma),
                           fail_on.value))


@app.command()
def explain(
    text: str = typer.Argument(..., help="A phrase or sentence, in quotes."),
    speaker: str = typer.Option("agent", "--speaker", help="Who says it: agent or client."),
    rules: Optional[List[str]] = RulesOpt,
    no_builtin: bool = NoBuiltinOpt,
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Show how a text is split into words and lemmas, which rules it triggers and which
    recommended techniques it would be credited for."""
    from . import views

    words, findings, practices = _call(rule_commands.explain, text, speaker, _choice(config, rules, no_builtin))
    views.explanation(words, findings, practices)


@rules_app.command("list")
def rules_list(
    rules: Optional[List[str]] = RulesOpt,
    no_builtin: bool = NoBuiltinOpt,
    select: Optional[List[str]] = SelectOpt,
    ignore: Optional[List[str]] = IgnoreOpt,
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Every active rule: id, type, severity, pack and what it checks."""
    from . import views

    views.rule_table(_call(rule_commands.active_rules, _choice(config, rules, no_builtin, select, ignore)))


@rules_app.command("show")
def rules_show(
    rule_id: str = typer.Argument(..., metavar="ID"),
    rules: Optional[List[str]] = RulesOpt,
    no_builtin: bool = NoBuiltinOpt,
    config: Optional[Path] = ConfigOpt,
) -> None:
    """One rule with its phrases, suggestions and examples."""
    from . import views

    views.rule_detail(_call(rule_commands.find_rule, rule_id, _choice(config, rules, no_builtin)))


@rules_app.command("validate")
def rules_validate(files: List[Path] = typer.Argument(..., help="Rule files or folders.")) -> None:
    """Check rule files; print every problem as file:line:col. Exit 1 if any."""
    count, problems = rule_commands.validate_rules(files)
    for problem in problems:
        typer.echo(str(problem))
    if problems:
        typer.echo(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found")
        raise typer.Exit(application.EXIT_FOUND)
    typer.echo(f"{count} rule{'s' if count != 1 else ''} OK")


@rules_app.command("test")
def rules_test(
    files: Optional[List[Path]] = typer.Argument(None, help="Rule files or folders (default: the active rules)."),
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Run every rule's examples: bad ones must be flagged by it, good ones must not."""
    from . import views

    run = _call(rule_commands.run_examples, files or [], config)
    views.example_table(run)
    raise typer.Exit(run.exit_code)


@app.command()
def init(
    folder: Path = typer.Argument(Path("."), help="Where to write phrasecheck.yaml and the example pack."),
) -> None:
    """Write a commented starter phrasecheck.yaml and an example rule pack."""
    for path in _call(rule_commands.init, folder):
        typer.echo(f"wrote {path}")


def main() -> None:
    from .progress import stop_on_sigterm

    stop_on_sigterm()
    try:
        app()
    except KeyboardInterrupt:  # before a command began: there is nothing to finish
        sys.exit(application.EXIT_INTERRUPTED)
    except Exception:  # a bug: say so, and never let it pass for "violations found" (exit 1)
        import traceback

        traceback.print_exc()
        typer.echo("phrasecheck: internal error; please report it with the traceback above", err=True)
        sys.exit(application.EXIT_ERROR)
