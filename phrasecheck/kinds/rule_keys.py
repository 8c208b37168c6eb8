"""The keys every rule takes, whatever its kind (a kind's OPTIONS add to them)."""

from __future__ import annotations

from ..model import SEVERITY_NAMES
from . import KINDS
from .options import Choice, Examples, Flag, Number, Scope, Text, Texts, When

SPEAKERS = ("agent", "client", "any")

RULE_KEYS = {
    "id": Text(required=True, help="unique rule id; letters, digits, dashes"),
    "type": Text(required=True, help="the kind of check: " + ", ".join(f"`{name}`" for name in KINDS)
                 + " (below)"),
    "severity": Choice(tuple(SEVERITY_NAMES), help="`error` (a standard is plainly broken), "
                                                   "`warning` (should be fixed; the default), `info` (advice)"),
    "message": Text(required=True, help="why this is a violation, in the users' language"),
    "description": Text(help="one-line summary for `rules list` (default: the message)"),
    "speaker": Choice(SPEAKERS, help="whose speech the rule looks at (default `agent`); what the client "
                                     "says is never the agent's violation"),
    "suggest": Texts(help="what to say instead: shown beside every violation"),
    "source": Text(help="which standard the rule comes from"),
    "scope": Scope(help="which utterances of the speaker the rule looks at (below); default `call`"),
    "when": When(help="limits the rule to calls whose metadata match: `{direction: outbound}`; a list "
                      "accepts any of its values. A call that does not say is skipped for this rule, "
                      "and the report says so"),
    "weight": Number(help="points a violation takes from the call's score (default: its severity's: "
                          "error 10, warning 5, info 1)"),
    "critical": Flag(help="`true`: one violation fails the call outright (score 0)"),
    "examples": Examples(help="`bad:` examples the rule must flag, `good:` ones it must not; the test "
                              "suite runs them for every built-in rule. An example is one sentence (the "
                              "speaker's first utterance), or a small call written like a transcript — "
                              "`Оператор:` / `Клиент:` lines, `# key: value` headers, `[mm:ss]` times — "
                              "or a JSON call object (for timing rules, which need end times)"),
}
