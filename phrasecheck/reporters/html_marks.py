"""Where a finding's words are in a call's transcript, for the HTML report to mark them
(violations by their severity's colour, techniques used in green: html_script.py).

A finding carries its quote and the context it was found in (the speaker's turn,
cut to 60 characters around the match); the transcript has the utterances. Speech
recognition splits one sentence over segments, which the rules read as one turn,
so a quote may run on from its utterance into the speaker's next ones: it is
marked in each, piece by piece.
"""

from __future__ import annotations

from itertools import accumulate

from ..model import Finding

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
    context, start = finding.context.replace("\n", " "), finding.span[0]  # as `flat` has them
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
