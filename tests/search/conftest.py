"""A small archive of our own ru/uk/en articles, people and events for the search contract."""
from datetime import date

import pytest

from archive.models import Event, EventArticle, Mention, Outlet, Person, PersonName
from tests.factories import make_article, make_person


@pytest.fixture
def corpus(db):
    """Eight articles; ``corpus[key]`` is the Article."""
    tass = Outlet.objects.create(name="Вестник", slug="test-vestnik", language="ru")
    glavcom = Outlet.objects.create(name="Вісник", slug="test-visnyk", language="uk")
    reuters = Outlet.objects.create(name="Herald", slug="test-herald", language="en")
    articles = {
        "ru_title": make_article(
            "Уиткофф прибыл в Париж",
            "Специальный посланник Стив Уиткофф встретился с европейскими лидерами.",
            "ru", date(2026, 1, 6), outlet=tass),
        "ru_body": make_article(
            "Встреча в Берлине",
            "Переговоры прошли без участия Уиткоффа. Министры обсуждали поставки газа.",
            "ru", date(2026, 1, 5), outlet=tass),
        "uk": make_article(
            "Віткофф зустрівся із Зеленським",
            "Спецпосланець Стів Віткофф провів переговори у Києві з президентом.",
            "uk", date(2026, 1, 7), outlet=glavcom),
        "en": make_article(
            "Witkoff meets allies in Paris",
            "US envoy Steve Witkoff met European allies. The meetings were long.",
            "en", date(2026, 1, 6), outlet=reuters),
        "en_gas": make_article(
            "Gas prices fall", "Energy markets calmed as gas prices fell in Europe.",
            "en", date(2025, 12, 20)),
        "ru_gas": make_article(
            "Цены на газ",
            "Цены на газ в Европе снизились. <script>alert('x')</script> Газовый рынок успокоился, рынок ждёт зимы.",
            "ru", date(2025, 11, 1)),
        "uk_coalition": make_article(
            "Коаліція охочих", "Лідери коаліції охочих зібралися в Парижі, щоб обговорити гарантії.",
            "uk", date(2026, 1, 6), outlet=glavcom),
        "ru_yo": make_article(
            "Ёлка на площади", "На главной площади поставили ёлку.", "ru", date(2025, 12, 25)),
    }
    return articles


@pytest.fixture
def witkoff(corpus):
    """Steve Witkoff with his names in three scripts, mentioned in the four Witkoff articles.

    The curated people may already hold him (reference data); his names are made sure of.
    """
    person = Person.objects.filter(slug="steve-witkoff").first() or make_person(
        "Steve Witkoff", "steve-witkoff", origin=Person.Origin.CURATED)
    for language, form in (("en", "Steve Witkoff"), ("ru", "Стив Уиткофф"), ("uk", "Стів Віткофф")):
        PersonName.objects.get_or_create(person=person, name=form, language=language)
    for key in ("ru_title", "ru_body", "uk", "en"):
        Mention.objects.create(article=corpus[key], person=person)
    return person


@pytest.fixture
def paris_meeting(corpus):
    event = Event.objects.create(slug="test-paris-meeting", name_en="Paris meeting", name_ru="Встреча в Париже",
                                 start_date=date(2026, 1, 6))
    for key in ("ru_title", "en", "uk_coalition"):
        EventArticle.objects.create(event=event, article=corpus[key])
    return event


@pytest.fixture(params=["database", "tantivy"])
def search_engine(request, settings, tmp_path, monkeypatch):
    """Runs a test once on the database's backend and once on the embedded engine
    (``SEARCH_ENGINE=tantivy``, its index in a temporary folder).

    On the engine, the index is rebuilt from the test's rows before each search reads it:
    tests write their articles inside a transaction that never commits, so the queue's
    sync (run on commit) never fires; tests/search/test_search_engine.py tests the sync
    itself. The fixture's value is the engine's name.
    """
    if request.param == "tantivy" and request.node.get_closest_marker("database_backend"):
        pytest.skip("pins the database backend's statements")
    if request.param == "tantivy":
        from archive.search.engine import store

        settings.SEARCH_ENGINE = "tantivy"
        settings.SEARCH_ENGINE_PATH = tmp_path / "search-index"
        reading = store.searcher

        def rebuilt_then_read():
            store.rebuild()
            return reading()

        monkeypatch.setattr(store, "searcher", rebuilt_then_read)
        store.rebuild()
    return request.param
