"""Shared helpers: the CLI is run as a real subprocess, the way users run it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Hypothesis profiles of the fuzz tests (tests/fuzz):
#     pytest tests/fuzz                                   # `default`: fast, part of every run
#     pytest --hypothesis-profile=soak tests/fuzz         # `soak`: many times the examples
# Generating files and running readers on them is slower than hypothesis expects of a test.
_FUZZ = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                   HealthCheck.function_scoped_fixture])
settings.register_profile("default", max_examples=100, **_FUZZ)
settings.register_profile("soak", max_examples=4000, **_FUZZ)


def pytest_configure(config):
    # the profile asked for on the command line wins, else the fast one
    settings.load_profile(config.getoption("hypothesis_profile", None) or "default")

ROOT = Path(__file__).resolve().parent.parent
# The CLI's cache of compiled phrases and lemmas: one for the test session, never the user's.
os.environ["PHRASECHECK_CACHE_DIR"] = tempfile.mkdtemp(prefix="phrasecheck-test-cache-")
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLES = ROOT / "examples"


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)

    def records(self):
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]

    def jsonl(self):
        """The violation records of a JSON Lines report."""
        return [r for r in self.records() if r.pop("record") == "violation"]


def run_cli(*args, cwd=None, stdin=None, env=None) -> Result:
    environment = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "CLICOLOR_FORCE")}
    environment.update(env or {})
    environment["PYTHONIOENCODING"] = "utf-8"
    env = environment
    proc = subprocess.run(
        [sys.executable, "-m", "phrasecheck", *map(str, args)],
        cwd=cwd, capture_output=True, text=True, encoding="utf-8", env=env, input=stdin, timeout=120,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def cli(tmp_path):
    """Run phrasecheck in an empty folder, so no config file is found by accident."""

    def runner(*args, cwd=None):
        return run_cli(*args, cwd=cwd or tmp_path)

    return runner


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


# The call-structure and timing rules judge whole calls; tests about what a
# single phrase triggers leave them out, the way a user would with --ignore.
STRUCTURE_RULES = ("greeting-missing", "greeting-time-of-day", "introduce-self", "company-name",
                   "closing-thanks", "answer-speed", "hold-etiquette", "outbound-ask-time",
                   "address-by-name", "empathy-on-complaint", "long-silence", "interruption")
PHRASES_ONLY = tuple(arg for rule in STRUCTURE_RULES for arg in ("--ignore", rule))


def report_content(path: Path):
    """A report file as two runs of the same results should write it alike: a workbook's
    cells sheet by sheet, any other report's text less the minute it was made."""
    if path.suffix == ".xlsx":
        import openpyxl

        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in openpyxl.load_workbook(path)}
    return re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d</p>", "</p>", path.read_text(encoding="utf-8"))
