"""Ranked pages are read through the narrow search table: the same articles, in the same order, counted right."""
import re
import pickle
from datetime import date, timedelta

import pytest
from django.core import serializers
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.core.management import call_command
from django.core.paginator import Paginator
from django.db.models import Count

from archive.models import Article, Outlet
from archive.search import search_articles
from archive.web import selectors
from archive.web.filters import ArticleFilter
from tests.factories import build_article, bulk_create_articles, make_article

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_engine")]


#: The day of the articles a test does not date itself.
DAY = date(2025, 3, 1)


@pytest.fixture
def harvest():
    """30 articles about a harvest: title hits, body hits, equal dates, one undated, two outlets."""
    north = Outlet.objects.create(name="North", slug="test-north", language="ru")
    south = Outlet.objects.create(name="South", slug="test-south", language="ru")
    made = []
    for i in range(30):
        title = "Урожай пшеницы" if i % 4 == 0 else f"Новости дня {i}"
        body = "Фермеры собрали урожай пшеницы." if i % 3 else "Пшеница уродилась, урожай собран."
        published = None if i == 7 else date(2025, 1, 1) + timedelta(days=i // 3)
        made.append(make_article(title, body, published=published, outlet=north if i % 2 else south))
    make_article("Погода", "Дожди и ветер.", published=DAY)  # no harvest at all
    return made


def unpaged(params):
    """The ids of the whole result set, as the plain ORM orders them (no slicing)."""
    filterset = ArticleFilter(data=params, queryset=Article.objects.all())
    assert filterset.is_valid(), filterset.errors
    return [(a.pk, getattr(a, "rank", None)) for a in list(filterset.qs)]


def pages(params, per_page=7):
    """The ids of every page of the search's results, as the search page reads them."""
    filterset = ArticleFilter(data=params, queryset=Article.objects.all())
    assert filterset.is_valid(), filterset.errors
    paginator = Paginator(filterset.results(prepare=selectors.article_list), per_page)
    ids = []
    for number in paginator.page_range:
        page = paginator.page(number)
        for shown in page.object_list:
            assert shown.outlet is not None or shown.outlet_id is None  # select_related still works
            assert isinstance(shown.visible_mentions, list)  # and prefetch_related too
            ids.append((shown.pk, getattr(shown, "rank", None)))
    return paginator.count, ids


@pytest.mark.parametrize("params", [
    {"q": "урожай"},
    {"q": "пшеница урожай"},
    {"q": "урожай OR погода"},
    {"q": '"урожай пшеницы"'},
    {"q": "урожай", "outlet": "test-north"},
    {"q": "урожай", "date_from": "2025-01-03", "date_to": "2025-01-07"},
    {"q": "урожай -фермер"},
])
def test_pages_show_the_same_articles_in_the_same_order_as_the_whole_result(harvest, params):
    whole = unpaged(params)
    count, paged = pages(params)
    assert whole, params
    assert paged == whole and count == len(whole)


def test_title_hits_come_first_and_newest_first_among_equals(harvest):
    count, ranked = pages({"q": "пшеница"})
    ids = [pk for pk, _rank in ranked]
    by_id = {a.pk: a for a in harvest}
    in_title = [pk for pk in ids if "Урожай" in by_id[pk].title]
    assert ids[:len(in_title)] == in_title and len(in_title) == 8
    dates = [by_id[pk].published for pk in ids[len(in_title):] if by_id[pk].published]
    assert dates == sorted(dates, reverse=True)
    assert ids[-1] == harvest[7].pk  # the undated one last


def test_the_count_follows_filters_and_edits(harvest):
    qs, _parsed = search_articles(Article.objects.all(), "урожай")
    assert qs.count() == 30
    assert qs.filter(outlet__slug="test-north").count() == 15
    harvest[0].delete()
    Article.objects.filter(pk=harvest[1].pk).update(body="Дожди.", body_lemmas="дождь", title_lemmas="новость")
    assert search_articles(Article.objects.all(), "урожай")[0].count() == 28


def test_a_phrase_does_not_run_from_the_title_into_the_body():
    make_article("Цены на газ", "Рынок успокоился.", published=DAY)
    make_article("Рынок", "Газ рынок успокоился.", published=DAY)
    qs, _parsed = search_articles(Article.objects.all(), '"газ рынок"')
    assert [a.title for a in qs] == ["Рынок"]


def test_phrases_of_three_words_need_the_words_in_order():
    make_article("Отчёт", "Министр финансов представил бюджет.", published=date(2025, 1, 2))
    make_article("Отчёт", "Бюджет представил министр финансов.", published=date(2025, 1, 3))
    make_article("Отчёт", "Финансов министр представил.", published=date(2025, 1, 4))
    qs, _parsed = search_articles(Article.objects.all(), '"министр финансов представил"')
    assert [a.published for a in qs] == [date(2025, 1, 2)]
    qs, _parsed = search_articles(Article.objects.all(), '"представил министр финансов"')
    assert [a.published for a in qs] == [date(2025, 1, 3)]


def test_phrases_are_found_in_bulk_created_and_loaded_articles(tmp_path):
    rows = [build_article(title, body, language, date(2025, 1, 1))
            for title, body, language in [("Урожай", "Фермеры собрали рекордный урожай.", "ru"),
                                          ("Harvest", "Farmers brought in a record harvest.", "en")]]
    ru, en = bulk_create_articles(rows)  # the lemmas computed up front, as bulk_create sends no pre_save
    assert [a.pk for a in search_articles(Article.objects.all(), '"рекордного урожая"')[0]] == [ru.pk]
    assert [a.pk for a in search_articles(Article.objects.all(), '"records harvests"')[0]] == [en.pk]
    dump = tmp_path / "articles.json"
    dump.write_text(serializers.serialize("json", [ru]))
    pk = ru.pk
    ru.delete()
    assert not search_articles(Article.objects.all(), '"рекордный урожай"')[0].exists()
    call_command("loaddata", str(dump), verbosity=0)
    assert [a.pk for a in search_articles(Article.objects.all(), '"рекордный урожай"')[0]] == [pk]


def test_ranked_results_keep_the_queryset_contract(harvest):
    """Reversing, open-ended slices, grouping and pickling give what the plain ORM gives."""
    make_article("Harvest news", "Урожай собран, farmers say.", language="en", published=date(2025, 2, 1))
    qs, _parsed = search_articles(Article.objects.all(), "урожай")
    whole = list(qs)
    assert len(whole) == 31
    assert qs.first() == whole[0] and qs.last() == whole[-1]
    assert list(qs.reverse()) == whole[::-1]
    assert list(qs.reverse()[:3]) == whole[::-1][:3]
    assert list(qs[1:]) == whole[1:] and list(qs[29:]) == whole[29:]
    assert list(qs[2:5]) == whole[2:5]
    by_language = qs.order_by().values("language").annotate(n=Count("id"))
    assert by_language.count() == 2
    assert sorted((row["language"], row["n"]) for row in by_language) == [("en", 1), ("ru", 30)]
    assert qs.values("language").distinct().count() == 2
    assert qs.count() == 31
    again = pickle.loads(pickle.dumps(qs[:4]))
    assert list(again) == whole[:4]
    fresh = pickle.loads(pickle.dumps(qs.filter(language="ru")))
    assert fresh.count() == 30 and list(fresh[:3]) == [a for a in whole if a.language == "ru"][:3]


def _reads_articles(sql: str) -> bool:
    """Whether ``sql`` reads the wide article table (not the index or the narrow table)."""
    return re.search(r'\barchive_article\b(?!_)', sql.replace('"', "")) is not None


@pytest.mark.database_backend
@pytest.mark.parametrize("params", [{"q": "урожай"}, {"q": "урожай", "outlet": "test-north"}])
def test_a_ranked_page_is_ranked_on_the_narrow_table_and_reads_only_its_articles(harvest, params):
    """The fast path the benchmarks depend on: if the page fell back to ranking wide rows, this fails."""
    filterset = ArticleFilter(data=params, queryset=Article.objects.all())
    assert filterset.is_valid(), filterset.errors
    results = filterset.results()
    assert results.count() == (30 if params == {"q": "урожай"} else 15)  # as a paginator counts first
    with CaptureQueriesContext(connection) as queries:
        page = results[0:7]
    assert len(page) == 7
    ranking, reading = [query["sql"] for query in queries.captured_queries]
    assert "archive_article_search" in ranking and "LIMIT 7" in ranking
    assert "ORDER BY rank DESC" in ranking
    # The articles are read by their ids alone: no rank, no full-text match again.
    assert _reads_articles(reading) and "archive_article_fts" not in reading and "tsquery" not in reading
    assert all(str(article.pk) in reading for article in page)


@pytest.mark.database_backend
def test_a_search_alone_is_counted_from_the_index(harvest):
    results = ArticleFilter(data={"q": "урожай"}, queryset=Article.objects.all())
    assert results.is_valid()
    results = results.results()
    with CaptureQueriesContext(connection) as queries:
        assert results.count() == 30
    (count,) = [query["sql"] for query in queries.captured_queries]
    assert not _reads_articles(count)
    with_filter = ArticleFilter(data={"q": "урожай", "outlet": "test-north"}, queryset=Article.objects.all())
    assert with_filter.is_valid() and with_filter.results().count() == 15


@pytest.mark.database_backend
def test_the_manager_searches_the_whole_archive(harvest):
    """``Article.objects.search(q)``: the same results object the pages use, best first."""
    results = Article.objects.search("урожай")
    assert results.count() == 30 and results.match is not None  # counted from the index
    first = results[0:8]
    assert [a.pk for a in first] == [pk for pk, _rank in unpaged({"q": "урожай"})[:8]]
    assert all("Урожай" in a.title for a in first)  # title hits rank first
    assert Article.objects.filter(language="ru").search("урожай").match is None  # a narrower base: no index count
