"""Dates anywhere in the lead, agency datelines and source URL lines, on texts written for these tests."""
from datetime import date

import pytest
from django.urls import reverse

from archive.ingest.datelines import parse_dateline
from archive.ingest.parse import parse_article
from archive.ingest.urls import domain_candidates, url_line

IMPORTED = date(2026, 12, 1)
BODY_RU = "Стороны обсудили гарантии безопасности и договорились продолжить работу над документом в ближайшие недели."
BODY_UK = "Сторони обговорили гарантії безпеки та домовилися продовжити роботу над документом найближчими тижнями."
BODY_EN = "The two sides discussed security guarantees and agreed to keep working on the document in the coming weeks."


def parse(text, **kwargs):
    kwargs.setdefault("today", IMPORTED)
    return parse_article(text, **kwargs)


@pytest.mark.parametrize(
    "opening, expected",
    [
        ("Київ, 3 січня 2026 року. ", date(2026, 1, 3)),
        ("9 января 2026 года канцлер Германии заявил, что ", date(2026, 1, 9)),
        ("9 января 2026 г. в Берлине ", date(2026, 1, 9)),
        ("On Jan 8, 2026 the ministers said that ", date(2026, 1, 8)),
        ("08.01.2026 министры заявили, что ", date(2026, 1, 8)),
        ("2026-01-08: ministers said that ", date(2026, 1, 8)),
    ],
)
def test_a_full_date_in_the_dateline_or_first_sentence_dates_the_article(opening, expected):
    body = BODY_UK if "Київ" in opening else BODY_EN if opening[0] in "O2" else BODY_RU
    parsed = parse(f"Заголовок статьи о встрече\n\n{opening}{body}\n\nВторой абзац без дат.")
    assert parsed.published == expected
    assert not parsed.date_inferred


def test_a_date_the_text_only_talks_about_does_not_date_it_when_the_dateline_gives_the_day():
    parsed = parse(
        "Переговоры продолжатся\n\n"
        "МОСКВА, 9 янв — РИА Новости. Переговоры 17 декабря 2025 года были трудными, заявил министр, "
        "и следующий раунд намечен на 20.01.2026.\n\nДругие подробности не сообщаются."
    )
    assert parsed.published == date(2026, 1, 9)  # the day of the dateline, year from the text's dates
    assert parsed.date_inferred
    assert parsed.publisher == "РИА Новости"
    assert parsed.place == "Москва"  # the city as a name, not in the capitals of the dateline


def test_a_date_after_the_import_in_the_first_sentence_is_a_plan_not_the_day_of_writing():
    parsed = parse(f"Саммит в Риме\n\nНа 15 марта 2027 года назначен саммит в Риме. {BODY_RU}")
    assert parsed.published is None


@pytest.mark.parametrize(
    "imported, given, expected",
    [
        (date(2026, 12, 1), None, date(2026, 1, 6)),  # not 2027-01-06: that is in the future
        (date(2027, 1, 6), None, date(2027, 1, 6)),  # the day itself is not after the import
        (date(2027, 1, 5), None, date(2026, 1, 6)),
        (date(2026, 12, 1), date(2025, 3, 1), date(2025, 1, 6)),  # the editor's date is the limit
    ],
)
def test_day_and_month_without_year_take_the_most_recent_such_day_not_after_the_import(imported, given, expected):
    text = f"Встреча в Париже\n\nПАРИЖ, 6 января. /ТАСС/. {BODY_RU}"
    parsed = parse(text, today=imported, default_date=given)
    assert parsed.published == expected
    assert parsed.date_inferred
    assert "dateline without a year" in parsed.date_note


@pytest.mark.parametrize(
    "line, place, day, month, agency",
    [
        ("ПАРИЖ, 6 января. /ТАСС/. Текст", "ПАРИЖ", 6, 1, "ТАСС"),
        ("МОСКВА, 9 янв — РИА Новости. Текст", "МОСКВА", 9, 1, "РИА Новости"),
        ("Москва. 9 января. INTERFAX.RU - Текст", "Москва", 9, 1, "INTERFAX.RU"),
        ("МОСКВА, 9 января. /Интерфакс/. Текст", "МОСКВА", 9, 1, "Интерфакс"),
        ("МОСКВА, 9 января — РБК. Текст", "МОСКВА", 9, 1, "РБК"),
        ("КИЇВ, 7 січня. /Укрінформ/. Текст", "КИЇВ", 7, 1, "Укрінформ"),
        ("Київ, 9 січня (УНІАН). Текст", "Київ", 9, 1, "УНІАН"),
        ("PARIS, Jan 8 (Reuters) - Text", "PARIS", 8, 1, "Reuters"),
        ("PARIS (AP) — Text", "PARIS", None, None, "AP"),
        ("PARIS, Jan. 8 (AFP) - Text", "PARIS", 8, 1, "AFP"),
        ("BERLIN (dpa) - Text", "BERLIN", None, None, "dpa"),
        ("(Bloomberg) -- Text", None, None, None, "Bloomberg"),
        ("(Reuters) - Text", None, None, None, "Reuters"),
    ],
)
def test_agency_datelines(line, place, day, month, agency):
    dateline = parse_dateline(line)
    assert dateline is not None
    assert (dateline.place, dateline.day, dateline.month, dateline.agency) == (place, day, month, agency)
    assert line[dateline.end:].startswith(("Текст", "Text"))


