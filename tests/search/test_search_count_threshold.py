"""A search's count is exact up to SEARCH_COUNT_THRESHOLD matches; above it, an estimate from
the facets' documented sample, marked approximate in the results, the page and the API, and
the pages end within the threshold. Exports stay exact.

The threshold is a setting, set low here so 30 articles cross it. The sample is the one
archive/search/results.py documents: the ids whose hash (x 2654435761 mod 2**32) falls below
threshold / (the highest id) x 2**32, the sampled matches scaled by that share.
"""
import re
from datetime import date, timedelta

import pytest
import yaml
from django.db import connection

from archive.models import Article, ArticleSearchRow
from archive.search.backends import get_backend
from archive.search.facets import estimate
from archive.search.results import Total
from archive.web.filters import ArticleFilter
from tests.factories import make_article

pytestmark = pytest.mark.django_db

ARTICLES = 30


@pytest.fixture
def estimating(monkeypatch):
    """The estimate is PostgreSQL's plan (SQLite counts exactly, cheaper there): switched on
    for either database, so both run every path of it."""
    monkeypatch.setattr(type(get_backend(connection)), "estimates_counts", True)


@pytest.fixture
def budget_articles():
    """30 articles with "бюджет" (one in the title of each), ten days apart, and 3 without it."""
    made = [make_article(f"Бюджет {i}", f"Депутаты обсудили бюджет {i}", "ru", date(2025, 1, 1) + timedelta(days=10 * i))
            for i in range(ARTICLES)]
    for i in range(3):
        make_article(f"Погода {i}", "Синоптики обещают дождь", "ru", date(2025, 6, 1))
    return made


def results_of(data):
    filterset = ArticleFilter(data=data, queryset=Article.objects.all())
    assert filterset.is_valid(), filterset.errors
    return filterset.results()


def expected_estimate(articles, threshold):
    """The estimate the documentation promises, computed here from the ids alone."""
    share = threshold / max(ArticleSearchRow.objects.order_by("-article_id").values_list("article_id", flat=True)[:1])
    sampled = [a for a in articles if (a.pk * 2654435761) % 2 ** 32 < int(share * 2 ** 32)]
    return max(estimate(len(sampled), share), threshold)


@pytest.mark.parametrize("data", [{"q": "бюджет"}, {"q": "бюджет", "language": "ru"}],
                         ids=["search alone", "with a filter"])
def test_up_to_the_threshold_the_count_is_exact(estimating, settings, budget_articles, data):
    settings.SEARCH_COUNT_THRESHOLD = ARTICLES
    results = results_of(data)
    assert results.total() == Total(ARTICLES, False, ARTICLES)
    assert results.count() == ARTICLES


@pytest.mark.parametrize("data", [{"q": "бюджет"}, {"q": "бюджет", "language": "ru"}],
                         ids=["search alone", "with a filter"])
def test_above_the_threshold_the_count_is_the_sample_scaled_and_marked(estimating, settings, budget_articles, data):
    settings.SEARCH_COUNT_THRESHOLD = ARTICLES - 1
    results = results_of(data)
    total = results.total()
    assert total.approximate and total.at_least == ARTICLES - 1
    assert total.value == expected_estimate(budget_articles, ARTICLES - 1)
    assert results.count() == total.value
    assert results.exact_count() == ARTICLES  # for readers of every match


def test_a_lower_bound_of_the_threshold_counts_as_estimated(estimating, settings, budget_articles):
    # Below the sample's reach (few ids sampled) the estimate never claims fewer than the threshold.
    settings.SEARCH_COUNT_THRESHOLD = 5
    total = results_of({"q": "бюджет"}).total()
    assert total.approximate and total.value >= 5 and total.at_least == 5


