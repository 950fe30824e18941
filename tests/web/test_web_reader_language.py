"""People, events and places in the reader's language: «Іван Борисов» in Ukrainian, «Иван Борисов»
in Russian, "Ivan Borisov" in English, wherever a person is shown."""
import importlib
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Person, PersonName
from tests.factories import make_article, mention

NAMES = {"uk": "Іван Борисов", "ru": "Иван Борисов", "en": "Ivan Borisov"}


def page(client, url, language, **params) -> str:
    response = client.get(url, params, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def chips(html: str, slug: str) -> list[str]:
    """The names shown on the links to a person's page."""
    return re.findall(rf'href="/people/{slug}/"[^>]*>([^<]+)</a>', html)


def test_name_in_picks_the_canonical_name_of_the_language(archive):
    borisov = Person.objects.with_display_names().get(pk=archive.borisov.pk)
    assert {code: borisov.name_in(code) for code in NAMES} == NAMES
    assert borisov.name_in("uk-ua") == NAMES["uk"]
    # No name in German: the Latin name; an inflected form is never the name.
    assert borisov.name_in("de") == "Ivan Borisov"
    only_inflected = Person.objects.create(name="Petr Orlov", slug="petr-orlov")
    PersonName.objects.create(person=only_inflected, name="Орловым", language="ru", kind=PersonName.Kind.INFLECTED)
    assert only_inflected.name_in("ru") == "Petr Orlov"
    # An alias stands in when the language has no canonical name (Kovalenko has a uk alias only).
    assert Person.objects.get(pk=archive.kovalenko.pk).name_in("uk") == "Олена Коваленко"
    assert archive.kovalenko.name_in("ru") == "Olena Kovalenko"


@pytest.mark.parametrize("language", ["uk", "ru", "en"])
def test_search_results_facets_and_filter_chips_speak_the_readers_language(client, archive, language):
    html = page(client, "/search/", language, q="Borisov", person="ivan-borisov")
    shown = set(chips(html, "ivan-borisov"))
    assert shown == {NAMES[language]}
    facet = re.search(r'data-facet="person" data-value="ivan-borisov".*?class="facet-label">(.*?)</span>\s*<span',
                      html, re.S).group(1)
    assert facet.endswith(NAMES[language])
    assert f"{ {'uk': 'Особа', 'ru': 'Персона', 'en': 'Person'}[language]}: {NAMES[language]}" in html


def test_article_page_lists_people_by_their_ukrainian_names(client, archive):
    html = page(client, f"/articles/{archive.ru.pk}/", "uk")
    assert '<a href="/people/ivan-borisov/">Іван Борисов</a>' in html
    assert '<a href="/people/olena-kovalenko/">Олена Коваленко</a>' in html
    # The name links in the Russian text carry the reader's name as their title.
    assert 'title="Іван Борисов"' in html


def test_person_page_title_is_the_readers_name_and_lists_the_others(client, archive):
    html = page(client, "/people/ivan-borisov/", "uk")
    assert "<h1>Іван Борисов</h1>" in html
    assert re.search(r"<title>Іван Борисов\b", html)
    also = re.search(r'class="muted also-known">(.*?)</p>', html).group(1)
    assert "Иван Борисов" in also and "Ivan Borisov" in also and "Іван Борисов" not in also
    html = page(client, "/people/ivan-borisov/", "en")
    assert "<h1>Ivan Borisov</h1>" in html


def test_event_page_participants_description_and_place_in_the_readers_language(client, archive):
    archive.summit.description = "The new bridge over the river was opened."
    archive.summit.description_uk = "Новий міст через річку відкрито."
    archive.summit.place_uk = "Рівертон"
    archive.summit.save()
    html = page(client, "/events/bridge-opening/", "uk")
    assert "<h1>Відкриття мосту</h1>" in html
    assert "Новий міст через річку відкрито." in html and "The new bridge" not in html
    assert "Рівертон" in html
    assert set(chips(html, "ivan-borisov")) == {"Іван Борисов"}  # participants and result rows
    # No Russian description written: a Russian reader gets the English one.
    html = page(client, "/events/bridge-opening/", "ru")
    assert "The new bridge over the river was opened." in html and "Riverton" in html
    assert set(chips(html, "ivan-borisov")) == {"Иван Борисов"}


def test_home_and_people_list_use_the_readers_names(client, archive):
    for url in ("/", "/people/"):
        assert "Іван Борисов" in chips(page(client, url, "uk"), "ivan-borisov"), url


def test_names_of_a_page_of_results_cost_one_query_however_many_people(client, archive):
    """The display names are prefetched for the whole page (no query per person)."""
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page(client, "/search/", "uk", q="Borisov")
        return len(captured)

    queries()  # the first search of a process reads the name tables it caches
    before = queries()
    for n in range(6):
        person = Person.objects.create(name=f"Extra Person{n}", slug=f"extra-person-{n}")
        PersonName.objects.create(person=person, name=f"Додатковий Персона{n}", language="uk",
                                  kind=PersonName.Kind.CANONICAL)
        article = make_article(title=f"Borisov and guest {n}", body=f"Ivan Borisov met Extra Person{n}.",
                               language="en")
        mention(article, archive.borisov, "Ivan Borisov")
        mention(article, person, f"Extra Person{n}")
    html = page(client, "/search/", "uk", q="Borisov")  # the names changed: the caches are read again
    assert "Додатковий Персона5" in html
    assert queries() == before


def test_api_keeps_the_stable_name_and_adds_the_readers_one(client, archive):
    data = client.get("/api/articles/", {"q": "Borisov", "language": "uk"}, HTTP_ACCEPT_LANGUAGE="uk").json()
    people = {person["name"]: person["display_name"] for person in data["results"][0]["people"]}
    assert people == {"Ivan Borisov": "Іван Борисов", "Olena Kovalenko": "Олена Коваленко"}
    assert {item["label"] for item in data["facets"]["person"]} == {"Іван Борисов", "Олена Коваленко"}
    person = client.get(f"/api/people/{archive.borisov.pk}/", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert (person["name"], person["display_name"]) == ("Ivan Borisov", "Иван Борисов")


def test_curated_events_carry_their_place_and_description_per_language(db):
    from archive.models import Event

    paris = Event.objects.get(slug="coalition-of-the-willing-paris-2026-01-06")  # loaded by migrations
    assert (paris.place_in("uk"), paris.place_in("ru"), paris.place_in("en")) == ("Париж", "Париж", "Paris")
    assert paris.description_in("uk") and paris.description_in("uk") != paris.description
    assert paris.description_in("ru") and paris.description_in("ru") != paris.description_in("uk")
    kyiv = Event.objects.get(slug="security-advisers-kyiv-2026-01-03")
    assert (kyiv.place_in("uk"), kyiv.place_in("ru")) == ("Київ", "Киев")


def test_filling_translations_keeps_what_an_editor_wrote(db):
    from archive.models import Event

    fill_event_translations = importlib.import_module("archive.migrations.0010_event_languages").fill_event_translations
    paris = Event.objects.get(slug="coalition-of-the-willing-paris-2026-01-06")
    Event.objects.filter(pk=paris.pk).update(description_uk="Редакторський опис.", description_ru="")
    assert fill_event_translations(Event) == 1
    paris.refresh_from_db()
    assert paris.description_uk == "Редакторський опис."
    assert paris.description_ru  # the blank one is filled from the fixture
    assert fill_event_translations(Event) == 0


def test_editors_write_each_language_in_its_own_block_of_the_admin(admin_client, archive):
    url = f"/admin/archive/event/{archive.summit.pk}/change/"
    html = admin_client.get(url).content.decode()
    for field in ("name_uk", "place_uk", "description_uk", "place_ru", "description_ru", "participants"):
        assert f'name="{field}"' in html, field
    form = {
        "slug": "bridge-opening", "name_en": "Bridge opening", "name_ru": "Открытие моста",
        "name_uk": "Відкриття мосту", "start_date": "2026-01-06", "end_date": "", "place": "Riverton",
        "place_ru": "Ривертон", "place_uk": "Рівертон", "description": "", "description_ru": "",
        "description_uk": "Міст відкрито.", "participants": [archive.borisov.pk], "key_terms": "{}",
        "place_names": "[]",
        "eventarticle_set-TOTAL_FORMS": "0", "eventarticle_set-INITIAL_FORMS": "0",
    }
    response = admin_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    archive.summit.refresh_from_db()
    assert (archive.summit.place_in("uk"), archive.summit.description_in("uk")) == ("Рівертон", "Міст відкрито.")
