"""The keys every rule takes, whatever its kind (a kind's OPTIONS add to them),
and the option types only they use: scope, when, examples."""

from __future__ import annotations

from .. import scopes
from ..model import SEVERITY_NAMES
from ..yamlfile import where_of
from . import KINDS
from .options import Choice, Flag, Number, Option, Text, Texts, texts, unknown_keys

SPEAKERS = ("agent", "client", "any")


class Scope(Option):
    __slots__ = ()

    def check(self, value, what, where, checker) -> bool:
        try:
            scopes.Scope.parse(value)
        except ValueError as exc:
            checker.problem(where, f"{what} {exc}")
            return False
        return True

    def convert(self, value) -> scopes.Scope:
        return scopes.Scope.parse(value)

    def describe(self) -> str:
        return "[scope](#turns-and-scopes)"


class When(Option):
    """Call metadata key → the value, or a list of the values, a call must have."""

    __slots__ = ()

    def check(self, value, what, where, checker) -> bool:
        if not isinstance(value, dict) or not value or not all(
                isinstance(v, (str, int, float)) or (isinstance(v, list) and v) for v in value.values()):
            checker.problem(where, f"{what} must map call metadata to a value or a list, "
                                   f"e.g. {{direction: outbound}}")
            return False
        return True

    def convert(self, value) -> dict[str, tuple]:
        return {k: tuple(v) if isinstance(v, list) else (v,) for k, v in (value or {}).items()}

    def describe(self) -> str:
        return "mapping: metadata key → value or list"


class Examples(Option):
    """`bad:` texts the rule must flag, `good:` ones it must not."""

    __slots__ = ()

    def check(self, value, what, where, checker) -> bool:
        if not isinstance(value, dict):
            checker.problem(where, "«examples» must be a mapping with «bad» and/or «good» lists")
            return False
        unknown_keys(value, ("bad", "good"), "examples", checker)
        return all(Texts().check(value[k], f"examples «{k}»", where_of(value, k), checker)
                   for k in ("bad", "good") if k in value)

    def convert(self, value) -> dict[str, tuple[str, ...]]:
        value = value or {}
        return {k: texts(value.get(k)) for k in ("bad", "good")}

    def describe(self) -> str:
        return "mapping: `bad`, `good` lists of texts"


RULE_KEYS = {
    "id": Text(required=True, help="unique rule id; letters, digits, dashes"),
    "type": Text(required=True, help="the kind of check: " + ", ".join(f"`{name}`" for name in KINDS)
                 + " (below)"),
    "severity": Choice(tuple(SEVERITY_NAMES), help="`error` (a standard is plainly broken), "
                                                   "`warning` (should be fixed; the default), `info` (advice)"),
    "message": Text(required=True, help="why this is a violation, in the users' language"),
    "title": Text(help="a short name for charts and tables in the HTML report (a few words, in the users' "
                       "language); default: the rule's id"),
    "description": Text(help="one-line summary for `rules list` (default: the message)"),
    "speaker": Choice(SPEAKERS, help="whose speech the rule looks at (default `agent`); what the client "
                                     "says is never the agent's violation"),
    "suggest": Texts(help="what to say instead: shown beside every violation"),
    "source": Text(help="which standard the rule comes from"),
    "scope": Scope(help="which turns of the speaker the rule looks at (below); default `call`"),
    "when": When(help="limits the rule to calls whose metadata match: `{direction: outbound}`; a list "
                      "accepts any of its values. A call that does not say is skipped for this rule, "
                      "and the report says so"),
    "unless_call": When(help="exempts calls whose metadata match: `{direction: outbound}` (answer speed means "
                             "nothing on a call the agent made); a call that does not say is judged"),
    "weight": Number(help="points a violation takes from the call's score (default: its severity's: "
                          "error 10, warning 5, info 1)"),
    "critical": Flag(help="`true`: one violation fails the call outright (score 0)"),
    "examples": Examples(help="`bad:` examples the rule must flag, `good:` ones it must not; the test "
                              "suite runs them for every built-in rule. An example is one sentence (the "
                              "speaker's first utterance), or a small call written like a transcript — "
                              "`Оператор:` / `Клиент:` lines, `# key: value` headers, `[mm:ss]` times — "
                              "or a JSON call object (for timing rules, which need end times)"),
}
