"""The built-in pack's recommended techniques (rules/ru/recommended.yaml), through the CLI:
the standard's own phrases are credited with the right technique and break no rule, the ways
agents really say them are found in speech-recognition text, the client's words and
look-alikes are not, the expectations (a polite refusal, an alternative, a summary) fire
where the standard asks and nowhere else, and whatever satisfies the structure rules that
look for a technique is reported as that technique too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT, write

TECHNIQUES = ["paraphrase", "clarification", "acknowledgement", "empathy", "apology", "take-ownership",
              "alternative", "polite-refusal", "summary", "i-message", "uses-client-name",
              "thanks-for-waiting", "offer-help"]
SEED = yaml.safe_load((FIXTURES / "seed_recommended.yaml").read_text(encoding="utf-8"))
SEED_ROWS = [row for section in SEED.values() for row in section]
PACK = ROOT / "rules" / "ru"


def pack_rules(name: str) -> dict:
    data = yaml.safe_load((PACK / name).read_text(encoding="utf-8"))
    return {rule["id"]: rule for rule in data["rules"]}


def records(result) -> tuple[list[dict], list[dict]]:
    """(violations, practices) of a JSON Lines report."""
    lines = [json.loads(line) for line in result.out.splitlines() if line.strip()]
    return ([r for r in lines if r["record"] == "violation"], [r for r in lines if r["record"] == "practice"])


def test_the_techniques_are_listed_with_the_catalogue_ids_as_info_rules(cli):
    listed = cli("rules", "list", "--select", "*").out
    rows = {line.split()[0]: line.split()[1:3] for line in listed.splitlines() if line.split()}
    assert {rule: rows.get(rule) for rule in TECHNIQUES} == {rule: ["recommended", "info"] for rule in TECHNIQUES}
    rules = pack_rules("recommended.yaml")
    assert list(rules) == TECHNIQUES
    for rule in rules.values():
        assert rule["message"] and rule["description"] and rule["source"], rule["id"]
        assert rule["examples"]["good"] and rule["examples"]["bad"], rule["id"]


def test_every_technique_passes_its_examples(cli):
    result = cli("rules", "test", str(PACK / "recommended.yaml"))
    assert result.code == 0, result.out
    assert "FAIL" not in result.out
    for rule in TECHNIQUES:
        assert rule in result.out


def test_the_clients_name_is_learnt_from_the_transcript(cli, tmp_path):
    """No name in the metadata: the client's own introduction gives it (structure.yaml's
    `names:`), and the agent who then uses it is credited; the client saying it is not."""
    write(tmp_path / "call.txt", "оператор: добрый день чем могу помочь\n"
                                 "клиент: здравствуйте меня зовут ольга у меня вопрос по счёту\n"
                                 "оператор: ольга слушаю вас\n")
    _, practices = records(cli("check", "call.txt", "--format", "jsonl"))
    assert [(p["utterance"], p["text"]) for p in practices if p["rule"] == "uses-client-name"] == [(2, "ольга")]


# ------------------------------------------------------------ the seed's own phrases

def test_the_seed_phrases_are_credited_with_their_technique_and_break_no_rule(cli, tmp_path):
    """A trainer checks a script of the standard's phrases, one a line: each is the
    technique it teaches, and none is a violation of any rule."""
    write(tmp_path / "script.txt", "\n".join(row["phrase"] for row in SEED_ROWS) + "\n")
    violations, practices = records(cli("check", "script.txt", "--format", "jsonl"))
    assert [(v["line"], v["rule"], v["text"]) for v in violations] == []
    found = {}
    for practice in practices:
        found.setdefault(practice["line"], set()).add(practice["rule"])
    missed = [(row["phrase"], row["technique"]) for line, row in enumerate(SEED_ROWS, 1)
              if row["technique"] and row["technique"] not in found.get(line, set())]
    assert missed == []


@pytest.mark.parametrize("phrase, technique", [
    ("Я ценю Ваше желание решить эту проблему", "acknowledgement"),
    ("Правильно ли я понимаю, что …", "paraphrase"),
    ("На сегодняшний день это, к сожалению, не представляется возможным…", "polite-refusal"),
])
def test_explain_credits_a_seed_phrase_and_finds_no_violation(cli, phrase, technique):
    out = cli("explain", phrase).out
    assert "No rule is triggered." in out
    assert f"✓ {technique}:" in out


def test_the_word_problem_in_the_standards_acknowledgement_is_no_negative_word(cli):
    """«проблема» is flagged as a negative word, but not where the agent values the
    client's effort to solve it: the standard's own acknowledgement says it so."""
    assert "negative-words" in cli("explain", "у вас какая-то проблема с роутером").out
    for said in ("я очень ценю что вы хотите решить эту проблему",
                 "спасибо вам за внимание к нашей проблеме"):
        assert "negative-words" not in cli("explain", said).out, said


# ------------------------------------------------------ speech recognition, both ways

ASR_CALL = """# client: Лариса Сергеевна
[00:00] оператор: добрый вечер такси везёт меня зовут марат чем могу помочь
[00:04] клиент: здравствуйте это лариса водитель нагрубил и уехал сколько можно
[00:09] оператор: лариса понимаю вас это действительно неприятная ситуация
[00:12] оператор: а что именно произошло
[00:14] клиент: он сказал что я не туда вышла
[00:17] оператор: так правильно я понимаю вы ждали у второго подъезда
[00:21] клиент: да
[00:22] оператор: приношу извинения за водителя щас уточню у диспетчера и перезвоню вам
[00:40] оператор: спасибо что подождали
[00:42] оператор: к сожалению машин сейчас нет но могу предложить комфорт без доплаты
[00:48] клиент: давайте
[00:50] оператор: мне сложновато вас расслышать повторите пожалуйста адрес
[00:55] клиент: ленина 5
[00:57] оператор: итак мы с вами договорились комфорт к ленина 5 через 7 минут
[01:02] оператор: спасибо что сообщили лариса сергеевна всего доброго
"""

ASR_EXPECTED = {
    0: {"offer-help"},
    2: {"uses-client-name", "empathy"},
    3: {"clarification"},
    5: {"paraphrase"},
    7: {"apology", "take-ownership"},
    8: {"thanks-for-waiting"},
    9: {"polite-refusal", "alternative"},
    11: {"i-message", "clarification"},
    13: {"summary"},
    14: {"acknowledgement", "uses-client-name"},
}


def test_an_asr_call_earns_each_technique_where_it_is_said(cli, tmp_path):
    write(tmp_path / "call.txt", ASR_CALL)
    violations, practices = records(cli("check", "call.txt", "--format", "jsonl"))
    found = {}
    for practice in practices:
        assert practice["speaker"] == "agent"
        found.setdefault(practice["utterance"], set()).add(practice["rule"])
    assert found == ASR_EXPECTED
    assert not [v for v in violations if v["rule"] in TECHNIQUES]


HARD_NEGATIVES = """# client: Ольга Петровна
[00:00] клиент: алло это ольга петровна правильно ли я понимаю что вы мне перезвоните
[00:04] клиент: извините за беспокойство я понимаю вас но мне очень жаль денег итак мы договорились
[00:09] клиент: спасибо за ожидание чем могу помочь вам тоже повторите пожалуйста
[00:13] оператор: добрый день компания томтел меня зовут анна извините вас не слышно
[00:17] оператор: понимаю но в системе оплаты нет
[00:20] оператор: так понял вас назовите номер договора
[00:23] оператор: да всё верно итого к оплате 1500 рублей
[00:27] оператор: к сожалению вас плохо слышно повторите попытку позже
[00:31] оператор: я не могу вам помочь это не к нам
[00:34] оператор: ожидание составит 15 минут спасибо что остаётесь с нами
[00:38] оператор: другого варианта нет я вижу что случилось с заказом
[00:42] оператор: извините а как к вам обращаться
"""


def test_the_clients_words_and_look_alikes_are_no_technique(cli, tmp_path):
    """The client's own «правильно ли я понимаю», «чем могу помочь» or name are no practice
    of the agent's; «понимаю, но…», «понял вас», «итого 1500», «извините, вас не слышно»,
    «повторите попытку», «не могу вам помочь» are no technique."""
    write(tmp_path / "call.txt", HARD_NEGATIVES)
    _, practices = records(cli("check", "call.txt", "--format", "jsonl"))
    assert [(p["utterance"], p["rule"], p["text"]) for p in practices] == []


# ------------------------------------------------------------------ expectations

def practices_and_own(result, rule: str) -> tuple[list[dict], list[dict]]:
    violations, practices = records(result)
    return [v for v in violations if v["rule"] == rule], [p for p in practices if p["rule"] == rule]


REFUSALS = {
    # a refusal with no polite formula: polite-refusal's violation, at the refusal
    "bare": ("оператор: вернуть деньги за подписку уже нельзя\nклиент: почему\n"
             "оператор: подписка активирована с вашего номера", True),
    "we cannot": ("оператор: мы не можем перенести доставку на сегодня\nклиент: ну как же так", True),
    "not allowed": ("оператор: бесплатная замена вам не положена гарантия закончилась", True),
    # polite: in the refusing turn, also when ASR split it over segments; a formula only in the agent's
    # next turn is too late (the refusal was already bare)
    "polite": ("оператор: к сожалению вернуть деньги уже нельзя", False),
    "polite split": ("оператор: к сожалению\nоператор: вернуть деньги уже нельзя", False),
    "polite too late": ("оператор: вернуть деньги нельзя\nклиент: почему\n"
                        "оператор: боюсь таковы условия акции", True),
    # no refusal
    "a question": ("оператор: нельзя ли уточнить номер договора", False),
    "client's trouble": ("оператор: понимаю к нам невозможно дозвониться с утра", False),
    "praise": ("оператор: не можем не отметить что вы наш клиент 10 лет", False),
    "condition": ("оператор: если не получится войти перезвоните нам", False),
    "advice": ("оператор: код из смс никому нельзя сообщать даже нам", False),
    "agent's trouble": ("оператор: я не могу найти ваш заказ продиктуйте номер ещё раз", False),
    "client refuses": ("клиент: нет мне это не подходит вернуть нельзя значит", False),
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_a_refusal_without_a_polite_formula_is_an_info_violation(cli, tmp_path, name):
    text, expected = REFUSALS[name]
    write(tmp_path / "call.txt", text + "\n")
    result = cli("check", "call.txt", "--format", "jsonl", "--select", "polite-refusal", "--fail-on", "warning")
    own, _ = practices_and_own(result, "polite-refusal")
    assert bool(own) == expected
    for violation in own:
        assert violation["severity"] == "info"
        assert violation["utterance"] == 0 and violation["message"].startswith("Отказ без вежливой формулы")
    assert result.code == 0  # info: advice, never a failed run at --fail-on warning


ALTERNATIVES = {  # name: (call, a violation expected, the alternative offered)
    "none": ("оператор: к сожалению перенести доставку на сегодня нельзя\nклиент: и что делать\n"
             "оператор: ждите завтра\nклиент: понятно\nоператор: всего доброго", True, False),
    "same turn": ("оператор: вернуть деньги нельзя но можно оформить перерасчёт", False, True),
    "two turns later": ("оператор: к сожалению свободных машин нет это невозможно\nклиент: и что мне делать\n"
                        "оператор: секунду\nклиент: жду\nоператор: могу предложить комфорт по цене эконома",
                        False, True),
    "too late": ("оператор: к сожалению так нельзя\nклиент: а как\nоператор: никак\nклиент: ну\n"
                 "оператор: так\nклиент: и\nоператор: могу предложить перерасчёт", True, True),
    "no refusal": ("оператор: мастер придёт завтра с 10 до 12\nклиент: хорошо", False, False),
}


@pytest.mark.parametrize("name", list(ALTERNATIVES))
def test_a_refusal_calls_for_an_alternative_within_two_agent_turns(cli, tmp_path, name):
    text, violation, offered = ALTERNATIVES[name]
    write(tmp_path / "call.txt", text + "\n")
    own, used = practices_and_own(cli("check", "call.txt", "--format", "jsonl"), "alternative")
    assert (bool(own), bool(used)) == (violation, offered)
    assert all(v["severity"] == "info" and v["utterance"] == 0 for v in own)


def long_call(turns: int, closing: str = "спасибо за звонок всего доброго", header: str = "") -> str:
    lines = [header] if header else []
    for index in range(turns - 1):
        lines.append(f"оператор: вопрос номер {index}" if index % 2 == 0 else f"клиент: ответ {index}")
    lines.append(("оператор: " if turns % 2 else "клиент: ") + closing)
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("text, expected", [
    (long_call(21), True),                                                        # long, no summary
    (long_call(21, "итак мы с вами договорились мастер придёт в четверг"), False),
    (long_call(21, "так давайте подытожим заявка 457 мастер в четверг"), False),
    (long_call(19), False),                                                       # a short call
    (long_call(21, header="# partial: end"), False),                              # the end not recorded
    (long_call(21, "итого к оплате 1500 рублей"), True),                          # a sum, no summary
])
def test_a_long_call_calls_for_a_summary(cli, tmp_path, text, expected):
    write(tmp_path / "call.txt", text)
    own, _ = practices_and_own(cli("check", "call.txt", "--format", "jsonl"), "summary")
    assert bool(own) == expected
    assert all(v["severity"] == "info" and v["message"] == "Долгий разговор без подведения итога" for v in own)


def test_expectations_judge_calls_not_scripts(cli, tmp_path):
    write(tmp_path / "script.txt", "вернуть деньги нельзя\n" + "\n".join(f"строка {i}" for i in range(25)) + "\n")
    violations, _ = records(cli("check", "script.txt", "--format", "jsonl"))
    assert [v for v in violations if v["rule"] in TECHNIQUES] == []


# ------------------------------------ the structure rules that look for a technique

COVERED = {  # structure rule → the techniques whose phrases hold its expectation's
    "empathy-on-complaint": ("empathy", "apology"),
    "hold-etiquette": ("thanks-for-waiting", "apology"),  # 003 accepts an apology for the wait
    "address-by-name": ("uses-client-name",),
}


def expectation_phrases(rule: dict) -> list[str]:
    if rule["type"] == "required":
        return rule["phrases"]
    return [phrase for expect in rule["expect"] for phrase in expect["phrases"]
            if rule["id"] != "hold-etiquette" or expect.get("within", {}).get("turns") == 3]  # the thanks


def test_the_structure_rules_expectations_are_the_techniques_own_phrases():
    """Copied word for word, and no `unless` in the techniques that could cancel them: a
    complaint answered, a hold thanked, a client named are always the technique too. The
    only `unless` phrases are a denial of guilt («не наша ошибка», which no apology
    overlaps) and the agent's own introduction where they share the client's name."""
    structure, recommended = pack_rules("structure.yaml"), pack_rules("recommended.yaml")
    for rule, techniques in COVERED.items():
        own = {phrase for technique in techniques for phrase in recommended[technique]["phrases"]}
        assert set(expectation_phrases(structure[rule])) <= own, rule
    assert "unless" not in recommended["empathy"] and "unless" not in recommended["thanks-for-waiting"]
    assert all(phrase.startswith(("(=не|=ни)", "не ")) for phrase in recommended["apology"]["unless"])
    assert all("{client}" in phrase for phrase in recommended["uses-client-name"]["unless"])


def agent_runs(speakers: list[str]) -> list[list[int]]:
    """The agent's utterances in runs the client does not break."""
    runs = []
    for index, speaker in enumerate(speakers):
        if speaker == "agent":
            if runs and runs[-1][-1] == index - 1:
                runs[-1].append(index)
            else:
                runs.append([index])
    return runs


