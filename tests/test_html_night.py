"""The HTML report of a night of calls, opened in headless Chromium: 2,000 generated calls
(benchmarks/generate.py) checked through the CLI; the page opens with its first rows shown,
and opening a call draws its transcript with the violation's message beside its words.
Also: the report as a folder (an index and a page per agent), and rules named by their
titles in the charts. (The size and time at 20,000 calls: benchmarks/html_night.py.)"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli
from html_helpers import page_data, selftest

ROOT = Path(__file__).resolve().parents[1]
CALLS = 2000


@pytest.fixture(scope="module")
def night(tmp_path_factory):
    """2,000 generated calls, checked once: (folder, the page, the JSON Lines results)."""
    root = tmp_path_factory.mktemp("night")
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--calls", str(CALLS), "--seed", "7",
                    "--format", "jsonl", "--out", str(root / "calls.jsonl")], check=True, capture_output=True)
    result = run_cli("check", "calls.jsonl", "-f", "jsonl", "-o", "results.jsonl", "-q", cwd=root)
    assert result.code == 1, result.err
    result = run_cli("report", "results.jsonl", "-f", "html", "-o", "night.html", cwd=root)
    assert result.code == 1, result.err
    return root, root / "night.html", root / "results.jsonl"


def records(results: Path, kind: str) -> list[dict]:
    return [r for r in map(json.loads, results.read_text(encoding="utf-8").splitlines()) if r["record"] == kind]


def test_a_night_opens_with_its_first_rows_and_a_call_shows_the_message(night, tmp_path):
    root, page, results = night
    violations = records(results, "violation")
    assert len(records(results, "call")) == CALLS and len(violations) > CALLS
    rule = "slang"
    result = selftest(tmp_path, page, f"#selftest&rule={rule}&open=first")
    assert result["errors"] == []
    assert result["rowsTotal"] == len(violations)
    assert result["rowsVisible"] == sum(v["rule"] == rule for v in violations) > 0
    assert result["rowsShown"] == min(100, result["rowsVisible"])  # a page of rows, not all of them
    assert result["firstRow"][5] == "Жаргон и просторечие"  # the rule by its title
    assert result["sorted"] is True
    (opened,) = result["opened"]
    assert opened["target"] == 1  # the utterance of the violation, scrolled to
    assert result["openedMessage"] in opened["notes"]  # its message beside it
    assert opened["utterances"] > 1


def test_a_night_is_stored_compactly(night):
    _, page, results = night
    text = page.read_text(encoding="utf-8")
    data = page_data(text)
    calls = {c["call_id"]: c for c in records(results, "call")}
    # every call with findings, its whole transcript when it has violations, inside the compressed chunks
    some = next(r for r, c in zip(data["records"], data["page"]["calls"]) if c[4])
    call = calls[next(c for c in data["page"]["calls"] if c[4])[1]]
    assert [u[3] for u in some["u"]] == [u["text"] for u in call["transcript"]]
    said = call["transcript"][len(call["transcript"]) // 2]["text"]
    assert said not in text  # the transcripts are not on the page as text
    assert len(data["page"]["strings"]) < len(data["page"]["rows"]) // 5  # repeated texts written once
    assert page.stat().st_size < results.stat().st_size / 4


def test_a_folder_gets_an_index_and_a_page_per_agent(night, tmp_path):
    root, _, results = night
    result = run_cli("report", results, "-f", "html", "-o", f"{tmp_path / 'pages'}/", cwd=root)
    assert result.code == 1, result.err
    index = (tmp_path / "pages" / "index.html").read_text(encoding="utf-8")
    agents = sorted({c["agent"] for c in records(results, "call")})
    links = re.findall(r'<li><a href="(agent-\d{3}\.html)">([^<]*)</a> — звонков: (\d+)', index)
    assert [name for _, name, _ in links] == agents
    assert sum(int(n) for *_, n in links) == CALLS
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == sorted(["index.html", *(f for f, *_ in links)])
    first, name, count = links[0]
    page = tmp_path / "pages" / first
    assert f"<h1>Оператор: {name}</h1>" in page.read_text(encoding="utf-8")
    mine = [c for c in records(results, "call") if c["agent"] == name]
    assert len(mine) == int(count)
    result = selftest(tmp_path, page, "#selftest&open=first")
    assert result["errors"] == [] and result["rowsShown"] > 0
    assert result["rowsTotal"] == sum(c["violations"] for c in mine)  # only their calls' violations
    assert result["chartLabels"][-6:] == ["0–49", "50–69", "70–79", "80–89", "90–99", "100"]
    assert result["openedMessage"] in result["opened"][0]["notes"]


def test_an_existing_folder_without_a_slash_is_a_folder_too(night, tmp_path):
    root, _, results = night
    (tmp_path / "out").mkdir()
    result = run_cli("report", results, "-f", "html", "-o", tmp_path / "out", "--summary-only", cwd=root)
    assert result.code == 1, result.err
    assert (tmp_path / "out" / "index.html").is_file() and (tmp_path / "out" / "agent-001.html").is_file()
