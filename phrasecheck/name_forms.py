"""Russian first names and the everyday short forms people give for them.

A client who says «стас» is addressed as «Станислав», one on record as
«Александра Петровна» may be called «Саша»: either way the agent used the
client's name. Forms are lower case, «ё» written as «е» (as phrases match).
"""

from __future__ import annotations

_SHORT_FORMS = """
александр: саша шура санек; александра: саша шура; алексей: леша алеша; анастасия: настя;
анатолий: толя; андрей: андрюша; анна: аня; антон: тоша; артем: тема; валентин: валя;
валентина: валя; валерий: валера; варвара: варя; василий: вася; виктор: витя; виктория: вика;
владимир: вова володя; владислав: влад слава; вячеслав: слава; галина: галя; геннадий: гена;
георгий: гоша жора; григорий: гриша; дарья: даша; дмитрий: дима; евгений: женя; евгения: женя;
екатерина: катя; елена: лена; елизавета: лиза; иван: ваня; ирина: ира; кирилл: киря;
константин: костя; ксения: ксюша; лариса: лара; леонид: леня; любовь: люба; людмила: люда мила;
маргарита: рита; мария: маша; михаил: миша; надежда: надя; наталья: наташа; николай: коля;
ольга: оля; павел: паша; петр: петя; роман: рома; светлана: света; святослав: слава;
сергей: сережа; софья: соня; станислав: стас слава; степан: степа; татьяна: таня; тимофей: тима;
юлия: юля; юрий: юра; ярослав: слава
"""


def _pairs() -> dict[str, frozenset[str]]:
    forms: dict[str, set[str]] = {}
    for entry in _SHORT_FORMS.replace("\n", " ").split(";"):
        full, shorts = entry.split(":")
        group = {full.strip(), *shorts.split()}
        for name in group:
            forms.setdefault(name, set()).update(group - {name} if name == full.strip() else {full.strip()})
    return {name: frozenset(others) for name, others in forms.items()}


OTHER_FORMS = _pairs()


def other_forms(name: str) -> frozenset[str]:
    """The full name of a short form, or the short forms of a full name («стас» → {«станислав»})."""
    return OTHER_FORMS.get(name.lower().replace("ё", "е"), frozenset())
