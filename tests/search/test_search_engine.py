"""What is particular to the embedded search engine (SEARCH_ENGINE=tantivy): its index built
and kept in sync, its pages in the database backends' order, its facets adding up to what a
click shows, and the searches it leaves to the database."""
from __future__ import annotations

import io
import threading
import time
from datetime import date

import pytest
import tantivy
from django.core.management import call_command
from django.http import QueryDict

from archive.models import Article, EventArticle, Mention
from archive.search import SearchResults
from archive.search.engine import store
from archive.search.engine.results import EngineResults
from archive.web.filters import ArticleFilter
from archive.web.selectors import search_facets
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def engine_on(settings, tmp_path):
    settings.SEARCH_ENGINE = "tantivy"
    settings.SEARCH_ENGINE_PATH = tmp_path / "search-index"
    return settings.SEARCH_ENGINE_PATH


def results(query: str = "", **params):
    filterset = ArticleFilter(data=QueryDict(query, mutable=True) if query else params,
                              queryset=Article.objects.all())
    assert filterset.is_valid(), filterset.errors
    return filterset, filterset.results()


def page_ids(query: str, start: int = 0, stop: int = 50):
    return [article.pk for article in results(query)[1][start:stop]]


def test_the_rebuild_command_builds_the_engine_index_with_a_progress_line(corpus, engine_on):
    out = io.StringIO()
    call_command("rebuild_search_index", "--engine-only", stdout=out)
    assert f"search engine: {len(corpus)}/{len(corpus)} articles" in out.getvalue()
    _filterset, found = results("q=газ")
    assert isinstance(found, EngineResults)
    assert {article.pk for article in found[0:10]} == {corpus["ru_body"].pk, corpus["ru_gas"].pk}


def test_without_an_index_the_database_answers(corpus, engine_on):
    _filterset, found = results("q=газ")
    assert isinstance(found, SearchResults) and found.count() == 2


def test_a_filter_the_engine_does_not_index_goes_to_the_database(corpus, engine_on):
    store.rebuild()
    cited = corpus["ru_body"].outlet
    corpus["ru_body"].cited_outlets.add(cited)
    _filterset, found = results(f"q=газ&cites={cited.slug}")
    assert not isinstance(found, EngineResults)
    assert [article.pk for article in found[0:10]] == [corpus["ru_body"].pk]
    assert isinstance(results("q=газ&language=ru")[1], EngineResults)


def test_saved_changed_and_deleted_articles_are_synced_by_the_queue(
        corpus, witkoff, paris_meeting, engine_on, django_capture_on_commit_callbacks):
    store.rebuild()
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article("Урожай пшеницы", "Фермеры собрали урожай.", "ru", date(2026, 3, 1))
    assert page_ids("q=пшеница") == [article.pk]

    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Урожай ячменя"
        article.save()
    assert page_ids("q=пшеница") == [] and page_ids("q=ячмень") == [article.pk]

    assert article.pk not in page_ids("person=steve-witkoff")
    with django_capture_on_commit_callbacks(execute=True):
        Mention.objects.create(article=article, person=witkoff)
        EventArticle.objects.create(event=paris_meeting, article=article)
    assert article.pk in page_ids("person=steve-witkoff")
    assert article.pk in page_ids("event=test-paris-meeting")

    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert page_ids("q=ячмень") == []
    assert article.pk not in page_ids("person=steve-witkoff")


