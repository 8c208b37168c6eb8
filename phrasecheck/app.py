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

from pathlib import Path

from .choices import CheckOptions, Output, RuleChoice  # noqa: F401 - the commands' arguments
from .printable import visible

EXIT_OK, EXIT_FOUND, EXIT_ERROR, EXIT_INTERRUPTED, EXIT_CLOSED_PIPE = 0, 1, 2, 130, 141  # 141: as SIGPIPE


class AppError(Exception):
    """A command that cannot go on. For standard error: `details` (every problem found, one a
    line), then `message`, control characters shown as escapes; and the exit code."""

    def __init__(self, message: str | None = None, details=(), code: int = EXIT_ERROR) -> None:
        self.message = visible(message, newlines=True) if message else message
        self.details, self.code = [visible(d, newlines=True) for d in details], code
        super().__init__("\n".join([*self.details, *([message] if message else [])]))


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

    rewrites = bool(options.fix or options.diff or output.redact or output.summary_only)
    try:
        return dask_run.plan(output.path and str(output.path), output.format, options.dask_blocksize,
                             rewrites=rewrites)
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
                        titles=_titles() if output.format == "html" else {})


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
    `titles`: rule id → its short name (the HTML report's charts)."""
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
