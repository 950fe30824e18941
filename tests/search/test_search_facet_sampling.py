"""Facets of many matches are estimated from a documented sample; of few, counted exactly.

The threshold is a setting (SEARCH_FACET_SAMPLE_THRESHOLD), set low here so a handful of
articles crosses it. The sample is the one archive/search/facets.py documents: the matches
whose id, times 2654435761 modulo 2**32, falls below share x 2**32.
"""
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Article
from archive.search.facets import compute_facets, estimate
from archive.web.filters import ArticleFilter
from tests.factories import make_article

pytestmark = pytest.mark.django_db

LANGUAGES = ("ru", "uk", "en")
TEXT = {"ru": ("Совет собрался", "Депутаты обсудили бюджет"), "uk": ("Рада зібралася", "Депутати обговорили бюджет"),
        "en": ("Council met", "Deputies discussed the budget")}


@pytest.fixture
def budget_articles():
    """30 articles with a budget word in every language, over ten months (wide range)."""
    made = []
    for i in range(30):
        language = LANGUAGES[i % 3]
        title, body = TEXT[language]
        made.append(make_article(f"{title} {i}", f"{body} бюджет budget", language, date(2025, 1 + i % 10, 1 + i % 28)))
    return made


def search_facets(q, total=None):
    filterset = ArticleFilter(data={"q": q}, queryset=Article.objects.all())
    assert filterset.is_valid(), filterset.errors
    results = filterset.results()
    return results, compute_facets(results, total=total)


def in_sample(pk: int, share: float) -> bool:
    return (pk * 2654435761) % 2 ** 32 < int(share * 2 ** 32)


def test_at_the_threshold_the_counts_are_exact(settings, budget_articles):
    settings.SEARCH_FACET_SAMPLE_THRESHOLD = 30
    results, facets = search_facets("бюджет")
    assert results.count() == 30
    assert not facets.approximate
    assert {row["value"]: row["count"] for row in facets["language"]} == {"ru": 10, "uk": 10, "en": 10}
    assert all(not row["approximate"] for name in facets for row in facets[name])
    assert sum(row["count"] for row in facets["date"]) == 30


def test_above_the_threshold_the_counts_are_the_sample_scaled_and_marked(settings, budget_articles):
    settings.SEARCH_FACET_SAMPLE_THRESHOLD = 12
    results, facets = search_facets("бюджет")
    share = 12 / 30
    assert facets.approximate and facets.share == pytest.approx(share)
    sampled = [a for a in budget_articles if in_sample(a.pk, share)]
    expected = {}
    for article in sampled:
        expected[article.language] = expected.get(article.language, 0) + 1
    got = {row["value"]: row["count"] for row in facets["language"]}
    assert got == {language: estimate(n, share) for language, n in expected.items()}
    assert all(row["approximate"] for name in facets for row in facets[name])


def test_estimates_keep_two_significant_digits():
    assert estimate(4123, 0.1) == 41000
    assert estimate(7, 0.1) == 70
    assert estimate(1, 0.5) == 2
    assert estimate(123, 1.0) == 123  # exact counts stay exact


def test_wide_ranges_are_grouped_by_month_in_the_statement(budget_articles):
    results, facets = search_facets("бюджет")
    assert [row["value"] for row in facets["date"]] == [f"2025-{m:02d}" for m in range(1, 11)]
    assert sum(n for _day, _language, n in facets.days_by_language) == 30
    assert {day.day for day, _language, _n in facets.days_by_language} == {1}  # months, keyed by their first day


def test_narrow_ranges_are_grouped_by_day():
    for i, day in enumerate((1, 2, 2, 20)):
        make_article(f"Совет собрался {i}", "Депутаты обсудили бюджет", "ru", date(2025, 3, day))
    _results, facets = search_facets("бюджет")
    assert facets["date"] == [{"value": "2025-03-01", "label": "2025-03-01", "count": 1, "approximate": False},
                              {"value": "2025-03-02", "label": "2025-03-02", "count": 2, "approximate": False},
                              {"value": "2025-03-20", "label": "2025-03-20", "count": 1, "approximate": False}]


