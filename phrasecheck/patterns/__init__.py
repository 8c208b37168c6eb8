"""The phrase syntax of rule files, compiled once per run and matched over tokens.

    минуточку             any inflected form («минуточки», «минуточкой»)
    =алло                 exactly this form
    трубоч*               any word starting with «трубоч»
    (не поняли|ошибаетесь)  alternatives      [пожалуйста]  optional words
    ...   …   ...5        a gap of up to 3 (or 5) words
    ^ но                  at the start of an utterance or sentence;  ... $  at its end
    (трубку & не & кладите)~5  these parts in any order, within 5 words (default: theirs + 1)
    <INFN>  <VERB,impr>   a word by its grammar: a reading with these pymorphy3 grammemes
    меня зовут {agent}    a placeholder, filled per call from its metadata or the config

Case, «ё»/«е» and punctuation never matter; words always match whole.
A plain word written in its dictionary form («правило») means only that word;
any other form («правила») means every word it can be a form of.

    tree       the tree a phrase compiles to, and the Walker every analysis of it uses
    syntax     the parser: text → tree, or a PatternError (errors) with the column
    grammar    grammar tokens: «<VERB,impr>» → the keys of every tag with those grammemes
    optimise   a simpler tree that matches the same, and where a match can start
    needs      the words a phrase needs before it can match
    matching   Pattern and the matcher (the hot path)
    templates  placeholders: {agent}, {client}, {company}
    index      PhraseSet: which phrases an utterance may hold
"""

from .errors import PatternError
from .index import PhraseSet, WordNeeds, words_of
from .matching import Pattern, compile_phrase
from .templates import PLACEHOLDER_RE, PLACEHOLDERS, can_fill, check_template, fill, placeholders, template_needs

__all__ = ["PLACEHOLDERS", "PLACEHOLDER_RE", "Pattern", "PatternError", "PhraseSet", "WordNeeds", "can_fill",
           "check_template", "compile_phrase", "fill", "placeholders", "template_needs", "words_of"]