def test_a_merge_moves_the_person_filter_to_the_survivor(corpus, witkoff, engine_on,
                                                         django_capture_on_commit_callbacks, django_user_model):
    from archive.curation.people import merge_people
    from tests.factories import make_person

    other = make_person("Steven Witkoff", "steven-witkoff")
    Mention.objects.create(article=corpus["en_gas"], person=other)
    store.rebuild()
    editor = django_user_model.objects.create_user("editor", is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        merge_people(witkoff, other, acting_user=editor)
    assert corpus["en_gas"].pk in page_ids("person=steve-witkoff")
    assert corpus["en_gas"].pk in page_ids("person=steven-witkoff")  # the old slug means the survivor


def test_each_facet_count_is_what_a_click_on_it_shows(corpus, witkoff, paris_meeting, engine_on):
    store.rebuild()
    for query in ("q=Witkoff", "q=газ OR Париж", ""):
        filterset, found = results(query)
        facets = search_facets(filterset, total=found.count())
        assert not any(item["approximate"] for name in ("language", "outlet", "person", "event")
                       for item in facets[name])
        for name in ("language", "outlet", "person", "event"):
            for item in facets[name]:
                clicked = results(f"{query}&{name}={item['value']}".lstrip("&"))[1]
                assert isinstance(clicked, EngineResults)
                assert clicked.count() == item["count"], (query, name, item)
        assert sum(item["count"] for item in facets["date"]) + facets.undated == found.count()


@pytest.fixture
def varied():
    """60 articles with title and body hits, equal dates, missing dates and several outlets."""
    made = []
    for i in range(60):
        title = ["Урожай пшеницы", "Новости дня", "Пшеница дорожает", "Погода"][i % 4]
        body = ["Фермеры собрали урожай пшеницы.", "Урожай в этом году велик.", "Цены на хлеб растут.",
                "Дожди помешали урожаю, пшеница полегла."][(i // 4) % 4]
        published = None if i % 11 == 0 else date(2026, 1, 1 + (i % 9))
        made.append(make_article(f"{title} {i}", body, "ru" if i % 3 else "uk", published))
    return made


QUERIES = ("урожай", "урожай OR пшеница", "урожай пшеница", '"урожай пшеницы"', "-урожай", "урож*",
           "(урожай OR хлеб) -погода", "пшеница OR цены OR дожди")


def test_the_engine_pages_equal_the_database_backends(varied, settings, tmp_path):
    expected = {}
    for q in QUERIES:
        for sort in ("", "newest", "oldest"):
            for start, stop in ((0, 7), (7, 14), (0, 20), (20, 40)):
                expected[q, sort, start, stop] = [(a.pk, getattr(a, "rank", None))
                                                  for a in results(q=q, sort=sort)[1][start:stop]]
            expected[q, sort] = list(ArticleFilter(data={"q": q, "sort": sort}, queryset=Article.objects.all())
                                     .qs.values_list("pk", flat=True))
    settings.SEARCH_ENGINE = "tantivy"
    settings.SEARCH_ENGINE_PATH = tmp_path / "search-index"
    store.rebuild()
    for (q, sort, *window), want in expected.items():
        if window:
            start, stop = window
            found = results(q=q, sort=sort)[1]
            assert isinstance(found, EngineResults)
            assert [(a.pk, getattr(a, "rank", None)) for a in found[start:stop]] == want, (q, sort, start, stop)
        else:
            every = ArticleFilter(data={"q": q, "sort": sort}, queryset=Article.objects.all()).qs
            assert list(every.values_list("pk", flat=True)) == want, (q, sort)
            # The engine's ids reach the database as one parameter a list (the matches', and one
            # per rank with its value), however many match.
            ranks = set(every.values_list("rank", flat=True)) if "rank" in every.query.annotations else set()
            assert len(every.query.sql_with_params()[1]) <= 1 + 2 * len(ranks) + 1, (q, sort)


def test_a_writer_waits_for_the_lock_another_writer_holds(corpus, engine_on):
    store.rebuild()
    other = tantivy.Index.open(str(engine_on)).writer(heap_size=15_000_000, num_threads=1)  # as another process

    def release():
        time.sleep(0.5)
        nonlocal other
        other.rollback()
        del other

    thread = threading.Thread(target=release)
    thread.start()
    started = time.monotonic()
    assert store.reindex([corpus["ru_gas"].pk]) == 1
    thread.join()
    assert time.monotonic() - started >= 0.4


def test_a_bulk_import_is_synced_with_its_mentions(engine_on, django_capture_on_commit_callbacks):
    from archive.ingest.service import ImportOptions, InputFile, import_inputs
    from archive.models import ImportBatch, Person

    store.rebuild()
    text = ("date 2026-03-02 Засідання громади\n\nГолова громади Остап Вишняченко розповів про ремонт школи. "
            "За словами Остапа, роботи завершать до осені.\n").encode("utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        import_inputs([InputFile("a.txt", text)], options=ImportOptions(), origin=ImportBatch.Origin.COMMAND)
    (article,) = Article.objects.all()
    assert page_ids("q=школа") == [article.pk]
    person = Person.objects.get(names__name="Остап Вишняченко")
    assert page_ids(f"person={person.slug}") == [article.pk]


API_SEARCHES = ({"q": "Witkoff"}, {"q": "газ OR Париж", "language": ["ru", "uk"]}, {"q": "-рынок", "sort": "oldest"},
                {"person": "steve-witkoff"}, {"q": '"стив уиткофф"'}, {"q": "Witkoff", "event": "test-paris-meeting"},
                {"date_from": "2026-01-06", "date_to": "2026-01-07", "page_size": "2", "page": "2"})


def test_the_api_and_the_page_answer_the_same_on_the_engine(corpus, witkoff, paris_meeting, client, settings, tmp_path):
    def answers():
        found = []
        for params in API_SEARCHES:
            data = client.get("/api/articles/", params).json()
            found.append((data["count"], data["count_approximate"], [row["id"] for row in data["results"]],
                          [row["snippet"] for row in data["results"]], data["facets"]))
        page = client.get("/search/", {"q": "Witkoff"})
        assert page.status_code == 200
        found.append(([article.pk for article in page.context["page"].object_list], page.context["total"]))
        return found

    on_database = answers()
    settings.SEARCH_ENGINE = "tantivy"
    settings.SEARCH_ENGINE_PATH = tmp_path / "search-index"
    store.rebuild()
    assert isinstance(results("q=Witkoff")[1], EngineResults)  # the engine answers now
    assert answers() == on_database


def test_the_engine_facets_equal_the_database_facets_ties_included(settings, tmp_path):
    from archive.models import Outlet
    from archive.search.facets import compute_facets
    from tests.factories import make_person

    people = [make_person(f"Person {name}", f"person-{name.lower()}") for name in ("Beta", "alpha", "Gamma", "Äpfel")]
    for i in range(30):  # 30 outlets and four people, most of them tied on one or two articles
        outlet = Outlet.objects.create(name=f"Outlet {'BAab'[i % 4]}{i:02d}", slug=f"outlet-{i}", language="ru")
        article = make_article(f"Урожай {i}", "Фермеры собрали урожай.", "ru", date(2025, 1 + i % 12, 1 + i % 27),
                               outlet=outlet)
        Mention.objects.create(article=article, person=people[i % 4])
    wanted = {q: compute_facets(results(q=q)[1]) for q in ("урожай", "фермер OR урожай")}
    settings.SEARCH_ENGINE = "tantivy"
    settings.SEARCH_ENGINE_PATH = tmp_path / "search-index"
    store.rebuild()
    for q, facets in wanted.items():
        found = compute_facets(results(q=q)[1])
        assert found == facets
        assert (sorted(found.days_by_language), found.undated) == (sorted(facets.days_by_language), facets.undated)


def test_an_unknown_search_engine_stops_the_start(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "SEARCH_ENGINE": "elastic", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    done = subprocess.run([sys.executable, "manage.py", "check"], cwd=root, env=env, capture_output=True, text=True)
    assert done.returncode != 0
    assert "SEARCH_ENGINE must be database or tantivy, not 'elastic'" in done.stderr