def test_the_page_shows_an_estimate_as_approximate_and_pages_within_the_threshold(estimating, settings, client, budget_articles):
    settings.SEARCH_COUNT_THRESHOLD = 25
    html = client.get("/search/", {"q": "бюджет"}).content.decode()
    heading = re.search(r'<h2 id="results-title"[^>]*>(.*?)</h2>', html, re.S).group(1)
    assert "≈" in heading and f"{expected_estimate(budget_articles, 25)} articles found" in heading
    assert "Page 1 of 2" in html  # 25 known matches, 20 a page: two pages, whatever the estimate says
    last = client.get("/search/", {"q": "бюджет", "page": 2}).content.decode()
    assert "Pages beyond 2 are not served." in last
    # The last page served holds what exists up to its end, whatever the estimate says (it
    # may lie below the 30 real matches): the 10 past the first page, none of the first page's.
    shown = re.findall(r'href="/articles/(\d+)/"', last)
    assert len(set(shown)) == ARTICLES - 20
    assert not set(shown) & set(re.findall(r'href="/articles/(\d+)/"', html))
    # Past the last page served: the last page, as for any out-of-range number.
    assert "Page 2 of 2" in client.get("/search/", {"q": "бюджет", "page": 3}).content.decode()


def test_the_page_shows_an_exact_count_without_the_mark(estimating, settings, client, budget_articles):
    settings.SEARCH_COUNT_THRESHOLD = ARTICLES
    html = client.get("/search/", {"q": "бюджет"}).content.decode()
    heading = re.search(r'<h2 id="results-title"[^>]*>(.*?)</h2>', html, re.S).group(1)
    assert "≈" not in heading and f"{ARTICLES} articles found" in heading
    assert "Page 1 of 2" in html
    assert "not served" not in client.get("/search/", {"q": "бюджет", "page": 2}).content.decode()


def test_the_api_marks_an_estimated_count_and_its_pages_end_within_the_threshold(estimating, settings, client, budget_articles):
    settings.SEARCH_COUNT_THRESHOLD = 25
    first = client.get("/api/articles/", {"q": "бюджет", "page_size": 10}).json()
    assert first["count_approximate"] is True
    assert first["count"] == expected_estimate(budget_articles, 25)
    third = client.get("/api/articles/", {"q": "бюджет", "page_size": 10, "page": 3}).json()
    assert len(third["results"]) == 10 and third["next"] is None  # items 21-30: the page holding the 25th
    assert client.get("/api/articles/", {"q": "бюджет", "page_size": 10, "page": 4}).status_code == 404


def test_the_api_count_is_exact_up_to_the_threshold(estimating, settings, client, budget_articles):
    settings.SEARCH_COUNT_THRESHOLD = ARTICLES
    data = client.get("/api/articles/", {"q": "бюджет", "page_size": 10}).json()
    assert data["count"] == ARTICLES and data["count_approximate"] is False
    assert client.get("/api/articles/", {"q": "бюджет", "page_size": 10, "page": 3}).json()["next"] is None


def test_exports_count_every_match_exactly(estimating, settings, client, budget_articles):
    settings.SEARCH_COUNT_THRESHOLD = 5
    response = client.get("/api/articles/", {"q": "бюджет", "format": "jsonl"})
    assert response["X-Export-Total"] == str(ARTICLES)
    assert len(b"".join(response.streaming_content).splitlines()) == ARTICLES


def test_the_schema_documents_count_approximate(client):
    spec = yaml.safe_load(client.get("/api/schema/").content)
    paged = spec["components"]["schemas"]["PaginatedArticleListList"]
    assert "count_approximate" in paged["required"]
    assert paged["properties"]["count_approximate"]["type"] == "boolean"


def test_a_repeated_search_keeps_its_estimate_marked_from_the_cache(estimating, settings, client, budget_articles, tmp_path,
                                                                     django_assert_max_num_queries):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                                   "LOCATION": str(tmp_path / "cache")}}
    settings.SEARCH_CACHE_SECONDS = 300
    settings.SEARCH_COUNT_THRESHOLD = 25
    first = client.get("/api/articles/", {"q": "бюджет"}).json()
    with django_assert_max_num_queries(3):  # the page's rows and their links only: no count statement
        again = client.get("/api/articles/", {"q": "бюджет"}).json()
    assert again["count_approximate"] is True and again["count"] == first["count"]
    assert "≈" in client.get("/search/", {"q": "бюджет"}).content.decode()


def test_postgresql_estimates_above_the_threshold_and_sqlite_counts_exactly(settings, client, budget_articles):
    settings.SEARCH_COUNT_THRESHOLD = 25
    data = client.get("/api/articles/", {"q": "бюджет"}).json()
    if connection.vendor == "postgresql":
        assert data["count_approximate"] is True and data["count"] == expected_estimate(budget_articles, 25)
    else:
        assert data["count_approximate"] is False and data["count"] == ARTICLES
