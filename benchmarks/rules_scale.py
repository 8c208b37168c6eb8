"""Write a rule pack with K generated forbidden-phrase rules, to see how checking scales with rules.

    python benchmarks/rules_scale.py --rules 210 --seed 1 --out /tmp/scale.yaml

Phrases are built from a few hundred real Russian lemmas (adjective + noun agreeing in
gender, verb + object, single words, now and then the phrase syntax: alternatives, gaps,
exact forms), so they look like what QA leads write and go through the same
morphology as real rules.  About one rule in fifty also holds a phrase that the
generated corpus (generate.py) really contains, so some rules fire.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import pymorphy3
import yaml

NOUNS = """
абонент адрес акция аккаунт анкета аренда баланс банк бланк бонус вызов выписка гарантия график
дата доступ документ долг доставка задержка заказ замена звонок зона игра карта каталог квартира
кнопка код комиссия компания компьютер контракт кредит лимит линия логин магазин модем монтаж
неделя номер обмен обновление обслуживание объём оборудование окно опция отдел отказ отчёт оценка
офис ошибка пакет пароль период письмо плата платёж подарок подписка подключение пользователь
порт порядок предложение претензия приложение провод программа пульт работа район расчёт ремонт
сайт связь сервис сеть сигнал скидка скорость служба смена сообщение сотрудник спор справка срок
станция статус стоимость сумма счёт телевизор телефон тариф трафик уведомление удобство услуга
условие устройство учёт файл филиал функция цена центр экран этаж антенна батарея видео канал
кабель карточка клиент ключ месяц минута мощность накопитель настройка очередь подъезд посылка
приставка продажа сезон серия сервер список способ станок товар точка фильм частота
""".split()
ADJECTIVES = """
абонентский безлимитный быстрый бесплатный высокий годовой городской дешёвый домашний дорогой
единый запасной заводской международный квартальный короткий личный лишний месячный медленный
мобильный новый общий основной открытый платный плохой повторный подарочный полный последний
постоянный пробный простой прямой рабочий разовый резервный свободный семейный сервисный
сетевой скрытый сломанный спутниковый срочный старый стандартный текущий технический тёмный
удалённый цифровой частный честный широкий экстренный электронный
""".split()
VERBS = """
активировать блокировать вернуть выключить подключить отключить заменить изменить исправить
купить настроить обновить оплатить оформить перевести перезагрузить переоформить подтвердить
получить продлить проверить расторгнуть сбросить скачать списать сменить снять установить
удалить уточнить восстановить заблокировать зарегистрировать оставить отменить передать
перенести пополнить починить приостановить прислать разблокировать согласовать забрать
""".split()
# Phrases the generated corpus contains (see generate.py), so a few rules fire.
# Only phrases of a few sentences: «номер заявки» would fire in every other call and drown the rest.
IN_CORPUS = ["перезагрузить роутер", "плановые работы", "поиск платежа", "зона покрытия", "сигнал до роутера",
             "команда перезагрузки", "недостаток средств", "отделение банка", "качество работы", "ремонтные работы"]
SEVERITIES = (["warning"] * 6) + (["info"] * 3) + ["error"]

MORPH = pymorphy3.MorphAnalyzer(lang="ru")


def _noun(word: str):
    return next((p for p in MORPH.parse(word) if p.tag.POS == "NOUN"), MORPH.parse(word)[0])


def _inflect(parse, grammemes: set[str]) -> str:
    inflected = parse.inflect(grammemes)
    return inflected.word if inflected else parse.word


def object_noun(rng: random.Random) -> str:
    """A noun as a verb's object: «сменить тариф», «оплатить услугу»."""
    noun = _noun(rng.choice(NOUNS))
    return _inflect(noun, {"accs", "sing"})


def adjective_noun(rng: random.Random, case: str = "nomn") -> str:
    """«срочная заявка»: the adjective agrees with the noun in gender and case, as a person would write it."""
    noun = _noun(rng.choice(NOUNS))
    adjective = MORPH.parse(rng.choice(ADJECTIVES))[0]
    grammemes = {case, "sing", noun.tag.gender or "masc"}
    if case == "accs" and noun.tag.gender == "masc":
        grammemes.add(noun.tag.animacy or "inan")
    return f"{_inflect(adjective, grammemes)} {_inflect(noun, {case, 'sing'})}"


def phrase(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.02:
        return rng.choice(IN_CORPUS)
    if roll < 0.50:
        return adjective_noun(rng)
    if roll < 0.72:
        return f"{rng.choice(VERBS)} {object_noun(rng)}"
    if roll < 0.82:
        return f"{rng.choice(VERBS)} {adjective_noun(rng, 'accs')}"
    if roll < 0.88:  # alternatives, as rule writers use them for synonyms
        a, b = rng.sample(ADJECTIVES, 2)
        return f"({a}|{b}) {rng.choice(NOUNS)}"
    if roll < 0.94:  # a gap: the verb and its object a few words apart
        return f"{rng.choice(VERBS)} ...{rng.choice([3, 5])} {object_noun(rng)}"
    if roll < 0.97:
        return f"={rng.choice(NOUNS)} {rng.choice(NOUNS)}"
    return f"{adjective_noun(rng)} {_inflect(_noun(rng.choice(NOUNS)), {'gent', 'sing'})}"  # «новый тариф компании»


def pack(k: int, seed: int) -> dict:
    rng = random.Random(seed)
    seen: set[str] = set()
    rules = []
    for number in range(1, k + 1):
        phrases = []
        while len(phrases) < rng.choice([1, 1, 2, 2, 3]):
            candidate = phrase(rng)
            if candidate not in seen:  # the same phrase in two rules would only double the findings
                seen.add(candidate)
                phrases.append(candidate)
        rules.append({
            "id": f"gen-{number:04d}",
            "type": "forbidden",
            "severity": rng.choice(SEVERITIES),
            "message": f"Нежелательная формулировка «{phrases[0]}»: используйте формулировку из стандарта.",
            "phrases": phrases,
        })
    return {"pack": {"name": "scale", "language": "ru",
                     "description": f"{k} generated rules for the scale benchmark (seed {seed})"},
            "rules": rules}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rules", type=int, required=True, help="how many rules")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(yaml.safe_dump(pack(args.rules, args.seed), allow_unicode=True, sort_keys=False, width=120),
                   encoding="utf-8")


if __name__ == "__main__":
    main()
