"""The application: what each command does once its arguments are parsed.

Settings are the config file with the command line laid over it (the command
line wins); rule files are found in one place, `rulepack.rule_files`. Commands
return the exit code or raise AppError: 0 nothing at or above the fail-on
severity; 1 something was (or --diff would change a file, or rules failed
`rules validate` or `rules test`); 2 a usage, config or rule error, an unreadable input (the
others are still checked) or an unwritable report; 130 interrupted (Ctrl-C, SIGTERM); 141 standard
output closed (`| head`). Heavy modules are imported where needed: checking one small script
should not pay for the rest.
"""

# No `from __future__ import annotations`: NamedTuple would compile every
# field's annotation from its text, at start-up, on every run.
from pathlib import Path
from typing import NamedTuple

from .printable import visible

EXIT_OK, EXIT_FOUND, EXIT_ERROR, EXIT_INTERRUPTED, EXIT_CLOSED_PIPE = 0, 1, 2, 130, 141  # 141: as SIGPIPE


class AppError(Exception):
    """A command that cannot go on. For standard error: `details` (every problem found, one a
    line), then `message`, control characters shown as escapes; and the exit code."""

    def __init__(self, message: str | None = None, details=(), code: int = EXIT_ERROR) -> None:
        self.message = visible(message, newlines=True) if message else message
        self.details, self.code = [visible(d, newlines=True) for d in details], code
        super().__init__("\n".join([*self.details, *([message] if message else [])]))


class RuleChoice(NamedTuple):
    """Which rules run, as the command line asks; laid over the config file's."""

    config: Path | None = None  # the config file; None: found from here upward
    rules: tuple[str, ...] = ()  # rule files or folders besides the config's
    no_builtin: bool = False
    select: tuple[str, ...] = ()  # replaces the config's
    ignore: tuple[str, ...] = ()  # adds to the config's


class Output(NamedTuple):
    """Where and how results are reported."""

    format: str = "console"
    path: Path | None = None  # None: standard output
    summary_only: bool = False
    redact: bool = False
    csv_delimiter: str = ","
    redact_keep: tuple[str, ...] = ()  # fields --redact leaves as they are: call_id, agent, path
    # the recommended techniques used: True --practices, False --no-practices, None the format's
    # default (shown in console, html and xlsx; not in csv, sarif and github; json and jsonl hold them always)
    practices: bool | None = None
    decimal_comma: bool | None = None  # csv: True 94,5, False 94.5, None a comma with --csv-delimiter ';'
    folder: bool = False  # `--output DIR/`: an HTML report as a folder of pages, one per agent


class CheckOptions(NamedTuple):
    """The rest of `check`'s command line; None: the config file's value."""

    fail_on: str | None = None
    exclude: tuple[str, ...] = ()  # adds to the config's
    gitignore: bool = True
    encoding: str | None = None
    speaker_map: tuple[str, ...] = ()  # LABEL=role pairs
    timezone: str | None = None
    jobs: int | None = None  # None: every core
    quiet: bool = False  # no progress bar
    fix: bool = False
    diff: bool = False
    report_unused_suppressions: bool = False
    default_exclude: bool = True  # skip README.*, LICENSE.* … (inputs.DEFAULT_EXCLUDE)
    dask: str | None = None  # check on this Dask scheduler (`local`: a LocalCluster of --jobs workers)
    dask_blocksize: str | None = None  # bytes per partition of a JSON Lines file: "64MiB"


def format_names() -> str:
    from .reporters import FORMATS

    return ", ".join(FORMATS)


def check_format(name: str) -> None:
    from .reporters import FORMATS

    if name not in FORMATS:
        raise AppError(f"unknown format «{name}»; choose one of: {format_names()}")
    if FORMATS[name].optional:  # its extra is missing: say so now, not after checking everything
        from .reporters import OutputError

        try:
            FORMATS[name].load()
        except OutputError as exc:
            raise AppError(str(exc)) from None


def settings(choice: RuleChoice):
    """The config file (given, or found from here upward) merged with the command line."""
    from . import config as configuration

    if choice.config and not choice.config.is_file():
        raise AppError(f"{choice.config}: no such config file")
    try:
        merged = configuration.load(choice.config or configuration.find())
    except configuration.ConfigError as exc:
        raise AppError(details=exc.problems) from None
    merged.rules = [*merged.rules, *choice.rules]
    merged.builtin = merged.builtin and not choice.no_builtin
    merged.select = list(choice.select) or merged.select
    merged.ignore = [*merged.ignore, *choice.ignore]
    return merged


