"""First names and place names cross scripts as surnames do: ``Стив`` and ``Steve`` find the
person with that first name, ``Paris`` finds «Париж» (a curated event's place), and the results
page shows the expansion. Our own articles, and the five seeds."""
from datetime import date

import pytest
from django.core.management import call_command

from archive.models import Article, Event, Mention
from archive.web.filters import ArticleFilter

from tests.factories import make_article, make_person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_engine")]


def hits(q):
    filterset = ArticleFilter(data={"q": q}, queryset=Article.objects.all())
    assert filterset.is_valid()
    found = set(filterset.qs.values_list("pk", flat=True))  # reading .qs parses the query
    return found, {e.word: e.names for e in filterset.parsed_query.expansions}


@pytest.fixture
def harbour(db):
    """A mayor known in three scripts, named by surname only in two articles; a town with three names."""
    person = make_person("oleh-tarasenko", "Oleh Tarasenko", {
        "en": ["Oleh Tarasenko"], "ru": ["Олег Тарасенко"], "uk": ["Олег Тарасенко"]})
    ru = make_article("Тарасенко открыл порт", "Мэр Тарасенко открыл новый порт во Львове.", "ru", date(2026, 3, 2))
    uk = make_article("Тарасенко відкрив порт", "Міський голова Тарасенко відкрив порт у Львові.", "uk",
                      date(2026, 3, 2))
    other = make_article("Погода в порту", "В порту было ветрено, сообщили синоптики.", "ru", date(2026, 3, 3))
    for article in (ru, uk):
        Mention.objects.create(article=article, person=person, surface_forms=["Тарасенко"], count=1)
    Event.objects.create(slug="port-opening", name_en="Port opening", place="Lviv", place_ru="Львов",
                         place_uk="Львів", place_names=["Lvov", "Lwów"])
    return {"ru": ru.pk, "uk": uk.pk, "other": other.pk}


def test_a_first_name_in_any_script_finds_the_articles_naming_its_person(harbour):
    for q in ("Oleh", "Олег"):
        found, expansions = hits(q)
        assert found == {harbour["ru"], harbour["uk"]}, q
        assert any("Тарасенко" in name or "Tarasenko" in name for name in expansions[q]), q


def test_a_place_name_finds_its_other_names_in_any_case(harbour):
    for q in ("Lviv", "Lwów", "Львів", "Львове"):
        found, expansions = hits(q)
        assert found == {harbour["ru"], harbour["uk"]}, q
        assert expansions[q], q
    _found, expansions = hits("Lviv")
    assert set(expansions["Lviv"]) >= {"Львов", "Львів"}
    assert hits("порт -Lviv")[0] == {harbour["other"]}


def test_a_word_that_names_no_place_or_person_is_left_alone(harbour):
    found, expansions = hits("ветрено")
    assert found == {harbour["other"]} and expansions == {}


@pytest.fixture
def seeds(seeds_dir):
    call_command("import_articles", str(seeds_dir), verbosity=0)
    return set(Article.objects.values_list("pk", flat=True))


@pytest.mark.parametrize("q, shown", [("Steve", "Steve Witkoff"), ("Стив", "Стив Уиткофф"),
                                      ("Paris", "Париж"), ("TASS", "ТАСС")])
def test_steve_paris_and_tass_find_the_seeds(seeds, q, shown):
    found, expansions = hits(q)
    tass = set(Article.objects.filter(outlet__slug="tass").values_list("pk", flat=True))
    assert found == (tass if q == "TASS" else seeds)
    assert tass
    assert shown in expansions[q]


def test_the_results_page_shows_the_expansion(client, seeds):
    response = client.get("/search/", {"q": "Paris"})
    note = response.content.decode().split('class="notice expansion"', 1)[1].split("</p>", 1)[0]
    assert "Paris" in note and "Париж" in note
    assert response.status_code == 200
    assert response.context["total"] == 5
    assert response.context["result"].expansions == [{"word": "Paris", "names": ["Париж"]}]
