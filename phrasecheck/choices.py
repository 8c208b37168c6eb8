"""What the command line asks of a command, as plain records: which rules run
(RuleChoice), where and how results are reported (Output), and how `check` checks
(CheckOptions). None in a field: the config file's value."""

# No `from __future__ import annotations`: NamedTuple would compile every
# field's annotation from its text, at start-up, on every run.
from pathlib import Path
from typing import NamedTuple


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