def load_ruleset(config, precompiled: dict | None = None):
    """The selected rules of the configured packs; every problem in them is an AppError."""
    from .api import SetupError, load_ruleset as selected_rules

    try:
        return selected_rules(config, precompiled)
    except SetupError as exc:
        raise AppError(exc.message, exc.details) from None


def _settle() -> None:
    """What is loaded now (rules, dictionaries, caches) lasts the whole run: it is
    kept out of every garbage collection (and so out of the memory pages a forked
    worker's collections would copy), and collections come rarer: checking makes
    millions of short-lived objects, which reference counting already frees
    (10,000 allocations between collections, not 700: more costs memory, not time).
    Measured: 1.4 % fewer instructions per call."""
    import gc

    gc.freeze()
    gc.set_threshold(10_000, 20, 100)


def _check_folder(output: Output) -> None:
    """`--output DIR/` names a folder: only some formats write one (html, parquet)."""
    from .reporters import FORMATS

    if output.folder and not FORMATS[output.format].folder:
        writers = ", ".join(name for name, fmt in FORMATS.items() if fmt.folder)
        raise AppError(f"{output.path}/: a folder is an --output for --format {writers} only")


def check(paths: list[str], choice: RuleChoice, options: CheckOptions, output: Output) -> int:
    """Check transcripts and scripts (files, or folders searched) and report every violation."""
    from . import batch, cache, fixing, morphology, reporters
    from .rulepack import rule_files

    check_format(output.format)
    _check_folder(output)
    blocksize = _dask_run_options(options, output) if options.dask else None
    config = settings(choice)
    _lay_options(config, options)
    rules_key = cache.rules_digest(rule_files(config.rules, config.builtin)[0])
    precompiled = cache.restore(rules_key)
    known_words = sum(map(len, morphology.snapshot()))
    checker = _checker(config, options, precompiled)
    ruleset, engine = checker.engine.ruleset, checker.engine
    _settle()
    limit = _limit(options.fail_on or config.fail_on)
    if options.dask:
        return _check_on_dask(paths, checker, config, options, output, limit, blocksize)
    files = _inputs(paths, config, options, output.path)
    # the report's lines made by the workers, unless the run's own process must see the results first:
    # --redact numbers pseudonyms over the whole run, --fix and --diff rewrite the files
    prepare = None if output.redact or options.fix or options.diff else reporters.renderer(output.format)
    results = batch.run(engine, files, options.jobs or batch.default_jobs(), prepare)
    try:
        if options.diff:  # what --fix would change; no report
            return EXIT_FOUND if fixing.diff(results) else EXIT_OK
        if options.fix:
            results = fixing.fixed(results)
        progress_bytes = 0 if options.quiet else sum(batch.size_of(f) for f in files)
        return write_report(results, output, limit, progress_bytes=progress_bytes,
                            titles={rule.id: rule.title for rule in ruleset.rules if rule.title})
    finally:  # what this run learnt makes the next one start faster
        cache.store(rules_key, ruleset.phrases.compiled() if ruleset.phrases.learned else {}, known_words)


def _dask_run_options(options: CheckOptions, output: Output) -> int:
    """What --dask cannot go with, said before any rule is loaded; the bytes per partition."""
    from . import dask_run

    if options.fix or options.diff or output.redact or output.summary_only:
        raise AppError("--dask writes every result as it is: not with --fix, --diff, --redact or --summary-only")
    if output.path is None or output.format not in dask_run.FORMATS:
        raise AppError("--dask writes a folder of partitions: give --format jsonl or parquet and --output FOLDER")
    try:
        dask_run.require()
        return dask_run.block_size(options.dask_blocksize)
    except dask_run.DaskRunError as exc:
        raise AppError(str(exc)) from None


def _check_on_dask(paths: list[str], checker, config, options: CheckOptions, output: Output, limit,
                   blocksize: int) -> int:
    """`check --dask`: partitions checked and written by a Dask cluster's workers (dask_run.py)."""
    from . import batch, dask_run
    from .model import Severity
    from .progress import tell

    try:
        summary = dask_run.run(checker, paths, lambda local: _inputs(local, config, options, output.path),
                               options.dask, str(output.path), output.format, blocksize=blocksize,
                               workers=options.jobs or batch.default_jobs(), quiet=options.quiet, tell=tell)
    except dask_run.DaskRunError as exc:
        raise AppError(str(exc)) from None
    counts = summary.by_severity
    failed = limit is not None and any(counts[name] for name in counts if Severity.parse(name) >= limit)
    return EXIT_ERROR if summary.unreadable else EXIT_FOUND if failed else EXIT_OK


