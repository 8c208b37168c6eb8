"""Parquet (`--format parquet --output FOLDER`): the report as tables to query with DuckDB,
pandas, Spark or Excel's Power Query. The folder gets `violations.parquet`,
`practices.parquet`, `calls.parquet` and `errors.parquet`, one row per record of
the JSON Lines report, its fields as typed columns (`started_at` a UTC timestamp,
`score` a float, `suggestions` a list of strings, a call's `deductions` and
`transcript` lists of structs, its `practices` a map), and `summary.json`: the
JSON Lines report's summary record. Each file is written whole or not at all
(common.ReportFile); rows are written in groups as they come, so memory stays
bounded. pyarrow is an optional extra (`pip install 'phrasecheck[dask]'`).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..model import FileResult
from ..summary import Summary
from .common import ERRORS, OutputError, Reporter, ReportFile

TABLES = ("violations", "practices", "calls", "errors")
ROWS_PER_GROUP = 20_000  # rows kept before a row group is written
_S, _I, _F = pa.string(), pa.int64(), pa.float64()
_LOCATED = [("path", _S), ("call_id", _S), ("line", _I), ("column", _I), ("utterance", _I), ("start", _F),
            ("speaker", _S), ("rule", _S)]
SCHEMAS = {
    "violations": pa.schema([*_LOCATED, ("severity", _S), ("message", _S), ("text", _S),
                             ("suggestions", pa.list_(_S)), ("context", _S), ("span", pa.list_(_I)),
                             ("fix", _S)]),
    "practices": pa.schema([*_LOCATED, ("message", _S), ("text", _S), ("context", _S), ("span", pa.list_(_I))]),
    "calls": pa.schema([
        ("path", _S), ("call_id", _S), ("line", _I), ("agent", _S), ("started_at", pa.timestamp("us", tz="UTC")),
        ("violations", _I), ("score", _F), ("failed", pa.bool_()),
        ("deductions", pa.list_(pa.struct([("rule", _S), ("severity", _S), ("points", _F), ("utterance", _I),
                                           ("text", _S)]))),
        ("skipped", pa.list_(pa.struct([("rule", _S), ("reason", _S)]))), ("notes", pa.list_(_S)),
        ("practices", pa.map_(_S, _I)), ("credits", pa.list_(pa.struct([("rule", _S), ("points", _F)]))),
        ("transcript", pa.list_(pa.struct([("speaker", _S), ("start", _F), ("end", _F), ("text", _S),
                                           ("line", _I)]))),
    ]),
    "errors": pa.schema([("path", _S), ("error", _S)]),
}


def rows(results: list[FileResult]) -> dict[str, list[dict]]:
    """Each table's rows for these results: the JSON Lines records' fields."""
    table_rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    for result in results:
        table_rows["violations"].extend(finding.to_dict() for finding in result.findings)
        table_rows["practices"].extend(practice.to_dict() for practice in result.practices)
        table_rows["calls"].extend(map(_call_row, result.calls))
        table_rows["errors"].extend({"path": result.path, "error": error} for error in result.errors)
    return table_rows


def _call_row(call) -> dict:
    row = call.to_dict(transcript=True)
    row["started_at"] = _instant(row["started_at"])
    return row


def _instant(text: str | None) -> datetime | None:
    """An ISO 8601 time as checked (with its UTC offset); Parquet keeps the instant, in UTC."""
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def table(name: str, table_rows: list[dict]) -> pa.Table:
    """Rows as a table of the name's schema; text Parquet cannot hold (a lone surrogate)
    written as the other reports write it, escaped."""
    try:
        return pa.Table.from_pylist(table_rows, schema=SCHEMAS[name])
    except (UnicodeEncodeError, pa.ArrowException):
        return pa.Table.from_pylist(_escaped(table_rows), schema=SCHEMAS[name])


def _escaped(value):
    if isinstance(value, str):
        return value.encode("utf-8", ERRORS).decode("utf-8")
    if isinstance(value, dict):
        return {_escaped(key): _escaped(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    return value


def encoded(results: list[FileResult]) -> dict[str, bytes]:
    """Each table of these results as a Parquet file's bytes (a part of a partitioned run)."""
    files = {}
    for name, table_rows in rows(results).items():
        sink = pa.BufferOutputStream()
        pq.write_table(table(name, table_rows), sink, compression="zstd")
        files[name] = sink.getvalue().to_pybytes()
    return files


class ParquetReporter(Reporter):
    """The tables of a run, in a folder (made if missing); rows written in groups as they come."""

    def __init__(self, output: Path | None = None, **options) -> None:
        if output is None:
            raise OutputError("--format parquet writes a folder: give it with --output")
        folder = Path(output)
        if folder.exists() and not folder.is_dir():
            raise OutputError(f"{folder}: --format parquet writes a folder of tables; this is a file")
        folder.mkdir(parents=True, exist_ok=True)
        self.files: dict[str, ReportFile] = {}
        try:
            for name in TABLES:
                self.files[name] = ReportFile(folder / f"{name}.parquet")
            self.files["summary"] = ReportFile(folder / "summary.json")
        except BaseException:
            self.discard()
            raise
        self.writers = {name: pq.ParquetWriter(self.files[name].raw, SCHEMAS[name], compression="zstd")
                        for name in TABLES}
        self.pending: dict[str, list[dict]] = {name: [] for name in TABLES}

    def file(self, result: FileResult) -> None:
        for name, table_rows in rows([result]).items():
            self.pending[name].extend(table_rows)
            if len(self.pending[name]) >= ROWS_PER_GROUP:
                self._flush(name)

    def _flush(self, name: str) -> None:
        self.writers[name].write_table(table(name, self.pending[name]))
        self.pending[name] = []

    def finish(self, summary: Summary) -> None:
        from .jsonreport import summary_record

        for name in TABLES:
            if self.pending[name]:
                self._flush(name)
            self.writers[name].close()
        record = json.dumps(summary_record(summary), ensure_ascii=False, indent=2) + "\n"
        self.files["summary"].raw.write(record.encode("utf-8", ERRORS))

    def close(self) -> None:
        for report in self.files.values():
            report.close()

    def discard(self) -> None:
        for report in self.files.values():
            report.discard()
