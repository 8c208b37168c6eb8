"""The built-in pack: every rule's own examples, the seed standard's table of
forbidden and preferred phrases, and the hard negatives QA staff would notice."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, PHRASES_ONLY, write
from phrasecheck import examples
from phrasecheck.engine import Engine
from phrasecheck.model import Call, Utterance
from phrasecheck.rulepack import load_rules

RULESET = load_rules([])
ENGINE = Engine(RULESET)
SEED_TABLE = yaml.safe_load((FIXTURES / "seed_table.yaml").read_text(encoding="utf-8"))

CATALOGUE_IDS = {
    "allo", "informal-answer", "blames-listener", "gendered-address", "diminutives", "what-do-you-want",
    "vague-time", "you-are-wrong", "negative-words", "yes-but", "i-dont-know", "you-should-have",
    "only-option", "dont-worry", "not-my-job", "dont-hang-up", "dont-you-think", "repeat-caller",
    "wait-or-callback", "aggressive-imperative", "slang",
    "greeting-missing", "greeting-time-of-day", "introduce-self", "company-name", "closing-thanks",
    "answer-speed", "hold-etiquette", "outbound-ask-time", "address-by-name", "empathy-on-complaint",
    "long-silence", "interruption",
    "paraphrase", "clarification", "acknowledgement", "empathy", "apology", "take-ownership", "alternative",
    "polite-refusal", "summary", "i-message", "uses-client-name", "thanks-for-waiting", "offer-help",
}


def test_pack_loads_cleanly_with_exactly_the_catalogue_ids():
    assert RULESET.problems == []
    assert {r.id for r in RULESET.rules} == CATALOGUE_IDS


@pytest.mark.parametrize("rule", RULESET.rules, ids=lambda r: r.id)
def test_rule_examples(rule):
    assert len(rule.examples["bad"]) >= 1 and len(rule.examples["good"]) >= 1, "every rule needs examples"
    failures = [f"{r.kind}: {r.text!r}: {r.detail}" for r in examples.run(ENGINE, [rule]) if not r.passed]
    assert failures == []


def agent_says(text: str) -> set[str]:
    """The phrase rules an agent's sentence triggers (structure rules judge whole calls)."""
    findings, _ = ENGINE.check_call(Call("t", [Utterance(0, "agent", text, 1, 1)]))
    structural = {r.id for r in RULESET.rules if r.structural}
    return {f.rule for f in findings} - structural


@pytest.mark.parametrize("row", SEED_TABLE["forbidden"], ids=lambda row: row["phrase"])
def test_seed_table_forbidden_phrase_is_flagged_with_its_rule(row):
    assert row["rule"] in agent_says(row["phrase"])


@pytest.mark.parametrize("phrase", SEED_TABLE["preferred"])
def test_seed_table_preferred_phrase_produces_no_violation(phrase):
    assert agent_says(phrase) == set()


HARD_NEGATIVE_CALL = """# call_id: hard-negatives
Оператор: Добрый день, компания ТОМТЕЛ, меня зовут Анна. Чем могу помочь?
Клиент: Алло, вы меня слышите? Вы ошибаетесь, подождите минуточку, короче, это не моя проблема.
Оператор: Одну минуту, пожалуйста, я уточню. Это займёт минуту.
Оператор: Спасибо за ожидание. Не только интернет, но и телевидение подключены.
Оператор: К вам приедет мастер, мужчина средних лет, и всё настроит. Всё будет нормально.
Оператор: Спасибо, что позвонили! Всего доброго!
"""


def test_hard_negatives_produce_no_violation(cli, tmp_path):
    write(tmp_path / "call.txt", HARD_NEGATIVE_CALL)
    result = cli("check", "call.txt", "--format", "jsonl")
    assert result.jsonl() == []
    assert result.code == 0


def test_asr_text_without_punctuation_or_capitals(cli, tmp_path):
    write(tmp_path / "asr.txt", (
        "оператор: алло да\n"
        "клиент: здравствуйте у меня интернет не работает\n"
        "оператор: ну короче вы ошибаетесь подождите минуточку\n"
        "оператор: мужчина вы меня слышите\n"
    ))
    records = cli("check", *PHRASES_ONLY, "asr.txt", "--format", "jsonl").jsonl()
    found = {(r["rule"], r["text"].lower()) for r in records}
    assert {("allo", "алло"), ("slang", "ну короче"), ("you-are-wrong", "вы ошибаетесь"),
            ("diminutives", "минуточку"), ("gendered-address", "мужчина вы"),
            ("blames-listener", "вы меня слышите")} <= found
    assert all(r["speaker"] == "agent" for r in records)
