"""`phrasecheck init`: a commented starter config and an example rule pack."""

from __future__ import annotations

from pathlib import Path

CONFIG = """\
# phrasecheck settings. Command-line flags win over these.
# See phrasecheck's README («Configuration») and docs/rules.md.

# Your company's name, used where a call does not name it
# («Добрый день, компания …» is checked against it).
company: ТОМТЕЛ

# Time zone of call times written without a UTC offset; greetings are judged
# by the local time at which they are said.
timezone: Europe/Moscow

# Rule packs: the built-in Russian pack, plus your own files or folders.
builtin: true
rules:
  - phrasecheck-rules/

# Only some rules, or all but some (ids or globs):
# select: [allo, diminutives]
ignore: []

# Per-rule severity: error | warning | info | off
severity:
  negative-words: info
  # address-by-name: off

# Lowest severity that makes `phrasecheck check` exit with 1 (error | warning | info | never)
fail_on: warning

# More speaker labels → role (SPEAKER_00 from speech recognition, a channel number…)
speakers:
  Консультант: agent
  # SPEAKER_00: agent
  # SPEAKER_01: client

# Scripts are fragments: opening/closing rules skip them unless this is true.
scripts_are_calls: false

# Paths never to check
exclude: []

# Change a built-in rule's settings
# options:
#   long-silence: {max_seconds: 15}
#   greeting-time-of-day: {allow_neutral: true}
"""

PACK = """\
# An example rule pack. Check it with:  phrasecheck rules validate phrasecheck-rules/
# and run its examples with:            phrasecheck rules test phrasecheck-rules/
pack:
  name: our-company
  language: ru
  description: Our company's own additions to the built-in standard
  source: Стандарт обслуживания компании

rules:
  - id: no-tariff-diminutive
    type: forbidden
    severity: warning
    message: Не называйте тариф «тарифчиком»
    phrases:
      - phrase: тарифчик*
        suggest: тариф
        fix: тариф          # a safe replacement: `phrasecheck check --fix` applies it
    source: Стандарт, п. 4.2
    examples:
      bad: [Ваш тарифчик изменится с мая.]
      good: [Ваш тариф изменится с мая.]

  - id: offer-callback
    type: required
    severity: info
    scope: {closing: {utterances: 2}}
    message: Предложите клиенту обратный звонок
    phrases: ["(перезвоним|перезвоню|обратный звонок)"]
    source: Стандарт, п. 6.1
    examples:
      bad: ["Оператор: Добрый день!\\nОператор: Всего доброго!"]
      good: ["Оператор: Добрый день!\\nОператор: Если что, мы вам перезвоним. Всего доброго!"]
"""


def write_starter(folder: Path) -> list[Path]:
    """Write both files; refuse (FileExistsError) if either exists, writing nothing."""
    config, pack = folder / "phrasecheck.yaml", folder / "phrasecheck-rules" / "our-rules.yaml"
    for path in (config, pack):
        if path.exists():
            raise FileExistsError(str(path))
    pack.parent.mkdir(parents=True, exist_ok=True)
    for path, text in ((config, CONFIG), (pack, PACK)):
        with path.open("x", encoding="utf-8") as handle:  # "x": never over a file made meanwhile
            handle.write(text)
    return [config, pack]
