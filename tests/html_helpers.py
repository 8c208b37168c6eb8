"""Reading the HTML report back: its data block as Python sees it, and the page as headless
Chromium draws it (the page tests itself with `#selftest…`, and draws every call it holds
with `open=all`, so the DOM Chromium dumps has every transcript)."""

from __future__ import annotations

import base64
import html
import json
import os
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DATA = re.compile(r'<script type="application/json" id="pc-data">(.*?)</script>', re.S)


def data_block(text: str) -> str:
    match = DATA.search(text)
    assert match, "no data block"
    return match.group(1)


def page_data(text: str) -> dict:
    """The page's data, its chunks of calls inflated: {"titles", "levels", "page": {"strings",
    "calls", "rows", "chunks"}, "records": every call's record in order}."""
    data = json.loads(data_block(text))
    data["records"] = [record for chunk in data["page"]["chunks"]
                       for record in json.loads(zlib.decompress(base64.b64decode(chunk)))]
    return data


def chromium(tmp_path: Path, *args) -> str:
    """What headless Chromium prints (a fresh profile each time)."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (.ci/run installs Debian's package)")
        pytest.skip("chromium is not installed: apt-get install chromium")
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    proc = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    return proc.stdout


def dom(tmp_path: Path, page: Path, fragment: str = "") -> str:
    """The page's DOM once its scripts are done (virtual time lets the calls be inflated)."""
    return chromium(tmp_path, "--virtual-time-budget=20000", "--dump-dom", page.as_uri() + fragment)


def selftest_of(text: str) -> dict:
    match = re.search(r'<body[^>]* data-selftest="([^"]*)"', text)
    assert match, text[-3000:]
    return json.loads(html.unescape(match.group(1)))


def selftest(tmp_path: Path, page: Path, fragment: str) -> dict:
    """The page tests itself when its URL says `#selftest…` and writes what it saw into <body>."""
    return selftest_of(dom(tmp_path, page, fragment))


def drawn(tmp_path: Path, page: Path) -> str:
    """The DOM with every call drawn, as the page shows one when it is opened."""
    return dom(tmp_path, page, "#selftest&open=all")


def readable(text: str) -> str:
    """The page with its data block as text a person could read: the calls inflated (their
    base64 is no text of the report, and may hold any run of digits)."""
    data = page_data(text)
    del data["page"]["chunks"]
    match = DATA.search(text)
    return text[:match.start(1)] + json.dumps(data, ensure_ascii=False) + text[match.end(1):]
