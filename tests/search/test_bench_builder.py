"""The bench's fast archive builder stores what the ordinary path stores.

bench/build_archive.py writes with COPY (PostgreSQL) or executemany (SQLite) while the
index triggers are off, then builds the index in bulk. A million-article benchmark is
only worth reading if those rows search like the ones the triggers write: the same
200 articles built both ways must answer the same searches, pages and facets, and hold
the same search rows and index.
"""
from collections import Counter
from datetime import date

import pytest
from django.db import connection

from archive.models import Article, EventArticle, Mention
from archive.search.backends.base import SEARCH_TABLE
from archive.search.facets import compute_facets
from archive.web.filters import ArticleFilter
from bench.build_archive import build, build_ordinary
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=False)

N = 200


def queries() -> list[str]:
    """Words of the built articles (common and rare ones), a phrase, a prefix, an OR and a name."""
    words = Counter(w for body in Article.objects.values_list("body", flat=True) for w in body.lower().split())
    ranked = [w for w, _ in words.most_common() if w.isalpha() and len(w) > 3]
    common, rare = ranked[:3], ranked[len(ranked) // 2: len(ranked) // 2 + 2]
    first = Article.objects.order_by("pk").first().body.split()
    return [*common, *rare, f'"{first[0]} {first[1]}"', common[0][:3] + "*", f"{common[1]} OR {rare[0]}",
            "Зеленский", "Witkoff", f"{common[0]} -{common[1]}"]


def answers(qs: list[str]) -> dict:
    found = {}
    for q in qs:
        filterset = ArticleFilter(data={"q": q}, queryset=Article.objects.all())
        assert filterset.is_valid(), filterset.errors
        results = filterset.results()
        facets = compute_facets(results)
        found[q] = (results.count(), [a.pk for a in results[0:20]],
                    {name: facets[name] for name in ("language", "outlet", "person", "event")},
                    sorted(facets.days_by_language))
    return found


def stored() -> dict:
    """Everything the search path reads, as comparable values."""
    with connection.cursor() as cursor:
        columns = "article_id, published, language, outlet_id"
        if connection.vendor == "postgresql":
            columns += ", vector::text, title_vector::text"
        cursor.execute(f"SELECT {columns} FROM {SEARCH_TABLE} ORDER BY article_id")
        rows = cursor.fetchall()
    return {
        "articles": list(Article.objects.order_by("pk").values_list(
            "pk", "title", "body", "published", "language", "outlet_id", "title_lemmas", "body_lemmas",
            "content_hash", "tags")),
        "mentions": sorted(Mention.objects.values_list("article_id", "person_id", "count")),
        "links": sorted(EventArticle.objects.values_list("event_id", "article_id", "source")),
        "search rows": rows,
    }


def test_fast_build_searches_like_the_ordinary_path():
    build(N)
    assert Article.objects.count() == N
    qs = queries()
    fast, fast_rows = answers(qs), stored()
    assert any(count > 20 for count, *_ in fast.values())  # the mix reaches past one page
    assert any(0 < count < 10 for count, *_ in fast.values())
    assert fast["Зеленский"][0] > 0 and fast["Зеленский"][2]["person"]  # names and their mentions

    Article.objects.all().delete()
    build_ordinary(N)
    assert answers(qs) == fast
    ordinary_rows = stored()
    for table in fast_rows:
        assert ordinary_rows[table] == fast_rows[table], table


def _search_table_indexes() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [SEARCH_TABLE])
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = %s", [SEARCH_TABLE])
        return {row[0] for row in cursor.fetchall()}


def test_after_a_fast_build_the_triggers_index_new_articles_again():
    before = _search_table_indexes()
    assert f"{SEARCH_TABLE}_newest" in before  # the ranked page's tiers walk it (migration 0016)
    build(20)
    assert _search_table_indexes() == before  # the builder drops them and builds them all again
    article = make_article("Zebras cross the bridge", "A herd of zebras crossed the bridge at dawn.", "en",
                           date(2026, 1, 2))
    filterset = ArticleFilter(data={"q": "zebras"}, queryset=Article.objects.all())
    assert filterset.is_valid()
    assert [a.pk for a in filterset.results()[0:20]] == [article.pk]
