"""--fix never loses what is in a file: it refuses files it cannot replace safely,
leaves them as they were, says why, and goes on with the others."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time

import pytest

from conftest import write
from phrasecheck import safe_write

SCRIPT = "Подождите минуточку.\n"
FIXED = "Подождите минуту.\n"


def fix(cli, *paths):
    return cli("check", *paths, "--fix", "--select", "diminutives", "-q")


def problems(result) -> list[str]:
    return [line for line in result.err.splitlines() if not line.startswith("Fixed ")]


def test_a_read_only_file_is_left_alone_and_the_others_are_fixed(cli, tmp_path):
    locked, open_ = write(tmp_path / "locked.txt", SCRIPT), write(tmp_path / "open.txt", SCRIPT)
    locked.chmod(0o444)
    result = fix(cli, "locked.txt", "open.txt")
    assert problems(result) == ["locked.txt: read-only: not fixed"]
    assert result.err.endswith("Fixed 1 violation in 1 file.\n")
    assert (locked.read_text(encoding="utf-8"), open_.read_text(encoding="utf-8")) == (SCRIPT, FIXED)
    assert "locked.txt:1:11: warning [diminutives]" in result.out  # not fixed: still reported
    assert result.code == 1


def test_a_symbolic_link_stays_a_link_and_its_target_is_not_written_through_it(cli, tmp_path):
    target = write(tmp_path / "shared" / "target.txt", SCRIPT)
    (tmp_path / "link.txt").symlink_to(target)
    result = fix(cli, "link.txt")
    assert problems(result) == ["link.txt: a symbolic link: not fixed (fix the file it points to)"]
    assert (tmp_path / "link.txt").is_symlink() and target.read_text(encoding="utf-8") == SCRIPT
    assert fix(cli, "shared/target.txt").err == "Fixed 1 violation in 1 file.\n"  # the target itself is fixed


def test_a_file_with_other_hard_links_is_left_alone(cli, tmp_path):
    original = write(tmp_path / "a.txt", SCRIPT)
    os.link(original, tmp_path / "b.txt")
    result = fix(cli, "a.txt")
    assert problems(result) == ["a.txt: has other hard links, which would keep the old text: not fixed"]
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == SCRIPT == original.read_text(encoding="utf-8")


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder no file can be created in, even by root (who ignores its mode): chattr +i then."""
    folder = tmp_path / "locked"
    write(folder / "s.txt", SCRIPT)
    folder.chmod(0o555)
    immutable = False
    if os.access(folder, os.W_OK) and shutil.which("chattr"):
        immutable = subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0
    try:
        if os.access(folder, os.W_OK) and not immutable:
            pytest.skip("cannot make a folder read-only here (root without chattr)")
        yield folder
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)


def test_a_file_in_a_read_only_folder_is_reported_and_the_run_goes_on(cli, tmp_path, read_only_folder):
    other = write(tmp_path / "other.txt", SCRIPT)
    result = fix(cli, "locked/s.txt", "other.txt")
    [problem] = problems(result)
    assert problem.startswith("locked/s.txt: cannot write: ") and problem.endswith(": not fixed")
    assert "Traceback" not in result.err
    assert (read_only_folder / "s.txt").read_text(encoding="utf-8") == SCRIPT
    assert other.read_text(encoding="utf-8") == FIXED
    assert os.listdir(read_only_folder) == ["s.txt"]


def test_a_file_changed_between_reading_and_renaming_is_not_replaced(tmp_path):
    path = write(tmp_path / "s.txt", SCRIPT)
    original = path.read_bytes()
    with path.open("a", encoding="utf-8") as appending:  # someone appends while the fix is prepared
        appending.write("Новая строка.\n")
    problem = safe_write.replace(path, original, FIXED.encode())
    assert problem == "changed on disk while being fixed: not fixed"
    assert path.read_text(encoding="utf-8") == SCRIPT + "Новая строка.\n"
    assert os.listdir(tmp_path) == ["s.txt"]  # its temporary file is gone too


def test_lines_appended_while_fix_runs_are_never_lost(cli, tmp_path):
    path = write(tmp_path / "s.txt", "".join(f"Подождите минуточку {n}.\n" for n in range(2000)))
    appended, stop = [], threading.Event()

    def append():
        while not stop.is_set():
            line = f"Строка {len(appended)}.\n"
            with path.open("a", encoding="utf-8") as handle:
                handle.write(line)
            appended.append(line)
            time.sleep(0.001)

    writer = threading.Thread(target=append)
    writer.start()
    try:
        result = fix(cli, "s.txt")
    finally:
        stop.set()
        writer.join()
    text = path.read_text(encoding="utf-8")
    assert all(line in text for line in appended)  # fixed or not, nothing appended is lost
    assert problems(result) in ([], ["s.txt: changed on disk while being checked: not fixed"],
                                ["s.txt: changed on disk while being fixed: not fixed"])


def test_temporary_files_are_named_and_stale_ones_removed(cli, tmp_path):
    write(tmp_path / "s.txt", SCRIPT)
    stale = write(tmp_path / f".s.txt{safe_write.TEMP_MARK}killed01", "half")
    young = write(tmp_path / f".s.txt{safe_write.TEMP_MARK}running", "in progress")
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    assert fix(cli, "s.txt").err == "Fixed 1 violation in 1 file.\n"
    assert sorted(os.listdir(tmp_path)) == [young.name, "s.txt"]  # a young one may belong to a run going on
