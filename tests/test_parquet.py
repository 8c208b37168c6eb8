"""--format parquet: the JSON Lines report's records as typed tables, read back with pyarrow
and queried with DuckDB as an analyst would."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime

import pytest

from conftest import ROOT, run_cli, write

pa = pytest.importorskip("pyarrow")  # the [dask] extra; CI installs it
pq = pytest.importorskip("pyarrow.parquet")


@pytest.fixture(scope="module")
def night(tmp_path_factory):
    """60 generated calls and a broken line, checked once as JSON Lines and once as Parquet."""
    folder = tmp_path_factory.mktemp("parquet")
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--calls", "60", "--seed", "5",
                    "--out", str(folder / "calls.jsonl")], check=True, capture_output=True)
    with (folder / "calls.jsonl").open("a", encoding="utf-8") as handle:
        handle.write('{"call_id": "broken", "utterances": [\n')
    jsonl = run_cli("check", "calls.jsonl", "-f", "jsonl", "-q", cwd=folder)
    parquet = run_cli("check", "calls.jsonl", "-f", "parquet", "-o", "night", "-q", cwd=folder)
    return folder, jsonl, parquet


def _records(jsonl, kind: str) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "record"} for r in jsonl.records() if r["record"] == kind]


def test_tables_hold_the_json_lines_records(night):
    folder, jsonl, parquet = night
    assert parquet.code == jsonl.code == 2  # the broken line
    assert parquet.out == ""
    assert "calls.jsonl: unreadable: line 61: not valid JSON" in parquet.err
    assert sorted(p.name for p in (folder / "night").iterdir()) == [
        "calls.parquet", "errors.parquet", "practices.parquet", "summary.json", "violations.parquet"]
    violations = pq.read_table(folder / "night" / "violations.parquet").to_pylist()
    assert violations == _records(jsonl, "violation") and len(violations) > 50
    assert pq.read_table(folder / "night" / "practices.parquet").to_pylist() == _records(jsonl, "practice")
    assert pq.read_table(folder / "night" / "errors.parquet").to_pylist() == _records(jsonl, "error")
    calls = pq.read_table(folder / "night" / "calls.parquet").to_pylist()
    expected = _records(jsonl, "call")
    assert len(calls) == len(expected) == 60
    for row, record in zip(calls, expected):
        assert row.pop("started_at") == datetime.fromisoformat(record.pop("started_at"))
        assert dict(row.pop("practices")) == record.pop("practices")
        assert row == record
    summary = json.loads((folder / "night" / "summary.json").read_text(encoding="utf-8"))
    assert summary == jsonl.records()[-1]


def test_columns_are_typed(night):
    folder = night[0]
    violations = pq.read_schema(folder / "night" / "violations.parquet")
    assert violations.field("suggestions").type == pa.list_(pa.string())
    assert violations.field("line").type == pa.int64() and violations.field("start").type == pa.float64()
    calls = pq.read_schema(folder / "night" / "calls.parquet")
    assert calls.field("started_at").type == pa.timestamp("us", tz="UTC")
    assert calls.field("score").type == pa.float64() and calls.field("failed").type == pa.bool_()
    assert calls.field("practices").type == pa.map_(pa.string(), pa.int64())
    assert calls.field("deductions").type.value_type.field("points").type == pa.float64()


def test_duckdb_queries_the_tables(night):
    duckdb = pytest.importorskip("duckdb")  # the [test] extra; CI installs it
    folder, jsonl, _ = night
    by_rule = dict(duckdb.sql(f"select rule, count(*) from '{folder}/night/violations.parquet' group by rule").fetchall())
    expected: dict = {}
    for record in _records(jsonl, "violation"):
        expected[record["rule"]] = expected.get(record["rule"], 0) + 1
    assert by_rule == expected
    hours = duckdb.sql(f"select count(*) from '{folder}/night/calls.parquet' "
                       "where extract(hour from started_at) between 0 and 23 and score <= 100").fetchall()
    assert hours == [(60,)]


def test_a_report_rebuilt_from_saved_results_as_parquet(night, tmp_path):
    folder, jsonl, _ = night
    write(tmp_path / "saved.jsonl", jsonl.out)
    result = run_cli("report", "saved.jsonl", "-f", "parquet", "-o", "again", cwd=tmp_path)
    assert result.code == 2, result.err  # the saved results hold an unreadable line
    for table in ("violations", "practices", "calls", "errors"):
        assert (pq.read_table(tmp_path / "again" / f"{table}.parquet")
                == pq.read_table(folder / "night" / f"{table}.parquet"))


def test_parquet_writes_a_folder_never_over_a_file(night, tmp_path):
    folder = night[0]
    report = write(tmp_path / "night.parquet", "keep me")
    result = run_cli("check", folder / "calls.jsonl", "-f", "parquet", "-o", report, "-q", cwd=tmp_path)
    assert result.code == 2
    assert f"phrasecheck: {report}: --format parquet writes a folder of tables; this is a file" in result.err
    assert report.read_text() == "keep me"
    result = run_cli("check", folder / "calls.jsonl", "-f", "parquet", "-q", cwd=tmp_path)
    assert result.code == 2
    assert "phrasecheck: --format parquet writes a file: give it with --output" in result.err


def test_a_folder_named_with_a_trailing_slash_gets_the_tables(night, tmp_path):
    folder = night[0]
    result = run_cli("check", "calls.jsonl", "-f", "parquet", "-o", f"{tmp_path}/out/night/", "-q", cwd=folder)
    assert result.code == 2, result.err  # the corpus holds an unreadable line
    for table in ("violations", "practices", "calls", "errors"):
        assert (pq.read_table(tmp_path / "out" / "night" / f"{table}.parquet")
                == pq.read_table(folder / "night" / f"{table}.parquet"))