@pytest.mark.parametrize(
    "line",
    [
        "Как добавил Зеленский, 7 января, стороны продолжат работу.",
        "В среду, 7 января, в Париже стороны продолжат работу.",
        "(по местному времени) - встреча началась поздно.",
    ],
)
def test_sentences_are_not_datelines(line):
    assert parse_dateline(line) is None


def test_an_english_wire_story_names_the_agency_and_keeps_the_city():
    parsed = parse(f"Allies meet in Paris\n\nPARIS, Jan 8 (Reuters) - {BODY_EN}")
    assert parsed.publisher == "Reuters" and parsed.place == "Paris"
    assert parsed.published == date(2026, 1, 8) and parsed.date_inferred
    assert parsed.language == "en"


@pytest.mark.parametrize(
    "layout",
    [
        "https://www.example-news.ru/politics/2026/01/09/talks.html\nЗаголовок статьи\n\n{body}",
        "Заголовок статьи\nhttps://www.example-news.ru/politics/2026/01/09/talks.html\n\n{body}",
        "Заголовок статьи\n\n{body}\n\nИсточник: https://www.example-news.ru/politics/2026/01/09/talks.html",
        "Заголовок статьи\n\n{body}\n\nhttps://www.example-news.ru/politics/2026/01/09/talks.html",
    ],
)
def test_a_url_line_is_the_articles_address_never_its_body(layout):
    parsed = parse(layout.format(body=f"{BODY_RU}\n\nЕщё один абзац текста о встрече."))
    assert parsed.url == "https://www.example-news.ru/politics/2026/01/09/talks.html"
    assert parsed.title == "Заголовок статьи"
    assert "http" not in parsed.body and "example-news" not in parsed.body
    assert parsed.language == "ru"
    assert parsed.cited_outlets == []


def test_url_lines_and_domains():
    assert url_line("Джерело: https://www.ukrinform.ua/rubric-polytics/1.html") == "https://www.ukrinform.ua/rubric-polytics/1.html"
    assert url_line("www.bbc.co.uk/news/1") == "https://www.bbc.co.uk/news/1"
    assert url_line("https://") is None
    assert url_line("Источник: ТАСС") is None
    assert url_line("See https://example.com for details") is None
    assert domain_candidates("https://news.sky.com/story/1") == ["news.sky.com", "sky.com"]
    assert domain_candidates("https://www.bbc.co.uk/news/1") == ["bbc.co.uk"]


@pytest.mark.django_db
def test_the_address_is_stored_its_known_domain_names_the_publisher_and_the_page_links_to_it(client, django_user_model):
    from archive.ingest.service import ImportOptions, expand_upload, import_inputs
    from archive.models import Article, ImportBatch, Outlet

    outlets_before = Outlet.objects.count()
    known = f"https://www.unian.ua/politics/1.html\nУряд ухвалив рішення\n\n{BODY_UK}\n".encode()
    unknown = f"https://news.example-unknown.org/a/1\nУряд ухвалив інше рішення\n\n{BODY_UK} Ще трохи.\n".encode()
    for name, data in (("known.txt", known), ("unknown.txt", unknown)):
        import_inputs(expand_upload(name, data), options=ImportOptions(), origin=ImportBatch.Origin.ADMIN)
    first = Article.objects.get(source_name="known.txt")
    assert first.url == "https://www.unian.ua/politics/1.html"
    assert first.outlet is not None and first.outlet.slug == "unian"
    assert "unian.ua" not in first.body
    second = Article.objects.get(source_name="unknown.txt")
    assert second.url == "https://news.example-unknown.org/a/1" and second.outlet is None
    assert Outlet.objects.count() == outlets_before  # an unknown domain makes no outlet

    url = reverse("web:article", args=[first.pk])
    html = client.get(url).content.decode()
    assert 'href="https://www.unian.ua/politics/1.html"' in html and "Read at the source" in html
    assert "known.txt" not in html  # the file name is for staff only
    staff = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    client.force_login(staff)
    assert "known.txt" in client.get(url).content.decode()