def example_files(rule: dict, folder: Path) -> list[tuple[Path, tuple[int, ...]]]:
    """The rule's good examples as call files, and beside each a copy per run of agent
    utterances with their words replaced by «угу»: (file, utterances replaced)."""
    files = []
    for number, example in enumerate(rule["examples"]["good"]):
        if example.lstrip().startswith("{"):
            call = json.loads(example)
            utterances = call["utterances"]
            files.append((write(folder / f"{number}-.json", example), ()))
            for run in agent_runs([u["speaker"] for u in utterances]):
                changed = [{**u, "text": "угу"} if i in run else u for i, u in enumerate(utterances)]
                name = f"{number}-{'_'.join(map(str, run))}.json"
                files.append((write(folder / name, json.dumps({**call, "utterances": changed})), tuple(run)))
            continue
        lines = example.split("\n")
        spoken = [i for i, line in enumerate(lines) if ":" in line and not line.startswith("#")]
        speakers = ["agent" if lines[i].lower().startswith("оператор:") else "client" for i in spoken]
        files.append((write(folder / f"{number}-.txt", example + "\n"), ()))
        for run in agent_runs(speakers):
            changed = ["Оператор: угу" if i in [spoken[n] for n in run] else line for i, line in enumerate(lines)]
            files.append((write(folder / f"{number}-{'_'.join(map(str, run))}.txt", "\n".join(changed) + "\n"),
                          tuple(run)))
    return files


@pytest.mark.parametrize("rule_id", list(COVERED))
def test_what_satisfies_a_structure_rule_is_reported_as_its_technique(cli, tmp_path, rule_id):
    """In each good example of the rule, an agent utterance without which the rule would
    report the call is what satisfies it: there the technique must be found."""
    rule = pack_rules("structure.yaml")[rule_id]
    files = example_files(rule, tmp_path / rule_id)
    violations, practices = records(cli("check", rule_id, "--format", "jsonl"))
    flagged = {Path(v["path"]).name for v in violations if v["rule"] == rule_id}
    credited = {(Path(p["path"]).name, p["utterance"]) for p in practices if p["rule"] in COVERED[rule_id]}
    originals = {path.name.split("-")[0]: path.name for path, replaced in files if not replaced}
    satisfying = [(originals[path.name.split("-")[0]], replaced) for path, replaced in files
                  if replaced and path.name in flagged and originals[path.name.split("-")[0]] not in flagged]
    assert satisfying, "no example of the rule is satisfied by the agent's words"
    assert [(name, run) for name, run in satisfying if not any((name, u) in credited for u in run)] == []
