"""A phrase is evaluated once per search on SQLite: its ids are kept for the connection, and
the count, the page and the facets read them (the same answers as evaluating it each time)."""
from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Article, Outlet
from archive.search.facets import compute_facets
from archive.search.results import SearchResults
from archive.web.filters import ArticleFilter
from tests.factories import make_article

pytestmark = pytest.mark.django_db

PHRASE = '"урожай пшеницы"'


@pytest.fixture
def harvest():
    """20 articles with the phrase (some in the title), 10 with both words apart, 2 outlets."""
    north = Outlet.objects.create(name="North", slug="test-north", language="ru")
    south = Outlet.objects.create(name="South", slug="test-south", language="ru")
    phrase, apart = [], []
    for i in range(30):
        if i < 20:
            title, body = ("Урожай пшеницы" if i % 5 == 0 else f"Новости {i}"), "Фермеры собрали урожай пшеницы."
        else:
            title, body = f"Погода {i}", "Урожай хороший, а пшеницы мало."
        article = make_article(title, body, published=date(2025, 1, 1) + timedelta(days=i), outlet=north if i % 2 else south)
        (phrase if i < 20 else apart).append(article)
    return phrase, apart


def results_of(q, **data):
    filterset = ArticleFilter(data={"q": q, **data}, queryset=Article.objects.all())
    assert filterset.is_valid(), filterset.errors
    return filterset.results()


def evaluated_each_time(results):
    """The same search with its match read from the index by every statement."""
    return SearchResults(results.articles, parsed=results.parsed, ranking=results.ranking,
                         match=replace(results.match, expensive=False))


def index_lookups(queries):
    """Statements that evaluate the whole phrase on the index (the title tier's lookups are the
    ranking's, on the title column only)."""
    return [q["sql"] for q in queries if "MATCH" in q["sql"] and "title_lemmas :" not in q["sql"]]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite keeps a phrase's ids (FTS5 re-reads positions)")
def test_a_phrase_is_evaluated_once_for_the_page_the_count_and_the_facets(settings, harvest):
    phrase, _apart = harvest
    settings.SEARCH_FACET_SAMPLE_THRESHOLD = 10  # the sampled facets read the kept ids too
    results = results_of(PHRASE)
    with CaptureQueriesContext(connection) as queries:
        page = results[0:7]
        count = results.count()
        facets = compute_facets(results, total=count)
    assert len(index_lookups(queries)) == 1
    assert count == 20 and len(page) == 7
    assert {a.pk for a in page} <= {a.pk for a in phrase}
    assert facets.approximate


def test_kept_ids_give_the_answers_of_the_index(settings, harvest):
    """Page, count and facets (exact and sampled) are those of the index read each time."""
    phrase, _apart = harvest
    for threshold in (100, 10):
        settings.SEARCH_FACET_SAMPLE_THRESHOLD = threshold
        kept, each = results_of(PHRASE), None
        each = evaluated_each_time(kept)
        assert kept.count() == each.count() == 20
        assert [a.pk for a in kept[0:20]] == [a.pk for a in each[0:20]]
        assert {a.pk for a in kept[0:20]} == {a.pk for a in phrase}
        assert compute_facets(kept) == compute_facets(each)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite keeps a phrase's ids")
def test_a_connection_keeps_the_ids_of_its_last_searches_only(harvest):
    from archive.search.backends.sqlite import KEPT_IDS, KEPT_SEARCHES

    kept = []
    for _ in range(KEPT_SEARCHES + 3):
        results = results_of(PHRASE)
        assert results.count() == 20
        kept.append(results)
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_temp_master WHERE type = 'table' AND name LIKE %s", [KEPT_IDS + "%"])
        tables = [row[0] for row in cursor.fetchall()]
        assert len(tables) == KEPT_SEARCHES
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM temp.{table}")
            assert cursor.fetchone() == (20,)
    assert len(kept[-1][0:20]) == 20  # the newest still read their ids


def test_a_word_is_read_from_the_index_each_time_and_a_phrase_with_a_filter_from_the_articles(harvest):
    """The cheap common case keeps nothing (a word is one doclist read); with another
    filter the articles are filtered and counted by the ORM, which keeps nothing either."""
    word = results_of("пшеница")
    assert word.matched() is word.match and word.count() == 30
    filtered = results_of(PHRASE, outlet=["test-north"])
    assert filtered.match is None and filtered.count() == 10


def test_postgresql_keeps_no_ids(harvest):
    """On PostgreSQL a phrase is one exact index lookup (pair lexemes) and a read replica
    could not write a temporary table: the match is read from the index each time."""
    results = results_of(PHRASE)
    if connection.vendor == "postgresql":
        assert not results.match.expensive and results.matched() is results.match
    else:
        assert results.match.expensive and results.matched() is not results.match
    assert results.count() == 20


@pytest.mark.parametrize("path", ["/search/", "/api/articles/"])
def test_the_page_and_the_api_count_the_matches_once(client, settings, harvest, path):
    """The paginator's count is the one the facets get (it also decides their sample)."""
    settings.SEARCH_FACET_SAMPLE_THRESHOLD = 10
    for q in ("пшеница", PHRASE):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, {"q": q})
        assert response.status_code == 200
        counts = [s["sql"] for s in queries if s["sql"].lstrip().upper().startswith("SELECT COUNT(*) FROM (")]
        kept = [s["sql"] for s in queries if "INSERT INTO temp." in s["sql"]]
        if q == PHRASE and connection.vendor == "sqlite":
            assert counts == [] and len(kept) == 1  # counted as its ids were kept
        else:
            assert len(counts) == 1, counts


@pytest.fixture
def tiers(monkeypatch):
    """The first page of a few matches read by tiers (the thresholds lowered, see test_search_top_page)."""
    from archive.search.backends import base

    monkeypatch.setattr(base, "TOPK_MIN_MATCHES", 5)
    monkeypatch.setattr(base, "TOPK_WINDOW_MARGIN", 0)
    monkeypatch.setattr(base.SearchBackend, "archive_size", lambda backend: Article.objects.count())


@pytest.mark.parametrize("stop", [3, 7, 20])
def test_a_phrase_first_page_by_tiers_is_the_full_sort(harvest, tiers, stop):
    """The tiers of a phrase's first page (on SQLite: over its kept ids) give the whole ranked
    order's first rows: the four titled matches first, then the newest others."""
    results = results_of(PHRASE)
    with CaptureQueriesContext(connection) as queries:
        page = results[0:stop]
    assert any("WITH titled" in q["sql"] for q in queries)  # the tiers, not the full sort
    expected = [(a.pk, a.rank) for a in results.as_queryset()][:stop]
    assert [(a.pk, a.rank) for a in page] == expected
    assert [a.pk for a in page] == [a.pk for a in evaluated_each_time(results)[0:stop]]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite keeps a phrase's ids")
def test_a_phrase_first_page_reads_its_kept_ids_and_the_titles_once(harvest, tiers):
    """The untitled tier looks the newest rows up among the kept ids and the titled tier's rows:
    the page's statement asks FTS5 for the titles only, the phrase is not evaluated again."""
    results = results_of(PHRASE)
    with CaptureQueriesContext(connection) as queries:
        page = results[0:7]
        count = results.count()
    assert count == 20 and len(page) == 7
    (top,) = [q["sql"] for q in queries if "WITH titled" in q["sql"]]
    assert top.count("MATCH") == 1 and "MATCH 'title_lemmas :" in top
    assert len(index_lookups(queries)) == 1  # the keep
