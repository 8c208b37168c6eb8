"""A run's results into its reporter as they come, with what the run shows
beside the report and how it stops: notes on standard error, a progress bar on
a terminal, and Ctrl-C that ends the run between two results rather than in the
middle of one."""

from __future__ import annotations

import sys


def tell(message: str) -> None:
    """A note for the person running the check, on standard error."""
    print(message, file=sys.stderr, flush=True)


def stream(results, reporter, limit, *, redact: bool = False, tell_errors: bool = False,
           progress_bytes: int = 0, partial: bool = False):
    """Feed (task, file results) pairs to the reporter, with a progress bar over
    `progress_bytes` on a terminal. Returns the run's Summary (partial when
    interrupted) and whether a finding is at or above `limit` (None: never)."""
    from . import redact as redaction
    from .model import Summary

    summary, failed = Summary(partial=partial), False
    try:
        with Progress(progress_bytes, enabled=progress_bytes > 0) as progress, Interrupt() as stop:
            for task, file_results in results:
                if stop.requested:
                    raise KeyboardInterrupt
                for result in file_results:
                    if redact:
                        result = redaction.result(result)
                    summary.add(result)
                    reporter.file(result)
                    if tell_errors:
                        for error in result.errors:
                            tell(f"{result.path}: unreadable: {error}")
                    failed |= limit is not None and any(f.severity >= limit for f in result.findings)
                    progress.advance(len(result.calls), 0)
                if task is not None:
                    progress.advance(0, task.size)
    except KeyboardInterrupt:
        getattr(results, "close", lambda: None)()  # stops the workers
        summary.partial = True
        tell("phrasecheck: interrupted; the report holds what was finished")
    return summary, failed


class Interrupt:
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


class Progress:
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
