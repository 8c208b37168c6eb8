"""No input stops a batch: a bad value, a bad byte, a bad file or a bug met by one
call costs that call or that file only. It is reported where it is (file, line,
call id, what), the rest is checked, the report is complete with its summary,
and the run exits 2. Run through the CLI on real files, as users run it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from conftest import Result, write

GOOD = {"call_id": "good", "agent": "Анна", "utterances": [{"speaker": "agent", "text": "Алло, слушаю"}]}
NO_CALL_SHAPE = ["--select", "allo", "--fail-on", "never"]  # one rule, so exit codes speak of errors only


def jsonl(*lines) -> str:
    return "".join((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n"
                   for line in lines)


def report(cli, *args):
    """Run check with a JSON Lines report on stdout; (result, records by kind)."""
    result = cli("check", *args, "-f", "jsonl", "-q", *NO_CALL_SHAPE)
    records = [json.loads(line) for line in result.out.splitlines()]
    assert records and records[-1]["record"] == "summary", result.err  # complete, with its summary
    kinds = {kind: [r for r in records if r["record"] == kind] for kind in ("violation", "call", "error")}
    return result, kinds


def call_line(extra: str) -> str:
    return '{"call_id": "bad", "utterances": [{"speaker": "agent", "text": "Алло"' + extra + "}]}"


# --- A: one bad value, one call -------------------------------------------------------------

@pytest.mark.parametrize("line, error", [
    ('{"call_id": "bad", "rings": ' + "9" * 5000 + ', "utterances": []}',
     "line 2: not readable JSON: an integer of 5,000 digits (at most 4,300 can be read)"),
    (call_line(', "start": ' + "9" * 400), "line 2: utterance 0: «start» must be a number of seconds ≥ 0, "
                                           "not an integer of 400 digits"),
    (call_line(', "end": 1e309'), "line 2: utterance 0: «end» must be a number of seconds ≥ 0, not Infinity"),
    ("[" * 50_000 + "]" * 50_000, "line 2: not readable JSON: nested too deeply"),
])
def test_a_value_no_call_can_have_is_an_error_of_that_line_only(cli, tmp_path, line, error):
    path = write(tmp_path / "calls.jsonl", jsonl(GOOD, line, {**GOOD, "call_id": "after"}))
    result, records = report(cli, path, "--jobs", "2")
    assert result.code == 2
    assert [r["error"] for r in records["error"]] == [error]
    assert [c["call_id"] for c in records["call"]] == ["good", "after"]  # the rest of the batch goes on
    assert f"calls.jsonl: unreadable: {error}" in result.err


@pytest.mark.parametrize("meta, note", [
    ({"answer_delay": "inf"}, "answer_delay «inf» is not a finite number"),
    ({"answer_delay": 10 ** 5}, "answer_delay «100000» is more than 86,400, which no call takes"),
    ({"rings": 10 ** 30}, "rings «1000000000000000000000000000000» is more than 1,000"),
    ({"started_at": "0001-01-01T00:00:00+14:00"}, "started_at «0001-01-01T00:00:00+14:00» is not a date "
                                                  "from 1900 to 2199"),
    ({"started_at": "9999-12-31T23:59:59Z"}, "started_at «9999-12-31T23:59:59Z» is not a date from 1900 to 2199"),
])
def test_a_metadata_value_out_of_range_is_a_note_and_the_call_is_checked(cli, tmp_path, meta, note):
    path = write(tmp_path / "calls.jsonl", jsonl({**GOOD, **meta, "call_id": "odd"}, GOOD))
    result = cli("check", path, "-f", "jsonl", "-q", "--tz", "America/New_York", "--fail-on", "never")
    records = [json.loads(line) for line in result.out.splitlines()]
    calls = {r["call_id"]: r for r in records if r["record"] == "call"}
    assert result.code == 0 and set(calls) == {"odd", "good"}
    assert any(n.startswith(note) for n in calls["odd"]["notes"]), calls["odd"]["notes"]
    assert "answer-speed" not in {d["rule"] for d in calls["odd"]["deductions"]}  # not judged on a guess


def test_an_infinite_answer_delay_in_the_text_header_is_a_note(cli, tmp_path):
    path = write(tmp_path / "call.txt", "# answer_delay: 1e309\nОператор: Алло\n")
    result, records = report(cli, path)
    assert result.code == 0 and records["call"][0]["notes"][0].startswith("answer_delay «1e309» is not a finite")


def test_a_zero_ring_in_a_pack_or_in_the_config_is_a_located_error(cli, tmp_path):
    pack = write(tmp_path / "pack.yaml", "pack: {name: t}\nrules:\n  - id: speed\n    type: timing\n"
                                         "    measure: answer-speed\n    message: x\n    ring_seconds: 0\n")
    call = write(tmp_path / "c.jsonl", jsonl({**GOOD, "answer_delay": 10}))
    result = cli("check", call, "-r", pack, "--no-builtin")
    assert result.code == 2 and f"{pack}:7:19: «ring_seconds» must be a number > 0" in result.err
    write(tmp_path / "phrasecheck.yaml", "options:\n  answer-speed: {ring_seconds: 0}\n")
    result = cli("check", call)
    assert result.code == 2 and "phrasecheck.yaml:2:32: «ring_seconds» must be a number > 0" in result.err
    assert "Traceback" not in result.err and "unknown rule" not in result.err


def test_a_rule_id_that_is_a_list_is_a_located_rule_file_error(cli, tmp_path):
    pack = write(tmp_path / "pack.yaml", "pack: {name: t}\nrules:\n  - id: [1]\n    type: forbidden\n"
                                         "    message: x\n    phrases: [алло]\n")
    result = cli("check", write(tmp_path / "a.txt", "Оператор: Алло\n"), "-r", pack)
    assert result.code == 2 and "Traceback" not in result.err
    assert f"{pack}:3:9: «id» must be non-empty text" in result.err


@pytest.mark.parametrize("edit, error", [
    (lambda r: "[" * 100_000 + "]" * 100_000, "not readable JSON: nested too deeply"),
    (lambda r: json.dumps({**r, "score": "high"}), "«score» must be a number or null, not \"high\""),
    (lambda r: json.dumps({**r, "transcript": [{"speaker": 1}]}),
     "«transcript[0].speaker» must be agent or client, not 1"),
    (lambda r: json.dumps({**r, "path": ["a"]}), "«path» must be text, not [\"a\"]"),
    (lambda r: json.dumps([r]), "a record is a JSON object"),
])
def test_report_on_hand_edited_results_is_a_clear_located_error(cli, tmp_path, edit, error):
    calls = write(tmp_path / "c.jsonl", jsonl(GOOD, {**GOOD, "call_id": "second"}))
    saved = tmp_path / "saved.jsonl"
    assert cli("check", calls, "-f", "jsonl", "-o", saved, "-q").code == 1
    lines = saved.read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines) if '"record": "call"' in line)
    lines[number] = edit(json.loads(lines[number]))
    saved.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("report", saved)
    assert result.code == 2 and "Traceback" not in result.err
    assert f"saved.jsonl: line {number + 1}: not a phrasecheck result record ({error}" in result.err


def test_a_bug_met_by_one_call_names_itself_and_costs_that_call_only(tmp_path):
    """A rule that breaks on one call (a stand-in for any bug of ours) in a batch run on two workers."""
    from phrasecheck import batch
    from phrasecheck.engine import Engine
    from phrasecheck.kinds.check import Check
    from phrasecheck.model import Severity
    from phrasecheck.rulepack import Rule, RuleSet

    def breaks_on_boom(context):
        if "boom" in context.call.utterances[0].text:
            raise ZeroDivisionError("float division by zero")
        return ()

    rule = Rule("fragile", "forbidden", Severity.ERROR, "x", "t", "t.yaml", 1, check=Check(breaks_on_boom))
    boom = {**GOOD, "call_id": "b", "utterances": [{"speaker": "agent", "text": "boom"}]}
    paths = [str(write(tmp_path / f"p{n}.jsonl", jsonl(GOOD, boom, GOOD))) for n in range(3)]
    results = [r for _, rs in batch.run(Engine(RuleSet(rules=[rule])), paths, jobs=2) for r in rs]
    assert [len(r.calls) for r in results] == [2, 2, 2]  # the calls before and after are checked
    assert {e for r in results for e in r.errors} == {
        "line 2: call «b»: internal error (ZeroDivisionError: float division by zero); please report it; "
        "the call is not checked"}


# --- B: faithful reading --------------------------------------------------------------------

def test_utf8_with_three_bad_bytes_is_read_as_utf8_with_a_note(cli, tmp_path):
    text = "Оператор: Добрый день! Алло, вы меня слышите?\nКлиент: Да, слышу.\n".encode()
    path = write(tmp_path / "call.txt", "")
    path.write_bytes(text[:20] + b"\xff\xfe\xfd" + text[20:])
    result, records = report(cli, path)
    assert [v["text"] for v in records["violation"]] == ["Алло"]  # not mojibake: the rules still find it
    assert records["call"][0]["notes"] == ["invalid UTF-8 at byte offset 20 and 2 more places: read as «\ufffd»; "
                                           "the words there may be missed"]
    cp1251 = write(tmp_path / "old.txt", "Оператор: Алло, слушаю.\nКлиент: Здравствуйте.\n", encoding="cp1251")
    result, records = report(cli, cp1251)
    assert [v["text"] for v in records["violation"]] == ["Алло"] and records["call"][0]["notes"] == []


def test_fix_leaves_a_damaged_file_alone(cli, tmp_path):
    path = write(tmp_path / "script.txt", "")
    data = "Минуточку, я проверю. Всё хорошо.\n".encode()
    path.write_bytes(data + b"\xff\n")
    cli("check", path, "--fix", "-q")
    assert path.read_bytes() == data + b"\xff\n"  # never a «�» written back in place of the byte


def test_duplicate_call_ids_in_a_json_list_stay_two_calls(cli, tmp_path):
    calls = [{"call_id": "42", "agent": "Анна", "utterances": [{"speaker": "agent", "text": "Алло"}]},
             {"call_id": "42", "agent": "Борис", "utterances": [{"speaker": "agent", "text": "Слушаю вас"}]}]
    path = write(tmp_path / "calls.json", json.dumps(calls, ensure_ascii=False))
    result, records = report(cli, path)
    assert [(c["call_id"], c["agent"], c["score"]) for c in records["call"]] == [("42", "Анна", 90.0),
                                                                                 ("42#2", "Борис", 100.0)]
    assert records["call"][1]["notes"] == ["call_id «42» is also call 1's in this list: this call (call 2) "
                                           "is reported as «42#2»"]
    csv = cli("check", path, "-f", "csv", *NO_CALL_SHAPE)
    assert ",42,Анна," in csv.out and "Борис" not in csv.out  # the violation keeps its own call's agent


def test_a_broken_pyproject_table_is_reported_where_it_is_broken(cli, tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.phrasecheck]\nfail_on = "error\n')
    result = cli("check", write(tmp_path / "a.txt", "Оператор: Алло\n"))
    assert result.code == 2 and "pyproject.toml:2:17: TOML syntax: Illegal character" in result.err


def test_severity_off_written_the_yaml_way_turns_a_rule_off(cli, tmp_path):
    write(tmp_path / "phrasecheck.yaml", "severity: {allo: off}\n")
    result = cli("check", write(tmp_path / "a.txt", "Оператор: Алло\n"), "-f", "jsonl")
    assert "Traceback" not in result.err and result.err == ""
    assert "allo" not in {json.loads(line).get("rule") for line in result.out.splitlines()}


def without_root_powers(cwd, *args) -> Result:
    """Run the CLI unable to read what permissions forbid, even as root (CAP_DAC_* dropped)."""
    prefix = []
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: permissions cannot be denied")
        prefix = ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search"]
    proc = subprocess.run([*prefix, sys.executable, "-m", "phrasecheck", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", timeout=120, cwd=cwd)
    return Result(proc.returncode, proc.stdout, proc.stderr)


def test_files_and_folders_that_cannot_be_read_are_reported_and_the_rest_checked(tmp_path):
    locked = write(tmp_path / "locked.txt", "Оператор: Алло\n")
    closed = write(tmp_path / "closed" / "inside.txt", "Оператор: Алло\n").parent
    ok = write(tmp_path / "ok.txt", "Оператор: Алло\n")
    locked.chmod(0)
    closed.chmod(0)
    try:
        result = without_root_powers(tmp_path, "check", locked, ok, tmp_path, "-f", "jsonl", "-q", "--no-gitignore",
                                     "--select", "allo")
    finally:
        closed.chmod(0o755)
    assert result.code == 2, result.err
    assert f"{locked}: unreadable: Permission denied" in result.err
    assert f"{closed}: unreadable: cannot search the folder: Permission denied" in result.err
    calls = [json.loads(line) for line in result.out.splitlines() if '"record": "call"' in line]
    assert [c["path"] for c in calls] == [str(ok)]


# --- C: what is not a regular file ------------------------------------------------------------

def test_a_fifo_or_a_device_is_refused_not_waited_on(cli, tmp_path):
    fifo = tmp_path / "live.txt"
    os.mkfifo(fifo)
    os.mkfifo(tmp_path / "live.jsonl")
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    good = write(tmp_path / "good.txt", "Оператор: Алло\n")
    result, records = report(cli, fifo, tmp_path / "live.jsonl", tmp_path / "zero.json", good)  # 120 s bound
    assert result.code == 2
    assert [(e["path"], e["error"]) for e in records["error"]] == [
        (str(fifo), "not a regular file but a named pipe (FIFO): not read"),
        (str(tmp_path / "live.jsonl"), "not a regular file but a named pipe (FIFO): not read"),
        (str(tmp_path / "zero.json"), "not a regular file but a character device: not read")]
    assert [c["path"] for c in records["call"]] == [str(good)]
    result, records = report(cli, tmp_path, "--no-gitignore")  # found in a folder, the same
    assert result.code == 2 and len(records["error"]) == 3 and len(records["call"]) == 1


# --- D: memory and time in proportion to the input ------------------------------------------

def test_a_long_script_is_read_in_linear_time(cli, tmp_path):
    """A 60,000-line script took ~15 minutes (its lines were re-measured for each line)."""
    path = write(tmp_path / "long.txt", "".join(f"строка сценария номер {n}\n" for n in range(60_000)))
    result = cli("check", path, "-f", "jsonl", "-q", "--select", "allo")  # conftest's bound: 120 s
    assert result.code == 0 and json.loads(result.out.splitlines()[-1])["calls"] == 1


def test_a_jsonl_line_too_long_to_be_a_call_is_skipped_not_held(tmp_path):
    path, plain = tmp_path / "calls.jsonl", tmp_path / "plain.jsonl"
    with path.open("w", encoding="utf-8") as out:  # 24 MB of «я» in one line
        out.write(jsonl(GOOD) + '{"call_id": "huge", "x": "' + "я" * (12 * 2 ** 20) + '"}\n' + jsonl(GOOD))
    plain.write_text(jsonl(GOOD, GOOD), encoding="utf-8")
    command = ("check", "-f", "jsonl", "-q", "--jobs", "1", *NO_CALL_SHAPE)
    code, out, err, peak_mib = run_measured(tmp_path, command[0], path, *command[1:])
    assert code == 2 and "calls.jsonl: unreadable: line 2: longer than 16 MiB: not read" in err
    assert len([line for line in out.splitlines() if '"record": "call"' in line]) == 2
    *_, without_mib = run_measured(tmp_path, command[0], plain, *command[1:])
    # read whole, the line took 150 MiB more (its bytes, its text, the parsed value); skipped, its first 16 MiB
    assert 20 < without_mib and peak_mib < without_mib + 60, (peak_mib, without_mib)


def run_measured(cwd, *args) -> tuple[int, str, str, float]:
    """Exit code, output, errors and peak resident memory (MiB) of one CLI run."""
    with open(cwd / "out", "w+b") as out, open(cwd / "err", "w+b") as err:
        proc = subprocess.Popen([sys.executable, "-m", "phrasecheck", *map(str, args)], stdout=out, stderr=err,
                                cwd=cwd)
        deadline = time.monotonic() + 120
        peak_kib = 0
        while True:
            # The high-water mark of the CLI's own memory (VmHWM starts anew at exec; the rusage
            # maxrss of a forked child would count the test process it was forked from)
            peak_kib = max(peak_kib, _high_water_kib(proc.pid))
            pid, status, _ = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            assert time.monotonic() < deadline, "the run took more than 120 s"
            time.sleep(0.02)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return proc.returncode, out.read().decode(), err.read().decode(), peak_kib / 1024


def _high_water_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            return next((int(line.split()[1]) for line in status if line.startswith("VmHWM:")), 0)
    except OSError:  # it has just ended
        return 0
