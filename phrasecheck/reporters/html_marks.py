"""Where a finding's words are in a call's transcript, and how the HTML report marks
them: violations by their severity's colour, techniques used (practices) in green.

A finding carries its quote and the context it was found in (the speaker's turn,
cut to 60 characters around the match); the transcript has the utterances. Speech
recognition splits one sentence over segments, which the rules read as one turn,
so a quote may run on from its utterance into the speaker's next ones: it is
marked in each, piece by piece.
"""

from __future__ import annotations

from html import escape
from itertools import accumulate, groupby

from ..model import PRACTICE, Finding

JOINER = " "  # between the utterances of a turn, as the rules join them (kinds/turns.py)


def locate(text: str, finding: Finding) -> tuple[int, int] | None:
    """Where a finding's quote is in its utterance: its context (cut to 60 characters
    around the match, «…» marking a cut, newlines made spaces) is found in the
    utterance, and the quote's span within the context carried over."""
    if not finding.text:
        return None
    return _find(text.replace("\n", " "), finding, 0, len(text))


def _find(flat: str, finding: Finding, lo: int, hi: int) -> tuple[int, int] | None:
    """The quote's span in `flat` (newlines made spaces), starting in [lo, hi)."""
    quote = finding.text.replace("\n", " ")
    context, (start, _end) = finding.context, finding.span
    variants = [(context, 0)]
    if context.startswith("…"):
        variants.append((context[1:], 1))
    for variant, shift in [*variants, *((v[:-1], s) for v, s in variants if v.endswith("…"))]:
        at = flat.find(variant) if variant else -1
        while at >= 0:
            first = at + start - shift
            if lo <= first < hi and flat[first:first + len(quote)] == quote:
                return first, first + len(quote)
            at = flat.find(variant, at + 1) if first < hi else -1
    at = flat.find(quote, lo, hi + len(quote))  # the context was masked differently, or the span is unknown
    return (at, at + len(quote)) if at >= 0 else None


def places(transcript: list[tuple], finding: Finding) -> list[tuple[int, int, int]]:
    """(utterance, start, end) of each piece of a finding's quote in the transcript: one in its
    utterance, or, where the quote runs on into the speaker's next utterances (a sentence the
    recognition split), one in each; [] where it is not found."""
    index = finding.utterance
    if not finding.text or index is None or not 0 <= index < len(transcript):
        return []
    at = locate(transcript[index][3], finding)
    if at is not None:
        return [(index, *at)]
    speaker, reach = transcript[index][0], len(finding.context) + len(finding.text)
    first, last, before, after = index, index, 0, 0  # the speaker's utterances as far as the context reaches
    while first > 0 and transcript[first - 1][0] == speaker and before < reach:
        first -= 1
        before += len(transcript[first][3]) + len(JOINER)
    while last + 1 < len(transcript) and transcript[last + 1][0] == speaker and after < reach:
        last += 1
        after += len(transcript[last][3]) + len(JOINER)
    texts = [transcript[k][3].replace("\n", " ") for k in range(first, last + 1)]
    offsets = list(accumulate((len(t) + len(JOINER) for t in texts[:-1]), initial=0))
    own = offsets[index - first]
    at = _find(JOINER.join(texts), finding, own, own + len(texts[index - first]))
    if at is None:
        return []
    pieces = [(first + n, max(at[0], o) - o, min(at[1], o + len(t)) - o)
              for n, (o, t) in enumerate(zip(offsets, texts))]
    return [(k, a, b) for k, a, b in pieces if a < b]


def highlighted(text: str, spans: list[tuple[int, int, Finding]]) -> str:
    """The utterance with every matched span in a <mark>; overlapping matches
    («Алло» inside «Алло! Слушаю») split into pieces marked by all that cover them.
    Techniques used (practices) are green: each stretch of words they cover is one
    <mark class="practice">, titled with its techniques («✓ id», a line each; the page's
    script adds their messages, written once in the heat-map: practices are frequent),
    around whatever violations are marked inside it."""
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    pieces = [(a, b, [f for s, e, f in spans if s <= a and b <= e]) for a, b in zip(cuts, cuts[1:])]
    out = []
    for practiced, run in groupby(pieces, key=lambda piece: any(f.kind == PRACTICE for f in piece[2])):
        run = list(run)
        if practiced:
            title = "\n".join(dict.fromkeys(f"✓ {f.rule}" for *_, cover in run for f in cover if f.kind == PRACTICE))
            out.append(f'<mark class="practice" title="{escape(title)}">')
        for a, b, cover in run:
            cover = [f for f in cover if f.kind != PRACTICE]
            piece = escape(text[a:b])
            if cover:
                worst = str(max(f.severity for f in cover))
                rules = ", ".join(dict.fromkeys(f.rule for f in cover))  # a rule may match a span twice
                out.append(f'<mark class="{worst}" title="{escape(rules)}">{piece}</mark>')
            else:
                out.append(piece)
        if practiced:
            out.append("</mark>")
    return "".join(out)
