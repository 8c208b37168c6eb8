"""Diminutives outside any list: which words `diminutives.base` calls a
diminutive and of what, which look-alikes it leaves alone, and `fix: <base>`
through the real CLI."""

from __future__ import annotations

import pytest

from conftest import write
from phrasecheck import diminutives, morphology
from phrasecheck.fixes import BASE_NOUN, replacement

# Real diminutives of service speech, each with the noun it is made from.
DIMINUTIVES = {
    # -очк-, -ечк-, -ичк- (feminine and neuter)
    "скидочка": "скидка", "скидочку": "скидка", "скидочкой": "скидка", "посылочка": "посылка",
    "посылочки": "посылка", "минуточку": "минута", "секундочку": "секунда", "трубочку": "трубка",
    "трубочке": "трубка", "заявочка": "заявка", "заявочку": "заявка", "заявочке": "заявка",
    "заявочек": "заявка", "справочка": "справка", "справочку": "справка", "кнопочку": "кнопка",
    "ссылочку": "ссылка", "подписочку": "подписка", "приставочку": "приставка",
    "суммочку": "сумма", "коробочку": "коробка", "сумочку": "сумка", "ошибочка": "ошибка",
    "упаковочку": "упаковка", "открыточку": "открытка", "страничку": "страница",
    "единичку": "единица", "бумажечка": "бумага", "бумажечки": "бумага", "карточечку": "карточка",
    "точечка": "точка",
    # -к- (with a fleeting vowel or a changed stem)
    "минутка": "минута", "минуток": "минута", "секундку": "секунда", "недельку": "неделя",
    "бумажку": "бумага", "денежки": "деньги", "денежку": "деньги", "денежками": "деньги",
    "циферки": "цифра", "циферку": "цифра", "водичка": "вода", "работку": "работа",
    "квартирку": "квартира", "комнатку": "комната", "температурку": "температура",
    # -ик, -чик
    "заказик": "заказ", "заказика": "заказ", "паспортик": "паспорт", "паспортика": "паспорт",
    "документик": "документ", "документиками": "документ", "договорчик": "договор",
    "договорчика": "договор", "договорчиком": "договор", "телефончик": "телефон",
    "тарифчик": "тариф", "тарифчиков": "тариф", "роутерчик": "роутер", "вопросик": "вопрос",
    "моментик": "момент", "кодик": "код", "парольчик": "пароль", "счетик": "счёт",
    "платёжик": "платёж", "платежик": "платёж", "платежика": "платёж", "пакетик": "пакет",
    "пакетики": "пакет", "часик": "час", "часиком": "час", "курьерчик": "курьер",
    "талончик": "талон", "пультик": "пульт", "рублик": "рубль", "нолик": "ноль",
    "кабинетик": "кабинет", "логинчик": "логин", "бонусик": "бонус", "возвратик": "возврат",
    # -ок, -ек, -очек, -ечек
    "адресок": "адрес", "адреска": "адрес", "адресочек": "адрес", "звоночек": "звонок",
    "звоночком": "звонок", "номерочек": "номер", "номерочка": "номер", "номерочками": "номер",
    "номерок": "номер", "денёк": "день", "денек": "день", "денечек": "день", "часок": "час",
    "разок": "раз", "кабелёчек": "кабель", "кабелечек": "кабель", "списочек": "список",
    "снимочек": "снимок", "порядочке": "порядок", "квиточек": "квиток", "листочек": "листок",
    # neuter -ечко, plural-only nouns
    "имечко": "имя", "времечко": "время", "сливочки": "сливки", "брючки": "брюки",
}

