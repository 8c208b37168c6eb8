"""A word of the call's own names (the company, the agent, the client) is never a
forbidden phrase: the shop «Корзинка» is no diminutive in its own calls."""

from __future__ import annotations

import json

from conftest import write


def test_the_company_name_is_no_diminutive_in_its_own_calls(cli, tmp_path):
    calls = [{"call_id": "own", "company": "Корзинка", "agent": "Полина",
              "utterances": [{"speaker": "agent", "text": "добрый день корзинка полина слушаю"},
                             {"speaker": "agent", "text": "служба доставки корзинки слушает"}]},
             {"call_id": "other", "company": "ТОМТЕЛ", "agent": "Полина",
              "utterances": [{"speaker": "agent", "text": "положите товар в корзинку и оформите заказ"}]}]
    write(tmp_path / "calls.jsonl", "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in calls))
    result = cli("check", "calls.jsonl", "--select", "diminutives", "--format", "jsonl")
    found = [(r["call_id"], r["text"]) for r in map(json.loads, result.out.splitlines())
             if r["record"] == "violation"]
    assert found == [("other", "корзинку")]
    assert result.code == 1
