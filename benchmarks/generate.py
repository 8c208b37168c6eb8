"""Seeded generator of realistic Russian contact-centre call transcripts.

    python benchmarks/generate.py --calls 20000 --seed 1 --format jsonl --out calls.jsonl
    python benchmarks/generate.py --calls 200 --seed 1 --format txt --out calls/

Calls are built from sentence templates whose slots are filled with words
inflected by pymorphy3 (case, number, the speaker's gender), so the checker
sees the same morphology it meets in real transcripts.  A small share of agent
utterances carries a forbidden phrase of the built-in pack, some calls lack the
greeting or the closing, clients say forbidden things too (which must not
count), and about a fifth of the calls look like raw speech recognition
(lowercase, no punctuation, fillers).

Template syntax: {a|b|} picks one alternative (an empty one makes the part
optional); <kind:arg:...> is a slot (see SLOTS).  The same --seed always gives
the same corpus.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from functools import lru_cache
from pathlib import Path

import pymorphy3

MORPH = pymorphy3.MorphAnalyzer(lang="ru")
COMPANY = "ТОМТЕЛ"
MSK = dt.timezone(dt.timedelta(hours=3))

# ----------------------------------------------------------------- morphology

CASES = {"nom": "nomn", "gen": "gent", "dat": "datv", "acc": "accs", "ins": "ablt", "loc": "loct"}


def _parse(word: str, pos: str):
    """The dictionary-form reading of `word` as `pos` (pymorphy's first guess is often another)."""
    parses = MORPH.parse(word)
    for p in parses:
        if p.tag.POS == pos and (pos == "INFN" or "nomn" in p.tag):
            return p
    return parses[0]


@lru_cache(maxsize=None)
def phrase_in(phrase: str, case: str, plural: bool = False) -> str:
    """«лицевой счёт» in a case/number: adjectives before the head noun agree, words after stay."""
    words = phrase.split()
    head = next(i for i, w in enumerate(words) if _parse(w, "NOUN").tag.POS == "NOUN")
    noun = _parse(words[head], "NOUN")
    number = "plur" if plural else "sing"
    out = []
    for i, word in enumerate(words):
        if i > head:
            out.append(word)
            continue
        p = noun if i == head else _parse(word, "ADJF")
        grammemes = {CASES[case], number}
        if i < head:
            if not plural:
                grammemes.add(noun.tag.gender)
            if case == "acc" and (plural or noun.tag.gender == "masc"):  # «ваш роутер», «вашего мастера»
                grammemes.add(noun.tag.animacy or "inan")
        form = p.inflect(grammemes)
        out.append(form.word if form else word)
    return " ".join(out)


VERB_FORMS = {
    "1s": {"1per", "sing"}, "1p": {"1per", "plur"}, "3s": {"3per", "sing"}, "3p": {"3per", "plur"},
    "imp": {"impr", "plur", "excl"}, "pastpl": {"past", "plur"},
}


@lru_cache(maxsize=None)
def verb(lemma: str, form: str, gender: str = "masc") -> str:
    """A verb form; `past` agrees with the speaker's gender (я проверила / я проверил)."""
    if form == "inf":
        return lemma
    grammemes = {"past", "sing", gender} if form == "past" else set(VERB_FORMS[form])
    if form in ("1s", "1p", "3s", "3p"):  # perfective verbs have a simple future, imperfective a present
        p = _parse(lemma, "INFN")
        grammemes.add("futr" if "perf" in p.tag else "pres")
    inflected = _parse(lemma, "INFN").inflect(grammemes)
    return inflected.word if inflected else lemma


@lru_cache(maxsize=None)
def rubles(n: int) -> str:
    return f"{n} {MORPH.parse('рубль')[0].make_agree_with_number(n).word}"


# Diminutives are outside pymorphy's dictionary and its guesses inflect them wrongly,
# so their forms are written out: nom, gen, dat, acc, ins, loc.
DIMINUTIVES = {
    "минуточка": "минуточка минуточки минуточке минуточку минуточкой минуточке",
    "секундочка": "секундочка секундочки секундочке секундочку секундочкой секундочке",
    "договорчик": "договорчик договорчика договорчику договорчик договорчиком договорчике",
    "заявочка": "заявочка заявочки заявочке заявочку заявочкой заявочке",
    "номерочек": "номерочек номерочка номерочку номерочек номерочком номерочке",
    "паспортик": "паспортик паспортика паспортику паспортик паспортиком паспортике",
    "тарифчик": "тарифчик тарифчика тарифчику тарифчик тарифчиком тарифчике",
    "ссылочка": "ссылочка ссылочки ссылочке ссылочку ссылочкой ссылочке",
    "квиточек": "квиточек квиточка квиточку квиточек квиточком квиточке",
    "звоночек": "звоночек звоночка звоночку звоночек звоночком звоночке",
}

# --------------------------------------------------------------- vocabulary

# Noun categories: (nouns, adjectives that go with them).
NOUNS = {
    "doc": (["договор", "заявка", "лицевой счёт", "квитанция", "обращение", "счёт"], ["ваш", "этот", "последний"]),
    "dev": (["роутер", "приставка", "модем", "кабель", "пульт", "телевизор"], ["ваш", "новый", "старый", "этот"]),
    "box": (["роутер", "приставка", "модем"], ["ваш", "новый", "старый", "домашний"]),
    "svc": (["тариф", "услуга", "подписка", "опция", "пакет каналов", "абонентская плата"], ["ваш", "новый", "текущий", "этот"]),
    "visit": (["мастер", "специалист", "инженер", "монтажник"], ["наш", "выездной"]),
}
AGENTS = [("Анна", "femn"), ("Анастасия", "femn"), ("Ольга", "femn"), ("Екатерина", "femn"), ("Мария", "femn"),
          ("Татьяна", "femn"), ("Юлия", "femn"), ("Светлана", "femn"), ("Дарья", "femn"), ("Ирина", "femn"),
          ("Игорь", "masc"), ("Дмитрий", "masc"), ("Алексей", "masc"), ("Сергей", "masc"), ("Максим", "masc"),
          ("Артём", "masc")]
CLIENT_FIRST = [("Марина", "femn"), ("Елена", "femn"), ("Наталья", "femn"), ("Галина", "femn"), ("Людмила", "femn"),
                ("Вера", "femn"), ("Валерий", "masc"), ("Андрей", "masc"), ("Николай", "masc"), ("Павел", "masc"),
                ("Виктор", "masc"), ("Олег", "masc"), ("Михаил", "masc"), ("Геннадий", "masc")]
PATRONYMIC = {"femn": ["Альбертовна", "Петровна", "Ивановна", "Сергеевна", "Викторовна", "Олеговна", "Юрьевна"],
              "masc": ["Петрович", "Иванович", "Сергеевич", "Викторович", "Андреевич", "Юрьевич", "Николаевич"]}
NAMES = {name for name, _ in AGENTS + CLIENT_FIRST}
TARIFFS = ["Домашний", "Базовый", "Максимум", "Семейный", "Онлайн", "Всё включено", "Турбо", "Эконом"]
SERVICES = ["Антивирус", "Мобильное ТВ", "Статический IP", "Кинозал", "Родительский контроль", "Облачное хранилище"]
PACKAGES = ["Спорт", "Детский", "Кино", "Познавательный", "Премиум"]
STREETS = ["Ленина", "Гагарина", "Советская", "Мира", "Пушкина", "Садовая", "Лесная", "Молодёжная", "Кирова"]
MONTHS_GEN = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()
# Calls per hour of the day (Moscow time): a 24-hour line with day and evening peaks.
HOUR_WEIGHTS = [1, 1, 1, 1, 1, 1, 2, 5, 9, 12, 14, 14, 13, 12, 12, 12, 13, 14, 14, 12, 9, 6, 3, 2]

# --------------------------------------------------------------- templates


def compile_template(text: str):
    """Parse a template once into nested parts: str | ("alt", [parts...]) | ("slot", name, args)."""

    def seq(i: int, stop: str):
        parts, buf = [], []
        while i < len(text) and text[i] not in stop:
            ch = text[i]
            if ch == "{":
                if buf:
                    parts.append("".join(buf)); buf = []
                alts, i = [], i + 1
                while True:
                    alt, i = seq(i, "|}")
                    alts.append(alt)
                    i += 1
                    if text[i - 1] == "}":
                        break
                parts.append(("alt", alts))
            elif ch == "<":
                if buf:
                    parts.append("".join(buf)); buf = []
                end = text.index(">", i)
                name, *args = text[i + 1:end].split(":")
                parts.append(("slot", name, tuple(args)))
                i = end + 1
            else:
                buf.append(ch)
                i += 1
        if buf:
            parts.append("".join(buf))
        return parts, i

    return seq(0, "")[0]


def T(*texts: str) -> list:
    return [compile_template(t) for t in texts]


class Ctx:
    """What slots need to know while one call is written."""

    def __init__(self, rng: random.Random, agent, client, hour: int, date: dt.date):
        self.rng, self.agent, self.client, self.hour, self.date = rng, agent, client, hour, date
        self.gender = agent[1]  # the gender of whoever is speaking now (for past tenses)
        self.used: set[int] = set()

    def pick(self, templates: list):
        """A template not yet used in this call, while there is one: people rarely repeat a sentence."""
        fresh = [t for t in templates if id(t) not in self.used]
        template = self.rng.choice(fresh or templates)
        self.used.add(id(template))
        return template


def _date(ctx: Ctx, *args) -> str:
    d = ctx.date + dt.timedelta(days=ctx.rng.randint(-20, 14))
    return f"{d.day} {MONTHS_GEN[d.month - 1]}"


def _np(ctx: Ctx, cat: str, case: str, plural: str = "") -> str:
    nouns, adjs = NOUNS[cat]
    noun = ctx.rng.choice(nouns)
    if ctx.rng.random() < 0.6 and len(noun.split()) == 1:
        noun = f"{ctx.rng.choice(adjs)} {noun}"
    return phrase_in(noun, case, bool(plural))


def _n(ctx: Ctx, key: str, case: str, plural: str = "") -> str:
    return phrase_in(ctx.rng.choice(NOUNS[key][0]) if key in NOUNS else key, case, bool(plural))


def _client(ctx: Ctx, *args) -> str:
    return ctx.client[0] if ctx.client else ""


def _tod(ctx: Ctx, case: str = "") -> str:
    """The greeting for the hour; one in ten agents gets it wrong."""
    options = ["Доброе утро", "Добрый день", "Добрый вечер"]
    right = 0 if ctx.hour < 12 else 1 if ctx.hour < 16 else 2
    greeting = ctx.rng.choice(options) if ctx.rng.random() < 0.1 else options[right]
    return greeting.lower() if case == "lower" else greeting


SLOTS = {
    "n": _n,                                              # <n:cat-or-lemma:case[:pl]>
    "np": _np,                                            # <np:cat:case> with an adjective now and then
    "v": lambda c, lemma, form: verb(lemma, form, c.gender),  # <v:lemma:1s|1p|3s|3p|imp|past|pastpl|inf>
    "d": lambda c, lemma, case: DIMINUTIVES[lemma].split()[list(CASES).index(case)],
    "agent": lambda c: c.agent[0],
    "client": _client,
    "company": lambda c: COMPANY,
    "tod": _tod,
    "date": _date,
    "time": lambda c: f"{c.rng.randint(9, 21)}:{c.rng.choice(['00', '30'])}",
    "sum": lambda c: rubles(c.rng.choice([150, 199, 250, 300, 349, 450, 500, 650, 790, 1200, 1500, 2300])),
    "num": lambda c: str(c.rng.randint(1_000_000, 9_999_999)),
    "speed": lambda c: str(c.rng.choice([100, 200, 300, 500, 1000])),
    "tariff": lambda c: c.rng.choice(TARIFFS),
    "service": lambda c: c.rng.choice(SERVICES),
    "package": lambda c: c.rng.choice(PACKAGES),
    "addr": lambda c: f"улица {c.rng.choice(STREETS)}, дом {c.rng.randint(1, 120)}, квартира {c.rng.randint(1, 300)}",
    "hours": lambda c: "с {0} до {1}".format(*sorted(c.rng.sample([9, 10, 12, 14, 16, 18, 20], 2))),
}


def render(parts, ctx: Ctx) -> str:
    out = []
    for part in parts:
        if type(part) is str:
            out.append(part)
        elif part[0] == "alt":
            out.append(render(ctx.rng.choice(part[1]), ctx))
        else:
            out.append(SLOTS[part[1]](ctx, *part[2]))
    return "".join(out)


# ------------------------------------------------------------------- speech
# Agent lines are written to be clean: forbidden phrases only come from VIOLATIONS.

GREET_IN = T(
    "<tod>, компания <company>, меня зовут <agent>. {Чем могу помочь?|Чем могу Вам помочь?|Слушаю Вас внимательно.}",
    "<tod>! Компания <company>, {оператор|специалист} <agent>, чем могу {помочь|Вам помочь}?",
    "Компания <company>, <tod:lower>! Меня зовут <agent>, {какой у Вас вопрос|чем могу Вам помочь}?",
)
GREET_OUT = T(
    "<tod>, <client>! Меня зовут <agent>, {я звоню из компании|компания} <company>. "
    "{Вам удобно сейчас говорить?|Вы можете уделить мне пару минут?|Удобно ли Вам сейчас разговаривать?}",
)
GREET_OUT_NO_ASK = T("<tod>, <client>! Меня зовут <agent>, компания <company>.")  # outbound-ask-time must fire
GREET_MISSING = T(  # no greeting: greeting-missing must fire
    "Компания <company>, <agent>, слушаю.",
    "<company>, меня зовут <agent>. Что у Вас случилось?",
    "Да, компания <company>, оператор <agent>, {говорите|я слушаю}.",
)
ASK_ID = T(
    "{<client>, |}{назовите|продиктуйте|подскажите}, пожалуйста, {номер договора|номер лицевого счёта|адрес подключения}"
    "{ или фамилию владельца договора|}{, чтобы я <v:мочь:past> найти Вашу карточку|, я проверю информацию|}.",
    "Давайте {проверим|посмотрим}, что {произошло|случилось}. {Продиктуйте|Назовите}, пожалуйста, номер договора{ или адрес|}.",
)
EMPATHY = T(
    "Я понимаю Ваши чувства{, <client>|}, {сейчас мы во всём разберёмся|я сделаю всё, чтобы помочь|приношу извинения за доставленные неудобства}.",
    "{Мне очень жаль|Сожалею}, что так {получилось|вышло}{, <client>|}, давайте я {проверю|посмотрю}, в чём причина.",
)
HOLD = T(
    "{Спасибо. |Благодарю. |}{Одну минуту|Подождите, пожалуйста, одну минуту|Будьте любезны, оставайтесь на линии}, "
    "я {проверю|уточню} информацию по <np:doc:dat>.",
    "{Спасибо, |}{одну минуту|одну секунду}, сейчас я {посмотрю|проверю} <np:doc:acc> в {нашей |}базе.",
)
RETURN = T("{Спасибо за ожидание|Благодарю за ожидание|<client>, спасибо за ожидание}. ")
AGENT_ASK = T(
    "Уточните, пожалуйста, номер телефона для связи, на него {придёт СМС с подтверждением|позвонит <n:visit:nom>}.",
    "Вам удобно, если <n:visit:nom> приедет <date> {с 10 до 14|с 14 до 18|во второй половине дня}? Он позвонит заранее.",
    "Подскажите, пожалуйста, на какой адрес электронной почты Вам удобнее получать {счета|уведомления} и новости компании?",
)
# For calls about something that broke.
PROBLEM_ASK = T(
    "Я правильно понимаю, что {всё перестало работать|связь пропала|сбой начался} {сегодня утром|вчера вечером|после оплаты}?",
    "Скажите, пожалуйста, {это происходит|так бывает} {каждый день|только по вечерам|на всех устройствах} или {только сейчас|на одном телевизоре}?",
)
AGENT_FILL = T(
    "Да, конечно, {сейчас всё сделаю|это можно сделать прямо сейчас|я Вам помогу}.",
    "Хорошо, я {<v:записать:past>|всё <v:зафиксировать:past>|всё <v:отметить:past>} в <np:doc:loc>, {информация сохранена|мастер увидит комментарий}.",
    "Заявка оформлена, её номер <num>. {Вам придёт СМС с номером заявки и сроками|Подробности придут Вам в СМС}.",
    "Я {отправлю|направлю} Вам {на почту|в СМС} {инструкцию|ссылку на личный кабинет}, там всё подробно описано.",
    "Все изменения по <np:svc:dat> Вы {также |}сможете увидеть в личном кабинете на нашем сайте.",
)
ANYTHING_ELSE = T(
    "{Могу ли я ещё чем-то Вам помочь|Чем ещё я могу Вам помочь}? {Может быть, есть вопросы по тарифу или оплате?|}",
    "Остались ли у Вас ещё вопросы{, <client>|}? {Я могу рассказать о текущих акциях для абонентов.|}",
)
CLOSE = T(
    "Спасибо, что {позвонили|обратились} в компанию <company>{, <client>|}. {Всего доброго!|Хорошего дня!|Хорошего вечера!|До свидания!}",
    "Спасибо за обращение{, <client>|}! {Всего доброго|Хорошего Вам дня|Всего хорошего}.",
    "{Благодарю за звонок|Спасибо за звонок}{, <client>|}. {Всего доброго!|До свидания!}",
)
CLOSE_MISSING = T("Хорошо, {до связи|пока}.", "Ладно, {договорились|тогда всё}.", "Так, {всё|ну всё}, {заявка оформлена|ждите}.")

CLIENT_ID = T(
    "Номер договора <num>{, он оформлен на {меня|мужа|жену|маму}|}. {Если нужно, могу продиктовать ещё раз.|}",
    "{Договор у меня на руках, сейчас|Сейчас найду, подождите. Вот,} номер <num>{, а телефон тот же, с которого я звоню|}.",
    "Адрес {у нас |}<addr>{, договор на {меня|мужа|маму}|}, {номер договора я не помню|договор куда-то потерялся}.",
)
# A second sentence that often follows the agent's main one.
AGENT_EXTRA = T(
    "Если {вопрос не решится|что-то пойдёт не так}, {звоните нам|позвоните нам} в любое время, мы работаем круглосуточно.",
    "Информация по <np:doc:dat> {уже обновилась|обновится в течение часа}, её видно в личном кабинете.",
    "{Со своей стороны|Для надёжности} я {также |}<v:оставить:past> комментарий для <n:visit:gen>{, чтобы он всё проверил на месте|}.",
    "Номер заявки я продублирую Вам в СМС, {чтобы он был под рукой|его можно назвать при следующем звонке}.",
)
AGENT_MORE = AGENT_EXTRA + AGENT_FILL
# What clients add to their main sentence: context, history, constraints.
PROBLEM_DETAIL = T(
    "Я {вчера|на прошлой неделе} уже <v:звонить:past> по этому вопросу, и мне <v:обещать:pastpl>, что всё {исправят|починят} за день.",
    "У меня дома {дети учатся онлайн|муж работает удалённо|пожилая мама смотрит телевизор}, так что {без интернета|без связи} очень тяжело.",
    "{Роутер|Приставку} мы <v:покупать:pastpl> у вас {два года назад|в прошлом году}, {раньше всё работало нормально|до этого проблем не было}.",
)
CLIENT_DETAIL = T(
    "Договор {оформлен на мужа|на маму}, но {плачу всегда я|всеми вопросами занимаюсь я}, надеюсь, это не важно.",
    "Я <v:смотреть:past> в личном кабинете, там {ничего не понятно|написано, что всё оплачено}.",
    "Мне {удобно|лучше} после <time>, {днём я на работе|утром никого не будет дома}.",
    "Я {вашим клиентом|с вами} уже {лет пять|много лет}, {и раньше вопросов не возникало|хотелось бы какую-то скидку}.",
)
CLIENT_ACK = T(
    "{Да, |Ага, |}{хорошо|понятно|конечно|договорились}{, спасибо|}{, а {долго это|это долго}?|, буду ждать.|, я всё записываю.}",
    "{Хорошо, |Да, |}{а когда примерно {ждать|это будет}|а как я узнаю, что всё готово|а можно это сделать быстрее}?",
    "Понятно. {А что мне делать, если опять {не будет работать|что-то случится}?|А мне кто-нибудь позвонит?}",
)
CLIENT_CLOSE = T(
    "Нет, спасибо, {больше вопросов нет|всё понятно|Вы мне очень помогли}. {Буду ждать {мастера|СМС}. |}{До свидания.|Всего доброго.|}",
    "{Нет|Вроде нет}, {всё|это всё}, спасибо{ за помощь|}. {Если что, я ещё позвоню.|}",
)
COMPLAINT = T(  # empathy-on-complaint triggers
    "Это просто {безобразие|издевательство}, я {уже третий раз звоню|звоню уже третий день}, а {ничего не меняется|никто ничего не делает}! ",
    "Сколько можно, {опять не работает|снова ничего не работает}! ",
)

# Per topic: the client's reason to call, the agent's answers, the client's follow-ups.
PROBLEM_TOPICS = {"internet", "billing", "tv", "payment"}
TOPICS = {
    "internet": (
        T("{Здравствуйте|Добрый день|Да, здравствуйте}. У меня {с утра|второй день|со вчерашнего вечера} не работает интернет"
          "{, на роутере горит красная лампочка|, хотя я всё <v:оплатить:past> вовремя|, а мне нужно работать из дома|}.",
          "{Здравствуйте|Добрый день}, у меня очень медленный интернет, {страницы не открываются|видео постоянно зависает}"
          " {по вечерам|уже неделю|с понедельника}."),
        T("Я вижу, что на Вашем адресе {сейчас|с утра} {проводятся плановые работы|ведутся ремонтные работы на линии}, "
          "{связь восстановится|всё заработает} сегодня к <time>.",
          "Попробуйте, пожалуйста, {перезагрузить|выключить и снова включить} роутер: отключите его от сети на десять секунд "
          "и подождите, пока загорятся все индикаторы.",
          "По Вашему договору {ограничений нет|всё в порядке}, {баланс положительный|оплата поступила <date>}, "
          "сигнал до <n:роутер:gen> доходит {нормально|без потерь}.",
          "Я оформлю заявку на выезд <n:visit:gen>, он позвонит Вам {заранее|за час до приезда} и согласует удобное время.",
          "Подскажите, пожалуйста, какие индикаторы сейчас горят на <np:box:loc> и {каким цветом|мигают ли они}?",
          "Скажите, пожалуйста, Вы {пробовали|успели} {перезагрузить|выключить и включить} <np:box:acc>?"),
        T("{А сколько это ещё продлится?|А перерасчёт за эти дни мне сделают?|А мастер когда приедет?}",
          "{Горит|Мигает} {только одна лампочка|красная лампочка|лампочка с надписью «Интернет»}, остальные не горят.",
          "Роутер я уже <v:перезагружать:past>, {не помогло|лампочка всё равно красная}."),
    ),
    "billing": (
        T("Добрый день. Мне пришёл счёт на <sum>, а обычно я плачу {меньше|около <sum>}. "
          "{Объясните, пожалуйста, за что|Почему} {списали деньги|такая сумма}?",
          "Здравствуйте, у меня с лицевого счёта списали <sum>, а я {никаких услуг не <v:подключать:past>|ничего не <v:заказывать:past>}."),
        T("Я вижу, что <date> была подключена {услуга|опция|подписка} «<service>», её стоимость <sum> в месяц.",
          "Списание <sum> — это абонентская плата по Вашему тарифу «<tariff>» за {текущий|прошлый} месяц.",
          "Я оформлю перерасчёт, деньги вернутся на Ваш лицевой счёт до <date>.",
          "Я отключу <np:svc:acc> {прямо сейчас|сегодня}, больше списаний по ней не будет."),
        T("{А как отключить эту {услугу|подписку}?|А можно вернуть деньги на карту?}",
          "Я эту {услугу|подписку} не <v:подключать:past>, {наверное, это ошибка|может, ребёнок нажал на пульте}."),
    ),
    "tariff": (
        T("Я хочу {сменить тариф|перейти на другой тариф}, {сейчас плачу слишком много|мне нужна скорость побольше|"
          "телевидение мне не нужно}. Какие есть варианты?",),
        T("Могу предложить тариф «<tariff>»: скорость до <speed> мегабит в секунду{ и сто двадцать каналов|}, "
          "абонентская плата <sum> в месяц.",
          "Новый тариф начнёт действовать с первого числа следующего месяца, абонентская плата спишется <date>.",
          "Для постоянных клиентов действует скидка десять процентов на <n:тариф:acc> «<tariff>» на полгода."),
        T("{А роутер менять не нужно?|А скидка для постоянных клиентов есть?}",
          "Хорошо, давайте {подключим этот тариф|перейдём на него} с {первого числа|начала месяца}."),
    ),
    "tv": (
        T("У меня на приставке {пропали все каналы|не показывают спортивные каналы|пишет «нет сигнала»} {с утра|со вчерашнего дня}.",),
        T("Проверьте, пожалуйста, что кабель от <n:приставка:gen> надёжно подключён к телевизору, и нажмите на пульте кнопку «Меню».",
          "Я отправлю на Вашу приставку команду перезагрузки, через пару минут каналы должны появиться.",
          "Я вижу, что пакет «<package>» у Вас {отключён|приостановлен} <date> из-за недостатка средств на лицевом счёте."),
        T("{А какую кнопку нажимать?|Всё, каналы появились, спасибо.}",
          "А почему меня никто не <v:предупреждать:pastpl>, что {пакет|канал} отключат?"),
    ),
    "move": (
        T("Я {переезжаю|скоро переезжаю} на новую квартиру, хочу перенести {договор|интернет} на новый адрес.",),
        T("Для переноса договора мне нужен новый адрес: улица, дом и номер квартиры.",
          "Ваш новый адрес входит в зону покрытия, подключение {бесплатное|стоит <sum>}, монтажник приедет <date> <hours>."),
        T("Новый адрес: <addr>.", "А старый роутер можно забрать с собой{ или нужно покупать новый|}?"),
    ),
    "payment": (
        T("Я <v:оплатить:past> <sum> <date> {через приложение банка|в отделении банка|картой на сайте}, "
          "а деньги на лицевой счёт так и не поступили.",),
        T("Платежи из банка зачисляются в течение трёх рабочих дней, Ваш платёж {пока не поступил|поступил сегодня утром}.",
          "Пришлите, пожалуйста, квитанцию об оплате на нашу почту, я оформлю заявку на поиск платежа."),
        T("{А интернет за это время не отключат?|Куда именно отправить квитанцию?}",),
    ),
    "connect": (
        T("Здравствуйте, хочу подключить {интернет|интернет и телевидение} {в квартиру|на даче|в офис}. "
          "{Ваш дом подключён?|Можно узнать условия?}",),
        T("{<client>, по|По} Вашему адресу подключение возможно, {монтаж бесплатный|стоимость монтажа <sum>}, "
          "роутер можно взять в аренду за <sum> в месяц.",
          "Могу записать Вас на подключение: <n:visit:nom> приедет <date> <hours>."),
        T("{А сколько стоит самый простой тариф?|Когда может прийти мастер?}",),
    ),
}
# Per topic: the agent's reason to call, the client's first reply, the client's follow-ups, the agent's answers.
OUTBOUND = {
    "offer": (
        T("Я звоню, чтобы рассказать о новом тарифе «<tariff>»: скорость до <speed> мегабит в секунду за <sum> в месяц.",),
        T("{Да, удобно, говорите.|Ну, пару минут есть.|Да, слушаю Вас.}",),
        T("{Спасибо, мне пока не нужно.|А чем он лучше моего?|А какая у меня сейчас скорость?}",),
        T("Сейчас у Вас тариф «<tariff>», на новом скорость будет выше, а {абонентская плата|цена} {та же|меньше на <sum>}.",
          "Перейти можно {прямо сейчас|с первого числа}, роутер менять не {нужно|придётся}, всё настроится автоматически."),
    ),
    "debt": (
        T("Напоминаю, что на Вашем лицевом счёте задолженность <sum>, её можно оплатить до <date> в личном кабинете.",),
        T("{Да, удобно.|Да, а что случилось?}",),
        T("{Я же <v:оплатить:past> на прошлой неделе.|Хорошо, сегодня оплачу.}",),
        T("Оплатить можно картой в личном кабинете, в приложении или в любом отделении банка по номеру договора.",
          "Если платёж уже прошёл, он зачислится в течение трёх рабочих дней, {тогда просто не обращайте внимания на СМС|"
          "задолженность спишется автоматически}."),
    ),
    "survey": (
        T("<date> у Вас был наш мастер, скажите, пожалуйста, всё ли работает и довольны ли Вы качеством работы?",),
        T("{Да, удобно.|Да, только недолго.}",),
        T("{Да, всё работает, спасибо.|Работает, но мастер опоздал на час.}",),
        T("Оцените, пожалуйста, работу мастера по шкале от одного до пяти, это поможет нам стать лучше.",
          "Приношу извинения за опоздание, я {передам|обязательно передам} Ваш отзыв руководителю {сервисной службы|монтажников}."),
    ),
}

# Forbidden phrases of the built-in pack in inflected forms. A trailing "," marks a prefix.
VIOLATIONS = T(
    "Подождите <d:минуточка:acc>.", "Одну <d:секундочка:acc>, я посмотрю.", "Продиктуйте {номер|номерок} <d:договорчик:gen>.",
    "Я отправлю Вам <d:ссылочка:acc> на оплату.", "По Вашей <d:заявочка:dat> всё готово.", "Назовите <d:номерочек:acc> телефона.",
    "Вы {ошибаетесь|ошиблись|что-то путаете|меня неправильно поняли|не поняли}, {платёж не поступал|заявки не было}.",
    "Короче,", "Ну короче,", "Алло,", "Ок,", "Блин,", "Ща посмотрю.", "{Мужчина|Девушка|Женщина}, подождите.",
    "Не {волнуйтесь|беспокойтесь|переживайте},", "Успокойтесь, пожалуйста.",
    "Это не {моя ошибка|наша вина|моя проблема}.", "Я этим не занимаюсь.",
    "Я не знаю, когда <n:visit:nom> {приедет|позвонит}.", "{Понятия не имею|Не знаю}.",
    "<n:visit:nom> приедет {недели через две|где-то через неделю|дня через три}.",
    "Вам {следовало|надо было} {позвонить|сообщить нам} раньше.", "Почему Вы не оплатили вовремя?",
    "Вы должны <v:оплатить:inf> <n:счёт:acc> до <date>.", "Вам нужно {перезагрузить|выключить} <np:dev:acc>.",
    "Таковы правила.", "У Вас какая-то проблема с <np:dev:ins>?", "Да, но {мастер свободен только завтра|это не к нам}.",
    "Алло, вы меня слышите?", "Я Вам уже <v:говорить:past>, {мастер придёт завтра|нужен паспорт}.",
    "Не вешайте трубку.", "По какому вопросу?", "Вам не кажется, что проще сменить тариф?", "Это опять вы?",
    "Единственное, что можно сделать, — оформить новую заявку.", "Будете ждать или Вам перезвонить?",
)
# Clients talk like this all the time; the agent-only rules must not count it.
CLIENT_FORBIDDEN = T(
    "Алло, вы меня слышите?", "Короче,", "Блин,", "Девушка,", "Вы ошибаетесь, я всё <v:оплатить:past> вовремя.",
    "Не знаю.", "Это не моя проблема, что у вас авария.", "Подождите минуточку, найду договор.", "Ну типа того.",
)
FILLERS = ["ну", "э", "ага", "вот", "так", "э-э"]

# --------------------------------------------------------------- one call

_SPACE_BEFORE = re.compile(r"\s+([,.!?])")
_SENTENCE_START = re.compile(r"^\w|(?<=[.!?] )\w")
_ASR_DROP = re.compile(r"[^\w\s-]|(?<!\w)-|-(?!\w)")


def tidy(text: str) -> str:
    """Close gaps left by empty slots (an unknown client name) and capitalise."""
    text = _SPACE_BEFORE.sub(r"\1", re.sub(r"\s{2,}", " ", text)).strip()
    text = text.lstrip(", ").replace(", ,", ",")
    return _SENTENCE_START.sub(lambda m: m.group(0).upper(), text)


def asr(text: str, rng: random.Random) -> str:
    """Speech-recognition style: lowercase, no punctuation, ё as е, fillers."""
    words = _ASR_DROP.sub(" ", text.lower().replace("ё", "е")).split()
    if rng.random() < 0.35:
        words.insert(0, rng.choice(FILLERS))
    if rng.random() < 0.15 and len(words) > 4:
        words.insert(rng.randrange(2, len(words)), rng.choice(["э", "ну", "вот"]))
    return " ".join(words)


def call(index: int, rng: random.Random) -> dict:
    day = dt.date(2026, 3, 2) + dt.timedelta(days=rng.randrange(90))
    hour = rng.choices(range(24), HOUR_WEIGHTS)[0]
    started = dt.datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60), tzinfo=MSK)
    outbound = rng.random() < 0.25
    agent = rng.choice(AGENTS)
    first, cgender = rng.choice(CLIENT_FIRST)
    client = (f"{first} {rng.choice(PATRONYMIC[cgender])}", cgender) if outbound or rng.random() < 0.7 else None
    ctx = Ctx(rng, agent, client, hour, day)
    # Most agents are careful; some slip now and then, a few often (mean ≈ 6.6 % of utterances).
    slip = rng.choices([0.03, 0.12, 0.3], [70, 25, 5])[0]

    # (role, templates). Roles: agent/client say one line; agent+/client+ (the middle of the
    # call) often add a second sentence; hold is followed by a long gap, return thanks for it.
    script: list[tuple[str, list]] = []
    if outbound:
        topic = OUTBOUND[rng.choice(list(OUTBOUND))]
        greet = GREET_OUT_NO_ASK if rng.random() < 0.08 else GREET_OUT
        script += [("agent", greet), ("client", topic[1]), ("agent", topic[0]), ("client", topic[2])]
        agent_lines, client_lines, details = topic[3] + AGENT_FILL, topic[2] + CLIENT_ACK, CLIENT_DETAIL
    else:
        name = rng.choice(list(TOPICS))
        opening, agent_lines, client_lines = TOPICS[name]
        greet = GREET_MISSING if rng.random() < 0.05 else GREET_IN
        script += [("agent", greet), ("client+", opening), ("agent", ASK_ID), ("client", CLIENT_ID)]
        agent_lines, client_lines = agent_lines + AGENT_FILL + AGENT_ASK, client_lines + CLIENT_ACK
        details = CLIENT_DETAIL
        if name in PROBLEM_TOPICS:
            agent_lines, details = agent_lines + PROBLEM_ASK, details + PROBLEM_DETAIL
    length = rng.randint(8, 30)
    hold_at = len(script) if length >= 12 and rng.random() < 0.7 else -1
    while True:  # middle turns until the closing three no longer fit
        if len(script) == hold_at:  # the agent looks something up, then comes back
            step = [("hold", HOLD), ("return", agent_lines), ("client+", client_lines)]
        else:
            step = [("agent+", agent_lines), ("client+", client_lines)]
        if len(script) + len(step) + 3 > length and len(script) > 4:
            break
        script += step
    script += [("agent", ANYTHING_ELSE), ("client", CLIENT_CLOSE),
               ("agent", CLOSE_MISSING if rng.random() < 0.07 else CLOSE)]

    style_asr = rng.random() < 0.2
    utterances, t = [], rng.uniform(0.3, 2.5)
    complaint = rng.random() < 0.15
    for turn, (role, templates) in enumerate(script):
        speaker = "client" if role.startswith("client") else "agent"
        ctx.gender = agent[1] if speaker == "agent" else (client or (None, cgender))[1]
        text = render(ctx.pick(templates), ctx)
        if role in ("agent+", "return") and rng.random() < 0.8:
            text += " " + render(ctx.pick(AGENT_MORE), ctx)
        elif role == "client+" and rng.random() < 0.75:
            detail = render(ctx.pick(details), ctx)
            text = f"{text} {detail}" if rng.random() < 0.6 else f"{detail} {text}"
        if role == "return":
            text = render(rng.choice(RETURN), ctx) + text
        if speaker == "client" and turn == 1 and complaint:
            text = render(rng.choice(COMPLAINT), ctx) + text
        if speaker == "agent" and turn == 2 and complaint and rng.random() < 0.8:
            text = render(rng.choice(EMPATHY), ctx) + " " + text
        if rng.random() < (slip if speaker == "agent" else 0.06):
            extra = render(rng.choice(VIOLATIONS if speaker == "agent" else CLIENT_FORBIDDEN), ctx)
            if extra.endswith(","):  # «Короче, вы …»; a name keeps its capital
                first_word = text.split(" ", 1)[0].strip(",.!?")
                text = f"{extra} {text if first_word in NAMES else text[:1].lower() + text[1:]}"
            elif rng.random() < 0.5:
                text = f"{extra} {text}"
            else:
                text = f"{text} {extra}"
        text = tidy(text)
        if style_asr:
            text = asr(text, rng)
        duration = len(text.split()) / rng.uniform(2.2, 3.2) + 0.4  # people speak 2-3 words a second
        utterances.append({"speaker": speaker, "start": round(t, 1), "end": round(t + duration, 1), "text": text})
        gap = rng.uniform(0.2, 1.5)
        roll = rng.random()
        if role == "hold":
            gap = rng.uniform(20, 110)  # the agent looks something up
        elif roll < 0.03:
            gap = -rng.uniform(0.3, min(2.5, duration - 0.2))  # someone starts before the other has finished
        elif roll < 0.04:
            gap = rng.uniform(11, 25)  # an unannounced silence
        t += duration + gap

    record = {"call_id": f"{day.isoformat()}-{index:06d}", "started_at": started.isoformat(),
              "direction": "outbound" if outbound else "inbound", "agent": agent[0]}
    if client:
        record["client"] = client[0]
    record.update(company=COMPANY, rings=rng.choices([1, 2, 3, 4, 5], [35, 30, 20, 10, 5])[0],
                  utterances=utterances)
    if style_asr:
        record["source"] = "speech recognition"
    return record