# Ordinary nouns of contact-centre speech; none of their forms is a diminutive.
SERVICE_NOUNS = """
    заказ доставка оплата карта номер телефон договор тариф интернет счёт баланс абонент оператор
    адрес квартира подъезд этаж курьер посылка накладная чек возврат гарантия сервис мастер заявка
    справка квитанция скидка подписка остановка проверка ошибка упаковка ставка открытка таблетка
    заметка коробка улыбка вилка платформа кнопка ссылка трубка звонок линия связь сеть роутер модем
    кабель провод розетка приставка антенна пульт экран монитор компьютер ноутбук планшет смартфон
    приложение сайт страница кабинет пароль логин код сообщение письмо почта уведомление рассылка
    услуга пакет опция подключение отключение перенос перерасчёт начисление списание платёж перевод
    пополнение задолженность долг пеня штраф комиссия процент кредит рассрочка отсрочка ипотека вклад
    депозит бонус балл акция предложение промокод купон сертификат подарок клиент покупатель продавец
    магазин склад пункт выдача самовывоз отправление отслеживание служба почтальон отделение офис
    филиал банк банкомат терминал касса кассир консультант специалист менеджер руководитель начальник
    сотрудник инженер техник монтажник электрик сантехник диспетчер бригада выезд визит время дата
    день неделя месяц год минута секунда час срок период график расписание очередь запись приём
    обращение жалоба претензия отзыв оценка вопрос ответ решение проблема неисправность поломка
    ремонт замена установка настройка диагностика обновление прошивка перезагрузка сбой авария
    электричество вода газ отопление счётчик показание квартплата компания жилец собственник
    владелец паспорт документ копия скан фото фотография подпись печать бланк форма анкета заявление
    согласие доверенность требование соглашение контракт акт протокол справочник инструкция
    руководство памятка лист строка поле графа раздел глава таблица список перечень реестр база
    файл меню вкладка окно профиль аккаунт улица дом корпус строение индекс город область район
    посёлок деревня село адресат получатель отправитель груз вес размер габарит товар изделие модель
    марка цвет комплект комплектация деталь запчасть аксессуар зарядка батарейка аккумулятор
    лампочка индикатор светодиод шнур разъём порт вход выход переходник адаптер гигабайт мегабайт
    трафик скорость роуминг вызов разговор голос сигнал гудок покрытие вышка станция плата сумма
    деньги рубль копейка цена стоимость предоплата кошелёк реквизит выписка галочка флажок значок
    иконка стрелка ползунок шторка полоска рамка картинка табличка щиток ролик новинка квиток
    машинка резинка скрепка пробка столбик строчка бумага тетрадь ручка карандаш папка конверт
    штамп клиентка девушка мужчина женщина ребёнок сын дочь дочка муж жена мама папа бабушка
    дедушка сестра брат соседка сосед понедельник вторник среда четверг пятница суббота
    воскресенье утро вечер ночь обед выходной праздник встреча беседа консультация помощь
    поддержка сопровождение обслуживание качество стандарт правило условие порядок регламент лимит
    ограничение блокировка разблокировка доступ регистрация авторизация подтверждение отмена обмен
    заказчик подрядчик перевозчик вкладчик грузчик переводчик ответчик статистика логистика
    техника механика физика экономика практика методика аналитика электроника пластик карточка
    точка крышка метка бегунок банка кодек сварка утечка распечатка доставка выгрузка загрузка
    """.split()

# Look-alikes decided by hand (diminutive_words.LEXICALISED), in every form.
LEXICALISED_DECISIONS = [
    "карточка",  # «банковская карточка», «карточка товара»: as neutral as «карта»
    "табличка",  # a sign on a door as often as a small table
    "строчка", "точка", "ручка", "цепочка", "трубка", "кнопка",  # their own meanings
    "собачка", "звездочка", "галочка", "птичка", "черточка",  # the @, *, ✓ and - signs
    "иконка", "значок", "флажок", "ползунок", "шторка", "стрелка", "скобка", "кодек",  # UI, tech
    "бабочка", "булочка", "девочка", "молочко", "ложка", "чашка", "сумка", "куртка",  # own words
    "дочка", "сынок",  # family words, not caresses
    "пятерочка", "сотка",  # a shop chain; a land measure
    "звонок", "листок", "гудок", "щиток", "поток", "кошелек", "платок",  # -ок of their own
    "заказчик", "подрядчик", "переводчик", "счетчик", "график", "фанатик",  # agents, tools
]


@pytest.mark.parametrize("form, noun", DIMINUTIVES.items())
def test_a_diminutive_names_its_base_noun(form, noun):
    assert diminutives.base(form) == noun


def test_the_diminutive_list_is_long_enough_to_measure_recall():
    assert len(DIMINUTIVES) >= 60
    assert len(SERVICE_NOUNS) >= 300


def _forms(lemma: str) -> set[str]:
    """Every form of a noun, the way a transcript may write it."""
    parse = next(p for p in morphology.analyzer().parse(lemma) if p.tag.POS == "NOUN")
    return {morphology.normalize(form.word) for form in parse.lexeme} | {morphology.normalize(lemma)}


def test_no_form_of_an_ordinary_service_noun_is_a_diminutive():
    flagged = {form: diminutives.base(form) for lemma in SERVICE_NOUNS for form in _forms(lemma)
               if diminutives.base(form)}
    assert flagged == {}


