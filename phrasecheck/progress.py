"""A run's results into its reporter as they come, with what the run shows
beside the report and how it stops: notes on standard error, a progress bar on
a terminal, and Ctrl-C or SIGTERM that end the run between two results rather
than in the middle of one."""

from __future__ import annotations

import sys

from .printable import is_terminal, visible

STOP_SIGNALS = ("SIGINT", "SIGTERM")  # Ctrl-C, and `kill` or `timeout` stopping the run


def tell(message: str) -> None:
    """A note for the person running the check, on standard error (control
    characters in it shown as escapes: file names and errors come from inputs)."""
    try:
        print(visible(message, newlines=True), file=sys.stderr, flush=True)
    except (OSError, ValueError):  # standard error closed: the note is lost, the run goes on
        pass


def silence_stdout() -> None:
    """Whoever read standard output has gone (`| head`): what is still buffered
    for it goes nowhere, rather than into an error when Python exits."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def write(results, reporter, limit, **options):
    """`stream` the results into the reporter, then finish and close it: the
    report is whole, or marked partial when Ctrl-C or SIGTERM stopped the run
    (signals are held until it is closed). On any failure the reporter is
    discarded (no half-written report is left) and the workers stopped."""
    try:
        with Interrupt() as stop:
            summary, failed = stream(results, reporter, limit, stop, **options)
            reporter.finish(summary)
            reporter.close()
    except BaseException as exc:
        reporter.discard()
        getattr(results, "close", lambda: None)()
        if getattr(exc, "closed_pipe", False):
            silence_stdout()
        raise
    return summary, failed


def stream(results, reporter, limit, stop: "Interrupt", *, redact: bool = False, redact_keep=(),
           tell_errors: bool = False, progress_bytes: int = 0, partial: bool = False):
    """Feed (task, file results) pairs to the reporter, with a progress bar over
    `progress_bytes` on a terminal, until `stop` is requested. Returns the run's
    Summary (partial when interrupted) and whether a finding is at or above
    `limit` (None: never). `redact`: every result masked (redact.Redactor, one
    for the report, leaving the fields in `redact_keep` as they are). A task's
    results may come already written for the report (reporters.Rendered, made in
    a worker): their bytes are written, their summary merged."""
    from .summary import Summary

    redactor = None
    if redact:
        from .redact import Redactor

        redactor = Redactor(redact_keep)
    summary, failed = Summary(partial=partial), False
    try:
        with Progress(progress_bytes, progress_bytes > 0, reporter) as progress:
            for task, file_results in results:
                if stop.requested:
                    raise KeyboardInterrupt
                if isinstance(file_results, list):
                    failed |= _feed(file_results, reporter, summary, limit, redactor, tell_errors, progress)
                else:
                    failed |= _feed_rendered(file_results, reporter, summary, limit, tell_errors, progress)
                if task is not None:
                    progress.advance(0, task.size)
                if stop.requested:  # before waiting for the next
                    raise KeyboardInterrupt
    except KeyboardInterrupt:
        stop.acknowledge()
        getattr(results, "close", lambda: None)()  # stops the workers
        summary.partial = True
        tell("phrasecheck: interrupted; the report holds what was finished")
    return summary, failed


def _feed(file_results, reporter, summary, limit, redactor, tell_errors: bool, progress) -> bool:
    """A task's FileResults into the summary and the report; whether one reaches `limit`."""
    failed = False
    for result in file_results:
        if redactor is not None:
            result = redactor.result(result)
        summary.add(result)
        reporter.file(result)
        if tell_errors:
            for error in result.errors:
                tell(f"{result.path}: unreadable: {error}")
        failed |= limit is not None and any(f.severity >= limit for f in result.findings)
        progress.advance(len(result.calls), 0)
    return failed


def _feed_rendered(part, reporter, summary, limit, tell_errors: bool, progress) -> bool:
    """A task's results as a worker wrote them (reporters.Rendered) into the report
    and the summary; whether one reaches `limit`."""
    from .model import Severity

    reporter.rendered(part)
    summary.merge(part.summary)
    if tell_errors:
        for path, error in part.errors:
            tell(f"{path}: unreadable: {error}")
    progress.advance(part.summary.calls, 0)
    counts = part.summary.by_severity  # severity name → violations
    return limit is not None and any(counts[name] for name in counts if Severity.parse(name) >= limit)