def _lay_options(config, options: CheckOptions) -> None:
    """--speaker-map, --tz and --encoding laid over the config's settings."""
    from . import config as configuration

    try:
        config.speakers = {**config.speakers, **configuration.speaker_map(options.speaker_map)}
    except ValueError as exc:
        raise AppError(str(exc)) from None
    config.timezone = options.timezone or config.timezone
    config.encoding = options.encoding or config.encoding


def _checker(config, options: CheckOptions, precompiled: dict):
    """The API's Checker of these settings (api.py): the engine every check runs."""
    from .api import Checker, SetupError

    try:
        return Checker(config, report_unused_suppressions=options.report_unused_suppressions,
                       precompiled=precompiled)
    except SetupError as exc:
        raise AppError(exc.message, exc.details) from None


def _inputs(paths: list[str], config, options: CheckOptions, output: Path | None = None) -> list[str]:
    """The files to check; finding none is an error, not a pass, and so is a report written over one."""
    from . import inputs

    defaults = inputs.DEFAULT_EXCLUDE if config.default_exclude and options.default_exclude else ()
    try:
        return inputs.collect(paths, [*defaults, *config.exclude, *options.exclude], options.gitignore, output)
    except inputs.AllExcluded as exc:  # a deliberate skip (a commit of a README alone) passes
        from .progress import tell

        tell(f"phrasecheck: {exc}")
        return []
    except ValueError as exc:
        raise AppError(str(exc)) from None


def _limit(fail_on: str):
    """The lowest severity that fails a run; None: nothing does."""
    from .model import Severity

    return None if fail_on == "never" else Severity.parse(fail_on)


def report(results_file: Path, output: Output, fail_on: str) -> int:
    """Rebuild a report from results saved with --format jsonl, without checking again."""
    from .inputs import same_file
    from .readers import read_results

    check_format(output.format)
    _check_folder(output)
    if output.path is not None and same_file(str(results_file), str(output.path)):
        raise AppError(f"{output.path}: the report would overwrite the results it is made from")
    try:
        with results_file.open(encoding="utf-8") as handle:
            file_results, partial = read_results(handle)
    except OSError as exc:
        raise AppError(f"{results_file}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise AppError(f"{results_file}: {exc}") from None
    return write_report(((None, [r]) for r in file_results), output, _limit(fail_on), partial=partial,
                        titles=_titles() if output.format in ("html", "sarif") else {})


def _titles() -> dict[str, str]:
    """Rule id → its short title, for a report rebuilt from saved results (which hold no titles):
    from the rules a check here would run; the built-in pack's if they cannot be loaded."""
    from .rulepack import load_rules

    try:
        rules = load_ruleset(settings(RuleChoice())).rules
    except AppError:
        rules = load_rules([]).rules
    return {rule.id: rule.title for rule in rules if rule.title}


def write_report(results, output: Output, limit, *, progress_bytes: int = 0, partial: bool = False,
                 titles: dict[str, str] | None = None) -> int:
    """Stream (task, file results) pairs into the reporter; `partial`: the results were cut short;
    `titles`: rule id → its short name (the HTML report's charts, SARIF's rule names)."""
    from . import progress, reporters

    try:
        folder = output.format == "html" and output.path is not None and (output.folder or output.path.is_dir())
        reporter = reporters.create(output.format, output.path, summary_only=output.summary_only,
                                    csv_delimiter=output.csv_delimiter, practices=output.practices,
                                    decimal_comma=output.decimal_comma,
                                    titles=titles or {}, folder=folder)
        summary, failed = progress.write(
            results, reporter, limit, redact=output.redact, redact_keep=output.redact_keep,
            tell_errors=output.format != "console" or output.path is not None,  # else the console has them
            progress_bytes=progress_bytes, partial=partial)
    except reporters.OutputError as exc:  # a WriteError too
        if getattr(exc, "closed_pipe", False):  # `| head` has what it wanted: stop quietly
            return EXIT_CLOSED_PIPE
        raise AppError(str(exc)) from None
    if summary.partial and not partial:
        return EXIT_INTERRUPTED
    if summary.unreadable:
        return EXIT_ERROR
    return EXIT_FOUND if failed else EXIT_OK


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
