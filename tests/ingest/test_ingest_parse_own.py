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
    # The line above the credit is a full sentence of the body, not the photo's caption.
    assert parsed.captions == ["Photo: John Doe / AP"]
    assert parsed.body.endswith("\n\nThe plan will be presented to Washington next week.")
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


def test_dateline_without_any_full_date_uses_the_default_year_then_the_latest_past_day():
    text = "Встреча в Москве\n\nМОСКВА, 12 мая. /ТАСС/. Стороны договорились встретиться снова, сообщил источник."
    assert parse_article(text, default_year=2024, today=TODAY).published == date(2024, 5, 12)
    # Imported on 15 March 2027: 12 May 2027 has not happened yet, so it is 12 May 2026.
    assert parse_article(text, today=TODAY).published == date(2026, 5, 12)
    assert parse_article(text, today=TODAY).date_inferred


def test_no_date_at_all_uses_the_default_date_and_says_it_was_inferred():
    text = "Заголовок без даты\n\nТекст статьи, в котором нет ни одной даты и нет строки с датой вообще."
    assert parse_article(text, today=TODAY).published is None
    parsed = parse_article(text, default_date=date(2025, 1, 2), today=TODAY)
    assert parsed.published == date(2025, 1, 2) and parsed.date_inferred


def test_infer_year_rolls_over_and_handles_leap_days():
    assert infer_year(6, 1, text="17 декабря 2025 года", default_year=None, today=TODAY)[0] == date(2026, 1, 6)
    assert infer_year(20, 12, text="17 декабря 2025 года", default_year=None, today=TODAY)[0] == date(2025, 12, 20)
    assert infer_year(29, 2, text="1 марта 2025 года", default_year=None, today=date(2029, 1, 1))[0] == date(2028, 2, 29)
    assert infer_year(6, 1, text="on 17.12.2025 and 2025-11-02", default_year=None, today=TODAY)[0] == date(2026, 1, 6)


def test_russian_article_cites_but_does_not_become_the_publisher():
    parsed = parse_article(
        " date 2026-04-01 Путин провел совещание\n"
        "Об этом пишет газета «Ведомости» со ссылкой на источники. По данным телеканала «Дождь», "
        "совещание длилось три часа, сообщает Интерфакс.\n",
        today=TODAY,
    )
    assert parsed.publisher is None
    # In the order the text cites them; «Дождь» is unknown to the catalogue and named as a TV channel.
    assert parsed.cited_outlets == ["Ведомости", "Дождь", "Интерфакс"]
    assert parsed.new_cited_kinds == {"Дождь": "tv"}


@pytest.mark.parametrize("header", ["9999-12-31", "0001-01-01", "1799-12-31", "2201-01-01", "2026-02-30"])
def test_an_implausible_header_date_is_ignored_with_a_note(header):
    text = f" date {header} Мэрия открыла новый парк\n\nПарк открыли для всех жителей города в субботу утром."
    parsed = parse_article(text, today=TODAY)
    assert parsed.title == "Мэрия открыла новый парк"
    assert parsed.published is None and not parsed.date_inferred
    assert parsed.date_note == f"header date {header} ignored: not a real date between 1800 and 2200"
    # The import's default date still applies, as for a file with no date at all.
    dated = parse_article(text, default_date=date(2025, 6, 1), today=TODAY)
    assert dated.published == date(2025, 6, 1) and dated.date_inferred
    assert dated.date_note.startswith(f"header date {header} ignored") and dated.date_note.endswith("default date of the import")


def test_header_dates_at_the_ends_of_the_plausible_range_are_kept():
    for header, expected in (("1800-01-01", date(1800, 1, 1)), ("2200-12-31", date(2200, 12, 31))):
        parsed = parse_article(f" date {header} Title of the piece\n\nThe body of the piece is here.", today=TODAY)
        assert parsed.published == expected and parsed.date_note == "header"


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
