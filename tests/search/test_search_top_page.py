"""The first ranked page by tiers (``SearchBackend.top_page``) gives what the full sort gives.

For a common word the page is read as the titled matches (ranked and sorted) followed by
the newest untitled ones, found in a window of the newest narrow rows, instead of ranking
and sorting every match. The thresholds are lowered here so a small archive takes that
path; each test checks the path was taken (or not) and compares ids and ranks with the
full sort, in order.
"""
from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from archive.models import Article, Outlet
from archive.search.backends import base
from archive.web.filters import ArticleFilter
from tests.factories import build_article, bulk_create_articles

pytestmark = pytest.mark.django_db

N = 160


@pytest.fixture
def fields(monkeypatch):
    """160 articles: "урожай" in the body of three in four, in the title of one in seven,
    "пшеница" in some; four articles a day (equal dates), six undated, two outlets."""
    monkeypatch.setattr(base, "TOPK_MIN_MATCHES", 10)
    monkeypatch.setattr(base, "TOPK_WINDOW_MARGIN", 0)
    # The highest id bounds the row count; a test database's ids do not restart at 1 on
    # PostgreSQL, so the exact count (as good a bound) keeps the windows the same on both.
    monkeypatch.setattr(base.SearchBackend, "archive_size", lambda backend: Article.objects.count())
    north = Outlet.objects.create(name="North", slug="test-north", language="ru")
    south = Outlet.objects.create(name="South", slug="test-south", language="ru")
    rows = []
    for i in range(N):
        title = ("Урожай пшеницы" if i % 14 == 0 else "Урожай собран") if i % 7 == 0 else f"Новости дня {i}"
        words = ["Жители говорят о погоде."]
        if i % 4:
            words.append("Урожай в этом году хороший.")
        if i % 5 == 0:
            words.append("Пшеница уродилась.")
        if i % 9 == 0:
            words.append("Фермер доволен.")
        published = None if i % 27 == 5 else date(2025, 1, 1) + timedelta(days=(i * 37 % N) // 4)
        rows.append(build_article(title, " ".join(words), published=published, outlet=north if i % 2 else south))
    return bulk_create_articles(rows)


def searched(params):
    filterset = ArticleFilter(data=params, queryset=Article.objects.all())
    assert filterset.is_valid(), filterset.errors
    return filterset.results()


def full_sort(params):
    """(id, rank) of every result in the order of the whole ranked QuerySet (no tiers, no window)."""
    return [(a.pk, a.rank) for a in searched(params).as_queryset()]


def page(params, start, stop):
    """(id, rank) of results[start:stop] as a paginator reads it (counted first), and the SQL it ran."""
    results = searched(params)
    results.count()
    with CaptureQueriesContext(connection) as queries:
        shown = results[start:stop]
    return [(a.pk, a.rank) for a in shown], [q["sql"] for q in queries.captured_queries]


def by_tiers(sql: list[str]) -> bool:
    return any("WITH titled AS MATERIALIZED" in statement for statement in sql)


@pytest.mark.parametrize("q", ["урожай", "урожай пшеница", "урожай -фермер", "урожай*"])
@pytest.mark.parametrize("start,stop", [(0, 7), (7, 14), (20, 30)])
def test_a_common_word_is_paged_by_tiers_like_the_full_sort(fields, q, start, stop):
    whole = full_sort({"q": q})
    assert len(whole) > stop
    shown, sql = page({"q": q}, start, stop)
    assert by_tiers(sql), sql
    assert shown == whole[start:stop]


def test_the_tiers_hold_title_hits_first_equal_dates_by_id_and_the_undated_last(fields):
    whole = full_sort({"q": "урожай пшеница"})
    ranks = [rank for _pk, rank in whole]
    assert ranks == sorted(ranks, reverse=True) and {2, 1, 0} <= set(ranks)  # both words, one, none in the title
    shown, sql = page({"q": "урожай пшеница"}, 0, len(whole))
    assert not by_tiers(sql) or shown == whole  # the whole set: past the window, the full sort
    by_id = {a.pk: a for a in Article.objects.all()}
    untitled, sql = page({"q": "урожай"}, 0, 30)
    assert by_tiers(sql)
    dates = [(by_id[pk].published, pk) for pk, rank in untitled if rank == 0]
    dated = [d for d in dates if d[0] is not None]
    assert dated == sorted(dated, reverse=True)  # newest first, the higher id first on a day
    assert len({d for d, _pk in dated}) < len(dated)  # there were equal dates to order
    tail, _sql = page({"q": "урожай"}, 0, len(full_sort({"q": "урожай"})))
    assert by_id[tail[-1][0]].published is None  # the undated come last


def test_a_window_too_small_for_the_page_falls_back_to_the_full_sort(fields, monkeypatch):
    """The newest articles do not match, so the window of newest rows the match's share calls
    for holds too few: the page is read again by the full sort, and is the same."""
    monkeypatch.setattr(base, "TOPK_WINDOW_SLACK", 1)
    newest = Article.objects.order_by(F("published").desc(nulls_last=True), "-pk")[:100]
    Article.objects.filter(pk__in=[a.pk for a in newest]).update(
        title="Новости", title_lemmas="новость", body="Жители.", body_lemmas="житель")
    whole = full_sort({"q": "урожай"})
    assert len(whole) > 20
    shown, sql = page({"q": "урожай"}, 0, 20)
    assert by_tiers(sql[:-2]) and "ORDER BY rank DESC" in sql[-2] and "titled" not in sql[-2]
    assert shown == whole[0:20]


@pytest.mark.parametrize("params", [
    {"q": "урожай OR погода"},  # cover tiers: the full sort
    {"q": "урожай", "outlet": "test-north"},  # a filter besides the search: the full sort
    {"q": "фермер"},  # few matches: the full sort
])
def test_what_the_tiers_do_not_cover_is_sorted_in_full_and_the_same(fields, monkeypatch, params):
    if params == {"q": "фермер"}:
        monkeypatch.setattr(base, "TOPK_MIN_MATCHES", 1000)
    whole = full_sort(params)
    shown, sql = page(params, 0, 7)
    assert not by_tiers(sql) and any("ORDER BY rank DESC" in s for s in sql)
    assert shown == whole[:7]


def test_a_deep_page_is_read_by_the_full_sort(fields, monkeypatch):
    monkeypatch.setattr(base, "TOPK_MAX_DEPTH", 50)
    whole = full_sort({"q": "урожай"})
    shown, sql = page({"q": "урожай"}, 100, 107)
    assert not by_tiers(sql)
    assert shown == whole[100:107]
    shown, sql = page({"q": "урожай"}, 40, 47)
    assert by_tiers(sql) and shown == whole[40:47]


def test_the_untitled_tier_walks_the_newest_index(fields):
    """The window is read in the order of the migration 0016 index, not by sorting the table."""
    results = searched({"q": "урожай"})
    top = base.SearchBackend.top_page.__get__(results_backend())(
        results.parsed, 7, matches=results.count(), rank=(results.ranking.template, results.ranking.params))
    assert top is not None and not top.complete and top.window < N
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + top.sql.replace("%s", "?"), top.params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")  # 160 rows: a scan is cheaper; the plan's shape is what matters
            cursor.execute("EXPLAIN " + top.sql, top.params)
            plan = " ".join(row[0] for row in cursor.fetchall())
    assert "archive_article_search_newest" in plan


def results_backend():
    from archive.search.backends import get_backend

    return get_backend(connection)

