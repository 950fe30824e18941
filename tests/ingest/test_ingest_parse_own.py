"""Articles we wrote ourselves, in other layouts, in ru, uk and en."""
from datetime import date

import pytest

from archive.ingest.dates import infer_year
from archive.ingest.layout import tags_line
from archive.ingest.parse import ParseError, parse_article
from archive.nlp.language import detect_language

TODAY = date(2027, 3, 15)


def test_english_wire_story_with_dateline_year_and_byline():
    parsed = parse_article(
        "Home > World > Europe\n"
        "Allies agree on monitoring plan for a ceasefire\n"
        "By Jane Smith\n"
        "bbc.com\n\n"
        "LONDON, March 3, 2026 (Reuters) - European allies agreed on Tuesday on a plan to monitor a "
        "future ceasefire, officials said, according to Politico.\n\n"
        "The plan will be presented to Washington next week.\n"
        "Photo: John Doe / AP\n"
        "Tags: ceasefire, Europe, security guarantees\n",
        today=TODAY,
    )
    assert parsed.title == "Allies agree on monitoring plan for a ceasefire"
    assert parsed.author == "Jane Smith"
    assert parsed.language == "en"
    assert parsed.published == date(2026, 3, 3) and not parsed.date_inferred
    assert parsed.publisher == "Reuters"  # the dateline names the agency
    assert "Politico" in parsed.cited_outlets and "Reuters" not in parsed.cited_outlets
    assert parsed.tags == ["ceasefire", "Europe", "security guarantees"]
    assert parsed.captions == ["The plan will be presented to Washington next week. (Photo: John Doe / AP)"] or \
        parsed.captions == ["Photo: John Doe / AP"]
    assert "Photo:" not in parsed.body and "Tags:" not in parsed.body


def test_ukrainian_dateline_without_year_uses_the_latest_full_date():
    text = (
        "Уряд схвалив нову програму відновлення\n\n"
        "КИЇВ, 2 лютого. /Укрінформ/. Кабінет міністрів схвалив програму відновлення житла, "
        "про яку вперше оголосили 20 грудня 2026 року, пише видання.\n\n"
        "Першу заявку вже подали 5 січня 2027 р. у Харкові."
    )
    parsed = parse_article(text, today=TODAY)
    assert parsed.published == date(2027, 2, 2) and parsed.date_inferred
    assert parsed.publisher == "Укрінформ"
    assert parsed.language == "uk"
    assert parsed.cited_outlets == []


def test_dateline_without_any_full_date_uses_the_default_year_then_the_import_year():
    text = "Встреча в Москве\n\nМОСКВА, 12 мая. /ТАСС/. Стороны договорились встретиться снова, сообщил источник."
    assert parse_article(text, default_year=2024, today=TODAY).published == date(2024, 5, 12)
    assert parse_article(text, today=TODAY).published == date(2027, 5, 12)
    assert parse_article(text, today=TODAY).date_inferred


def test_no_date_at_all_uses_the_default_date_and_says_it_was_inferred():
    text = "Заголовок без даты\n\nТекст статьи, в котором нет ни одной даты и нет строки с датой вообще."
    assert parse_article(text, today=TODAY).published is None
    parsed = parse_article(text, default_date=date(2025, 1, 2), today=TODAY)
    assert parsed.published == date(2025, 1, 2) and parsed.date_inferred


def test_infer_year_rolls_over_and_handles_leap_days():
    assert infer_year(6, 1, text="17 декабря 2025 года", default_year=None, today=TODAY)[0] == date(2026, 1, 6)
    assert infer_year(20, 12, text="17 декабря 2025 года", default_year=None, today=TODAY)[0] == date(2025, 12, 20)
    assert infer_year(29, 2, text="1 марта 2025 года", default_year=None, today=TODAY)[0] == date(2028, 2, 29)
    assert infer_year(6, 1, text="on 17.12.2025 and 2025-11-02", default_year=None, today=TODAY)[0] == date(2026, 1, 6)


def test_russian_article_cites_but_does_not_become_the_publisher():
    parsed = parse_article(
        " date 2026-04-01 Путин провел совещание\n"
        "Об этом пишет газета «Ведомости» со ссылкой на источники. По данным телеканала «Дождь», "
        "совещание длилось три часа, сообщает Интерфакс.\n",
        today=TODAY,
    )
    assert parsed.publisher is None
    assert parsed.cited_outlets[:2] == ["Ведомости", "Интерфакс"] or set(parsed.cited_outlets) >= {"Ведомости", "Интерфакс"}
    assert "Дождь" not in parsed.cited_outlets or parsed.new_cited_kinds.get("Дождь") == "tv"


def test_long_single_paragraph_becomes_title_and_body():
    sentence = ("Правительство объявило о новых мерах поддержки малого бизнеса, которые вступят в силу "
                "с первого числа следующего месяца и продлятся до конца года.")
    parsed = parse_article(sentence, today=TODAY)
    assert parsed.title == "Правительство объявило о новых мерах поддержки малого бизнеса"
    assert parsed.body == sentence


def test_a_title_alone_is_not_an_article():
    with pytest.raises(ParseError):
        parse_article("Только заголовок", today=TODAY)


@pytest.mark.parametrize(
    "text, code",
    [
        ("Привет, как дела?", "ru"),
        ("Привіт, як справи?", "uk"),
        ("Это не так", "ru"),
        ("Це не так", "uk"),
        ("Зеленский и Трамп", "ru"),
        ("Зеленський і Трамп", "uk"),
        ("Talks resume in Paris", "en"),
        ("The talks were held in Paris.", "en"),
        ("Die Gespräche werden in Paris fortgesetzt und sind nicht beendet.", "de"),
        ("Les discussions reprennent à Paris pour la paix.", "fr"),
        ("Rozmowy w Paryżu zostały wznowione.", "pl"),
        ("Οι συνομιλίες συνεχίζονται", "el"),
        ("Размовы ў Парыжы", "be"),
        ("", "und"),
    ],
)
def test_language_on_short_texts(text, code):
    assert detect_language(text) == code


@pytest.mark.parametrize(
    "line, tags",
    [
        ("Теги: Володимир Зеленський переговори США Джаред Кушнер",
         ["Володимир Зеленський", "переговори", "США", "Джаред Кушнер"]),
        ("Теги: Эммануэль Макрон Кир Стармер Франция", ["Эммануэль Макрон", "Кир Стармер", "Франция"]),
        ("Tags: Paris, peace talks; Ukraine", ["Paris", "peace talks", "Ukraine"]),
        ("Теги: НАТО безпека", ["НАТО", "безпека"]),
        ("Не теги: а текст", None),
    ],
)
def test_tag_lines(line, tags):
    assert tags_line(line) == tags