def test_the_facets_are_one_statement_with_one_pass_for_language_outlet_and_date(settings, budget_articles):
    """Pins the fast path: given the count, one statement; language, outlet and date sum the
    cells of one GROUP BY; above the threshold the matches are sampled in that statement."""
    settings.SEARCH_FACET_SAMPLE_THRESHOLD = 12
    filterset = ArticleFilter(data={"q": "бюджет"}, queryset=Article.objects.all())
    assert filterset.is_valid()
    results = filterset.results()
    with CaptureQueriesContext(connection) as queries:
        compute_facets(results, total=30)
    assert len(queries) == 1
    sql = queries[0]["sql"]
    assert "2654435761" in sql  # the sample
    assert sql.count("FROM matched GROUP BY") == 1  # the cells: the one pass for three facets
    assert "FROM cells GROUP BY language" in sql
    settings.SEARCH_FACET_SAMPLE_THRESHOLD = 30
    with CaptureQueriesContext(connection) as queries:
        compute_facets(results, total=30)
    assert len(queries) == 1 and "2654435761" not in queries[0]["sql"]


def test_the_page_and_the_api_show_approximate_counts(client, settings, budget_articles):
    settings.SEARCH_FACET_SAMPLE_THRESHOLD = 12
    page = client.get("/search/", {"q": "бюджет"})
    assert page.status_code == 200
    assert "≈" in page.content.decode()
    api = client.get("/api/articles/", {"q": "бюджет"}).json()
    assert api["count"] == 30  # the count itself stays exact
    assert all(row["approximate"] for row in api["facets"]["language"])
    settings.SEARCH_FACET_SAMPLE_THRESHOLD = 30
    assert "≈" not in client.get("/search/", {"q": "бюджет"}).content.decode()
    assert not any(row["approximate"] for row in client.get("/api/articles/", {"q": "бюджет"}).json()["facets"]["language"])


def test_with_another_filter_the_sample_is_of_the_filtered_matches(settings, budget_articles):
    """Search and a language: the sample is taken on the filtered articles' ids, and the
    scaled counts are those of the sampled Russian matches only."""
    settings.SEARCH_FACET_SAMPLE_THRESHOLD = 4
    filterset = ArticleFilter(data={"q": "бюджет", "language": ["ru"]}, queryset=Article.objects.all())
    assert filterset.is_valid(), filterset.errors
    results = filterset.results()
    assert results.match is None and results.count() == 10
    facets = compute_facets(results)
    share = 4 / 10
    sampled = [a for a in budget_articles if a.language == "ru" and in_sample(a.pk, share)]
    assert sampled  # the fixture's ids give a sample: the test compares real counts
    assert facets.approximate
    assert {row["value"]: row["count"] for row in facets["language"]} == {"ru": estimate(len(sampled), share)}
    months = {}
    for article in sampled:
        key = article.published.strftime("%Y-%m")
        months[key] = months.get(key, 0) + 1
    assert {row["value"]: row["count"] for row in facets["date"]} == {
        key: estimate(n, share) for key, n in months.items()}


def test_the_sample_is_taken_on_the_index_ids_before_the_narrow_rows_are_read(settings, budget_articles):
    """The sampled narrow lookup is driven by the sampled ids: the hash is tested in the
    index's own query (FTS5's MATCH, the GIN-indexed vector test), not on the narrow rows of
    every match afterwards."""
    settings.SEARCH_FACET_SAMPLE_THRESHOLD = 12
    filterset = ArticleFilter(data={"q": "бюджет"}, queryset=Article.objects.all())
    assert filterset.is_valid()
    results = filterset.results()
    with CaptureQueriesContext(connection) as queries:
        compute_facets(results, total=30)
    sql = " ".join(queries[0]["sql"].split())
    bound = int(12 / 30 * 2 ** 32)
    if connection.vendor == "sqlite":
        sampled_ids = (r"IN \(SELECT rowid FROM archive_article_fts WHERE archive_article_fts MATCH '(?:[^']|'')*'"
                       rf" AND \(rowid \* 2654435761\) % 4294967296 < {bound}\)")
    else:
        sampled_ids = (r"WHERE vector @@ \(SELECT to_tsquery\('simple'::regconfig, '(?:[^']|'')*'\)\)"
                       rf" AND \(article_id \* 2654435761\) % 4294967296 < {bound}\)")
    assert re.search(sampled_ids, sql), sql
    assert sql.count("2654435761") == 1  # no second test on the rows afterwards