@pytest.mark.parametrize("lemma", LEXICALISED_DECISIONS)
def test_a_lexicalised_word_is_never_a_diminutive(lemma):
    assert morphology.normalize(lemma) in diminutives.LEXICALISED
    assert {form: diminutives.base(form) for form in _forms(lemma) if diminutives.base(form)} == {}


def test_a_diminutive_of_a_lexicalised_word_stops_at_it():
    # «звоночек» is made from «звонок», which is not made from «звон» in service speech
    assert diminutives.base("звоночек") == "звонок"
    assert diminutives.base("карточечку") == "карточка"
    assert diminutives.base("листочками") == "листок"


def test_every_lexicalised_entry_is_a_dictionary_word_written_without_yo():
    # a misspelt or «ё» entry would protect nothing, silently
    morph = morphology.analyzer()
    assert [w for w in diminutives.LEXICALISED if "ё" in w or not morph.word_is_known(w)] == []


@pytest.mark.parametrize("form", [
    "вечерком",  # an adverb as often as a noun
    "чаек",  # seagulls as often as a little tea
    "проводка",  # wiring as often as a small wire
    "заявки", "скидку", "посылкой", "деньгами", "денег", "карты", "телефонов",
    "быстренько", "маленький", "немножко", "только", "сколько",  # not nouns
    "", "123", "sms", "заказ-наряд",
])
def test_a_word_that_is_mostly_something_else_is_no_diminutive(form):
    assert diminutives.base(form) is None


def test_case_and_yo_do_not_matter():
    assert diminutives.base("Платёжиком") == diminutives.base("платежиком") == "платёж"


# --- fix: <base> ----------------------------------------------------------------------------

def test_the_base_marker_inflects_the_base_noun_like_the_diminutive():
    assert [replacement(BASE_NOUN, w) for w in ("Скидочкой", "пакетики", "звоночками", "денежки")] \
        == ["Скидкой", "пакеты", "звонками", "деньги"]
    # no base, a grammar the dictionary only guesses, a singular of «деньги», two words: left
    assert [replacement(BASE_NOUN, w) for w in ("заказ", "договорчик", "денежку", "одну минуточку")] \
        == [None, None, None, None]


PACK = """\
pack: {name: p}
rules:
  - id: dim
    type: forbidden
    message: уменьшительное
    phrases:
      - {phrase: '(скидочк*|пакетик*|звоночк*|денежк*|договорчик*|заказ)', fix: <base>}
"""


def test_fix_with_the_base_marker_rewrites_diminutives_through_the_cli(cli, tmp_path):
    write(tmp_path / "p.yaml", PACK)
    script = write(tmp_path / "s.txt", "Скидочкой оплатите пакетики.\nВерну денежки и денежку.\n"
                                       "Пришлю договорчик на заказ.\n")
    diff = cli("check", "s.txt", "--no-builtin", "--rules", "p.yaml", "--diff")
    assert "+Скидкой оплатите пакеты." in diff.out
    result = cli("check", "s.txt", "--no-builtin", "--rules", "p.yaml", "--fix", "-f", "jsonl")
    assert script.read_text(encoding="utf-8") == ("Скидкой оплатите пакеты.\nВерну деньги и денежку.\n"
                                                  "Пришлю договорчик на заказ.\n")
    assert result.err == "Fixed 3 violations in 1 file.\n"
    # what has no safe base form is still reported, with the marker as its fix
    assert [(r["text"], r["fix"]) for r in result.jsonl()] == [
        ("денежку", "<base>"), ("договорчик", "<base>"), ("заказ", "<base>")]
    assert result.code == 1


def test_the_diminutives_rule_finds_unlisted_diminutives_and_suggests_their_base_noun(cli, tmp_path):
    # speech recognition style: lower case, no punctuation; words no list names
    call = ('{"call_id": "d1", "utterances": ['
            '{"speaker": "agent", "start": 0, "end": 3, "text": "ваша посылочка задержалась на сортировке"},'
            '{"speaker": "client", "start": 3.5, "end": 4, "text": "а скидочка будет"},'
            '{"speaker": "agent", "start": 4.5, "end": 8, "text": "на завтра есть талончик оплатить можно карточкой"}]}')
    write(tmp_path / "calls.jsonl", call + "\n")
    result = cli("check", "calls.jsonl", "--select", "diminutives", "-f", "jsonl")
    found = [(r["utterance"], r["text"], r["suggestions"], r["fix"]) for r in result.jsonl()]
    # the client's «скидочка» is not the agent's; «карточкой» is an ordinary word
    assert found == [(0, "посылочка", ["посылка"], "<base>"), (2, "талончик", ["талон"], "<base>")]
    assert result.code == 1
