"""The reader and reporter registries: what they list, and that a format's
module is imported only when it is used (a one-file check must start fast)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT
from phrasecheck.readers import SUFFIXES, ReaderOptions, ReadError, read_calls
from phrasecheck.reporters import FORMATS


def test_every_format_and_suffix_is_listed_in_order():
    assert list(FORMATS) == ["console", "json", "jsonl", "csv", "xlsx", "html", "sarif", "github", "parquet"]
    assert SUFFIXES == (".txt", ".md", ".markdown", ".json", ".jsonl")


def test_a_file_no_reader_reads_says_so(tmp_path):
    path = tmp_path / "call.docx"
    path.write_bytes(b"PK")
    with pytest.raises(ReadError, match="^unsupported file type «.docx»$"):
        list(read_calls(str(path), ReaderOptions()))


def test_a_report_format_loads_only_its_own_module():
    script = ("import sys; from phrasecheck import reporters; reporters.create('json').close(); "
              "print(sorted(m for m in sys.modules if m.startswith(('openpyxl', 'rich', 'phrasecheck.reporters.'))))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.strip() == "['phrasecheck.reporters.common', 'phrasecheck.reporters.jsonreport']"