def calls(n: int, seed: int):
    rng = random.Random(seed)
    for index in range(1, n + 1):
        yield call(index, rng)


# --------------------------------------------------------------- output

def to_text(record: dict, rng: random.Random) -> str:
    """formats.md §1: `# key: value` headers, `[hh:mm:ss.s] Label: text`, long lines wrapped."""
    asr_style = "source" in record
    labels = rng.choice([("Оператор", "Клиент")] * 6 + [("Специалист", "Абонент"), ("Менеджер", "Клиент")])
    if asr_style:
        labels = tuple(label.lower() for label in labels)
    lines = [f"# {k}: {v}" for k, v in record.items() if k != "utterances"]
    for u in record["utterances"]:
        h, rest = divmod(u["start"], 3600)
        m, s = divmod(rest, 60)
        head = f"[{int(h):02d}:{int(m):02d}:{s:04.1f}] {labels[u['speaker'] == 'client']}: "
        lines.append(head + (u["text"] if asr_style else _wrap(u["text"], 100 - len(head))))
    return "\n".join(lines) + "\n"


def _wrap(text: str, width: int) -> str:
    """Long utterances continue on indented lines, as in the examples."""
    out, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line, width = word, 96
        else:
            line = f"{line} {word}" if line else word
    return "\n   ".join(out + [line])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--format", choices=["jsonl", "txt"], default="jsonl")
    parser.add_argument("--out", required=True, help="a .jsonl file, or a folder for txt")
    args = parser.parse_args(argv)
    out = Path(args.out)
    if args.format == "jsonl":
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as f:
            for record in calls(args.calls, args.seed):
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        out.mkdir(parents=True, exist_ok=True)
        layout = random.Random(args.seed + 1)  # labels and wrapping: kept apart from the speech stream
        for record in calls(args.calls, args.seed):
            (out / f"{record['call_id']}.txt").write_text(to_text(record, layout), encoding="utf-8")
    print(f"{args.calls} calls → {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