class Interrupt:
    """Ctrl-C (SIGINT) and SIGTERM ask the run to stop between two results, so
    that what has been counted is exactly what has been written, and the report
    is finished (marked partial) rather than cut off. Held until the report is
    closed: a signal while it is being finished is too late to matter.

    While the run only waits for a worker's result, it stops at once: nothing is
    being written then, and the worker may never answer (one killed by whoever
    signals every process of the run). A signal that comes while a result is
    being written is looked at again every RECHECK seconds, until the run stops
    by itself or is found waiting."""

    RECHECK = 0.2
    requested = False
    acknowledged = False  # the run is stopping: nothing more to interrupt

    def __enter__(self):
        import signal

        _workers_start_plain()
        self._previous = {}
        handlers = {name: self._request for name in STOP_SIGNALS}
        if hasattr(signal, "setitimer"):
            handlers["SIGALRM"] = self._recheck
        for name, handler in handlers.items():
            if hasattr(signal, name):
                self._previous[getattr(signal, name)] = signal.signal(getattr(signal, name), handler)
        return self

    def _request(self, number, frame):
        self.requested = True
        self._recheck(number, frame)

    def _recheck(self, _number, frame):
        import signal

        if not self.requested or self.acknowledged:
            return
        if _waiting_for_a_worker(frame):
            self.acknowledge()
            raise KeyboardInterrupt
        if hasattr(signal, "setitimer"):
            signal.setitimer(signal.ITIMER_REAL, self.RECHECK)

    def acknowledge(self) -> None:
        """The run stops now: no more checks, and no signal cuts its stopping short."""
        import signal

        self.acknowledged = True
        if hasattr(signal, "setitimer"):
            signal.setitimer(signal.ITIMER_REAL, 0)

    def __exit__(self, *exc):
        import signal

        self.acknowledge()
        for number, handler in self._previous.items():
            signal.signal(number, handler)


def stop_on_sigterm() -> None:
    """SIGTERM (`kill`, `timeout`, a CI job cancelled) stops a command as Ctrl-C
    does: KeyboardInterrupt, and a report being written is finished, marked
    partial (Interrupt)."""
    import signal

    signal.signal(signal.SIGTERM, _terminated)
    _workers_start_plain()


def _terminated(*_) -> None:
    raise KeyboardInterrupt


_fork_hook = False


def _workers_start_plain() -> None:
    """A process forked from this one (a worker) starts without the run's signal
    handlers, in a process group of its own. Signals are the run's to handle:
    the terminal's Ctrl-C and `timeout`'s SIGTERM go to the run's process group,
    and a worker they killed could die holding a lock of the pool, which would
    then never stop. The SIGTERM the pool stops a worker with ends it at once."""
    global _fork_hook
    import os

    if not _fork_hook and hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_worker_start)
        _fork_hook = True


def _worker_start() -> None:
    import os
    import signal

    for name, handler in (("SIGTERM", signal.SIG_DFL), ("SIGALRM", signal.SIG_DFL), ("SIGINT", signal.SIG_IGN)):
        try:
            signal.signal(getattr(signal, name), handler)
        except (AttributeError, ValueError):  # no such signal here; not the main thread
            pass
    try:
        os.setpgid(0, 0)
    except OSError:
        pass


def _waiting_for_a_worker(frame) -> bool:
    """The main thread is inside the worker pool's own code (waiting for a result,
    handing out a task), not in the run's: a safe place to stop."""
    for _ in range(12):
        if frame is None:
            return False
        name = frame.f_code.co_filename.replace("\\", "/")
        if "/multiprocessing/" in name and name.endswith("/pool.py"):
            return True
        if not name.endswith(("/threading.py", "/queue.py")) and "/multiprocessing/" not in name:
            return False
        frame = frame.f_back
    return False


class Progress:
    """Files and calls done, calls per second and time left, on a terminal only
    (standard error's). It never mixes with the report: a report printed on the same
    terminal prints through the console the bar is drawn on (the reporter's `terminal`),
    above the bar, which is redrawn below it; a report on that terminal that cannot
    (JSON on the screen) gets no bar. Transient: gone when the run ends."""

    def __init__(self, total_bytes: int, enabled: bool, reporter=None) -> None:
        self.bar = None
        shared = getattr(reporter, "terminal", None)
        on_screen = getattr(reporter, "output", True) is None and is_terminal(sys.stdout)
        if enabled and is_terminal(sys.stderr) and (shared is not None or not on_screen):
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn("{task.fields[calls]} calls"), BarColumn(),
                                TextColumn("{task.percentage:>3.0f}%"),
                                TextColumn("{task.fields[rate]} calls/s"), TimeRemainingColumn(),
                                console=shared or Console(stderr=True), transient=True)
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
