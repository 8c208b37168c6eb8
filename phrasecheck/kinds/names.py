"""Names the transcript gives where the call's metadata has none.

A CRM often has no client name, yet the client says it: «меня зовут анна»,
or answers «кто говорит?» with «смирнова ольга». A rule file's `names:`
section says, per placeholder, which of whose words give it; the first name
heard there (pymorphy3's `Name`, with a following patronymic or a surname next
to it) then fills `{client}` (or `{agent}`) for every rule of the call, as if
the metadata had it. Metadata wins: nothing is learned for a value it has, but
a name on record as a surname and initials («Семёнова М.») is completed with the
first name said («маргарита»).

    names:
      client:                       # fills {client}
        speaker: client             # whose words give it
        turns: 4                    # the first 4 of that speaker's turns (default 3)
        phrases:                    # the words that give it; their first <Name> is the name
          - меня зовут <Name>
          - ^ [<Surn>] <Name> [<Patr>] $
"""

from __future__ import annotations

import re

from ..morphology import WORD_RE, is_grammar_key
from ..patterns import placeholders
from .context import CallContext
from .options import Choice, Count, Mapping
from .phrase_items import Phrases

DEFAULT_TURNS = 3
_PLACEHOLDERS = ("agent", "client")


class _NamePhrases(Phrases):
    """Phrases that give a name: each holds a <Name> token, and no placeholder."""

    __slots__ = ()

    def problem(self, phrase: str) -> str | None:
        if placeholders(phrase) or "<Name>" not in phrase:
            return f"phrase «{phrase}» must hold a <Name> token and no placeholder"
        return None


_SAID = {  # one placeholder's entry: whose words, how far, which phrases
    "speaker": Choice(("agent", "client"), required=True, help="whose words give the name"),
    "turns": Count(help=f"how many of that speaker's first turns are looked at (default {DEFAULT_TURNS})"),
    "phrases": _NamePhrases(required=True, help="the words that give the name: the first `<Name>` in them "
                                                "(with a patronymic or surname beside it) is the name"),
}
NAMES = Mapping({name: Mapping(_SAID, help=f"where the transcript gives {{{name}}}") for name in _PLACEHOLDERS},
                help="names the transcript gives when the call's metadata has none")


class NamesSaid:
    """One rule file's `names:` section, its phrases registered in the run's PhraseSet."""

    def __init__(self, values: dict, phrases) -> None:
        self.wanted = {name: (said["speaker"], said.get("turns", DEFAULT_TURNS),
                              frozenset(phrases.add(item.phrase) for item in said["phrases"]))
                       for name, said in values.items()}

    def learn(self, context: CallContext, metadata: dict) -> dict:
        """The values this section gives that `metadata` lacks."""
        learned = {}
        if context.call.is_script:  # a script's lines are all the agent's, and name nobody
            return learned
        for name, (speaker, turns, ids) in self.wanted.items():
            known = str(metadata.get(name) or "")
            if _has_first_name(known):
                continue
            heard = _heard(context, context.spoken_by(speaker)[:turns], ids)
            if heard:  # «Семёнова М.» on record, «маргарита» said: both count
                learned[name] = f"{known} {heard}".strip()
        return learned


def _heard(context: CallContext, indices, ids: frozenset) -> str | None:
    """The name in the first of the phrases said in these turns."""
    for index in indices:
        spans = context.spans(index, ids)
        if not spans:
            continue
        tokens, keys = context.tokens(index), context.keys(index)
        first, end = spans[0]
        at = next((i for i in range(first, end) if _has(keys[i], "Name")), None)
        if at is None:
            continue
        words = [tokens[at].form]
        if at + 1 < len(tokens) and (_has(keys[at + 1], "Patr") or _has(keys[at + 1], "Surn")):
            words.append(tokens[at + 1].form)
        if at > 0 and _has(keys[at - 1], "Surn") and not _has(keys[at - 1], "Name"):
            words.insert(0, tokens[at - 1].form)
        return " ".join(words)
    return None


def _has_first_name(known: str) -> bool:
    """Whether a name on record has more than a surname and initials («Семёнова М.»)."""
    words = WORD_RE.findall(known)
    return bool(words) and (len(words) == 1 or all(len(word) > 1 for word in words))


def _has(keys, grammeme: str) -> bool:
    """Whether a reading of the word (its grammar keys: «<NOUN,anim,femn,Name sing,nomn>»)
    has the grammeme."""
    return any(is_grammar_key(key) and grammeme in _GRAMMEME_RE.split(key[1:-1]) for key in keys)


_GRAMMEME_RE = re.compile(r"[ ,]")
