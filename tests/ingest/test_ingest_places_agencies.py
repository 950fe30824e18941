"""The dateline's city kept as the article's place, and every common agency mark naming its outlet.

Texts written for these tests; each goes through the real loader into the database.
"""
import io
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from archive.ingest.datelines import parse_dateline, place_name
from archive.ingest.service import ImportOptions, expand_upload, import_inputs
from archive.models import Article, ImportBatch

IMPORTED = date(2026, 12, 1)
RU = "Министры обсудили гарантии безопасности и договорились продолжить работу над документом в ближайшие недели."
UK = "Міністри обговорили гарантії безпеки та домовилися продовжити роботу над документом найближчими тижнями."
EN = "The ministers discussed security guarantees and agreed to keep working on the document in the coming weeks."


def import_text(name: str, text: str) -> Article:
    import_inputs(expand_upload(name, text.encode()), options=ImportOptions(), origin=ImportBatch.Origin.ADMIN)
    return Article.objects.get(source_name=name)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "opening, body, place, outlet, published",
    [
        ("ПАРИЖ, 8 января /ТАСС/ ", RU, "Париж", "tass", (1, 8)),
        ("Київ, 3 січня 2026 року. /Укрінформ/. ", UK, "Київ", "ukrinform", (1, 3)),
        ("PARIS, Jan 8 (Reuters) - ", EN, "Paris", "reuters", (1, 8)),
        ("МОСКВА, 9 янв — РИА Новости. ", RU, "Москва", "ria-novosti", (1, 9)),
        ("Москва. 9 января. INTERFAX.RU - ", RU, "Москва", "interfax", (1, 9)),
        ("САНКТ-ПЕТЕРБУРГ, 9 января. /Интерфакс/. ", RU, "Санкт-Петербург", "interfax", (1, 9)),
        ("РОСТОВ-НА-ДОНУ, 9 января — РБК. ", RU, "Ростов-на-Дону", "rbc", (1, 9)),
        ("ЛЬВІВ, 7 січня (УНІАН). ", UK, "Львів", "unian", (1, 7)),
        ("WASHINGTON (AP) — ", EN, "Washington", "associated-press", None),
        ("NEW YORK, Jan. 8 (AFP) - ", EN, "New York", "afp", (1, 8)),
        ("Berlin (dpa) - ", EN, "Berlin", "dpa", None),
        ("BERLIN, Jan 8 (dpa) - ", EN, "Berlin", "dpa", (1, 8)),
        ("(Bloomberg) -- ", EN, "", "bloomberg", None),
    ],
)
def test_a_dateline_keeps_its_city_as_the_place_and_its_agency_as_the_outlet(opening, body, place, outlet, published):
    article = import_text("wire.txt", f"Заголовок сообщения\n\n{opening}{body}\n\nВторой абзац сообщения.")
    assert article.place == place
    assert article.outlet is not None and article.outlet.slug == outlet
    if published:
        assert (article.published.month, article.published.day) == published
    assert opening.strip()[:5] not in article.title


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, slug",
    [
        ("ТАСС", "tass"), ("TASS", "tass"), ("РИА Новости", "ria-novosti"), ("RIA Novosti", "ria-novosti"),
        ("РІА Новини", "ria-novosti"), ("Интерфакс", "interfax"), ("Інтерфакс", "interfax"), ("Interfax", "interfax"),
        ("РБК", "rbc"), ("RBC", "rbc"), ("Укрінформ", "ukrinform"), ("Укринформ", "ukrinform"),
        ("Ukrinform", "ukrinform"), ("УНІАН", "unian"), ("УНИАН", "unian"), ("UNIAN", "unian"),
        ("Reuters", "reuters"), ("Рейтер", "reuters"), ("AP", "associated-press"),
        ("Associated Press", "associated-press"), ("Ассошиэйтед Пресс", "associated-press"),
        ("AFP", "afp"), ("Франс Пресс", "afp"), ("Франс-Прес", "afp"), ("dpa", "dpa"), ("DPA", "dpa"),
        ("Deutsche Presse-Agentur", "dpa"), ("Bloomberg", "bloomberg"), ("Блумберг", "bloomberg"),
    ],
)
def test_each_agency_is_known_under_its_common_names(name, slug):
    from archive.nlp.outlets import resolve_outlet

    outlet = resolve_outlet(name)
    assert outlet is not None and outlet.slug == slug
    assert outlet.kind == "agency" or slug == "rbc"  # РБК is an online outlet that also runs a wire


@pytest.mark.parametrize(
    "raw, name",
    [("ПАРИЖ", "Париж"), ("КИЇВ", "Київ"), ("PARIS", "Paris"), ("NEW YORK", "New York"), ("НЬЮ-ЙОРК", "Нью-Йорк"),
     ("РОСТОВ-НА-ДОНУ", "Ростов-на-Дону"), ("УЛАН-УДЭ", "Улан-Удэ"), ("Київ", "Київ"), ("Москва.", "Москва")],
)
def test_a_place_in_capitals_is_kept_as_people_write_it(raw, name):
    assert place_name(raw) == name


@pytest.mark.parametrize(
    "line",
    ["Зеленский (Украина) - сказал, что переговоры продолжатся.", "Die Regierung (Berlin) - hat entschieden."],
)
def test_a_name_in_ordinary_case_before_brackets_is_no_dateline_unless_an_agency_is_bracketed(line):
    assert parse_dateline(line) is None


@pytest.mark.django_db
def test_the_place_is_on_the_article_page_and_in_the_api(client):
    article = import_text("kyiv.txt", f"Уряд ухвалив рішення\n\nКиїв, 3 січня 2026 року. /Укрінформ/. {UK}\n")
    assert article.place == "Київ" and article.published == date(2026, 1, 3) and not article.date_inferred
    page = client.get(reverse("web:article", args=[article.pk]))
    assert page.status_code == 200
    assert '<dd class="place">Київ</dd>' in page.content.decode()
    data = client.get(reverse("api:article-detail", args=[article.pk])).json()
    assert data["place"] == "Київ"


@pytest.mark.django_db
def test_an_article_without_a_dateline_has_no_place_and_the_page_says_nothing_about_one(client):
    article = import_text("plain.txt", f"Уряд ухвалив рішення\n\n{UK}\n\nЩе один абзац.")
    assert article.place == ""
    assert 'class="place"' not in client.get(reverse("web:article", args=[article.pk])).content.decode()


@pytest.mark.django_db
def test_reanalysis_gives_stored_articles_the_place_of_their_dateline():
    article = import_text("old.txt", f"Встреча министров\n\nПАРИЖ, 8 января /ТАСС/ {RU}\n")
    other = import_text("none.txt", f"Другая встреча\n\n{RU} Без даты.\n")
    Article.objects.update(place="")  # as stored before the field existed
    call_command("reanalyze", "--all", stdout=io.StringIO())
    article.refresh_from_db(), other.refresh_from_db()
    assert (article.place, other.place) == ("Париж", "")
