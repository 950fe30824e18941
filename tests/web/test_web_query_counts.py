"""How many queries the search page, the API list, a person's page and the facets cost.

The numbers are today's, measured on SQLite and PostgreSQL (the same on both), with a
margin of two; each pin says what the queries are. The archive has fifteen matching
articles, more than the four of the fixture, so a query per result row (an N+1) would
break the pin. A change that lowers a count should lower its pin too.
"""
from datetime import date

import pytest

from archive.models import Article, EventArticle
from archive.search.facets import compute_facets
from archive.web.filters import ArticleFilter
from tests.factories import make_article, mention

QUERY = {"q": "Борисов"}
FILTERS = {**QUERY, "language": "ru", "outlet": "vechernii-vestnik", "person": "ivan-borisov",
           "event": "bridge-opening", "date_from": "2026-01-01", "date_to": "2026-01-31", "sort": "newest"}


@pytest.fixture
def more_matches(archive):
    """Twelve more Russian articles of January 2026 naming Borisov, in the summit, from one outlet."""
    for n in range(12):
        article = make_article(f"Мэр Борисов о мосте, заметка {n}", f"Иван Борисов рассказал о ремонте моста {n}.",
                               "ru", date(2026, 1, 8 + n), outlet=archive.outlet_ru)
        mention(article, archive.borisov, "Иван Борисов")
        EventArticle.objects.create(event=archive.summit, article=article)
    return archive


def test_search_page_with_a_query(client, more_matches, django_assert_max_num_queries):
    # The first search after the names changed: 15 today. 7 do the work (the match count, the
    # ranked ids, the page's rows, their mentions, the people's names, the facets in one pass,
    # the events the query may name); 7 load the name, outlet and place expansions; 1 checks
    # that the parser's cached expansions are current, once per request (it was 17 checks, one
    # per word, suggestion and facet: archive.search.names.one_check).
    with django_assert_max_num_queries(17):
        assert client.get("/search/", QUERY).status_code == 200
    # Again with the expansions cached: 8 today: the same 7 and the one freshness check (19
    # before the check was made once per request).
    with django_assert_max_num_queries(10):
        response = client.get("/search/", QUERY)
    assert response.context["page"].paginator.count == 15


def test_search_page_with_every_filter(client, more_matches, django_assert_max_num_queries):
    # 17 today, without ranking (sort=newest): the outlet, person and event slugs looked up
    # once, 1 freshness check of the parser's cache, the count, the rows, their mentions (an
    # English reader's rows read no names), 5 facet queries, one per facet counted with its own
    # filter left out, each with its count, and the events the query may name. It was 27 when
    # each facet's filterset looked the three slugs up again (12 lookups).
    client.get("/search/", QUERY)  # the name expansions cached, as on a busy site
    with django_assert_max_num_queries(19):
        response = client.get("/search/", FILTERS)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 13  # the fixture's Russian article and these twelve


def test_api_article_list(client, more_matches, django_assert_max_num_queries):
    # Without a query, 4 today: the count, the page's rows, their mentions with people, the facets.
    with django_assert_max_num_queries(6):
        data = client.get("/api/articles/").json()
    assert data["count"] == Article.objects.count()
    client.get("/api/articles/", QUERY)  # the name expansions cached
    # With a query, 7 today: the match count, the ranked ids of the page, the rows, their
    # mentions, the people's names, the facets, and 1 freshness check of the parser's cache
    # (it was 4, one per word and filterset, before the check was made once per request).
    with django_assert_max_num_queries(9):
        data = client.get("/api/articles/", QUERY).json()
    assert data["count"] == 15


def test_person_page(client, more_matches, django_assert_max_num_queries):
    # 9 today: the person, their names, the article count (twice, the same COUNT: one could go),
    # the articles per day and language for the chart, the people named alongside (one grouped
    # query), the page's articles, their mentions with people, the person's events.
    with django_assert_max_num_queries(11):
        response = client.get("/people/ivan-borisov/")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 15


@pytest.mark.parametrize("params", [{}, QUERY, {"q": "Борисов", "language": "ru", "person": "ivan-borisov"}],
                         ids=["everything", "query", "query-and-filters"])
def test_facets_are_one_query(more_matches, django_assert_num_queries, params):
    """Language, outlet, person, event and date counts come from one pass over the matches."""
    filterset = ArticleFilter(data=params, queryset=Article.objects.all())
    assert filterset.is_valid(), filterset.errors
    queryset = filterset.qs
    total = queryset.count()  # the caller's match count (the paginator's), not counted again
    with django_assert_num_queries(1):
        facets = compute_facets(queryset, total=total)
    assert sum(row["count"] for row in facets["language"]) == queryset.count()


@pytest.mark.parametrize("language, most", [("en", 6), ("ru", 7)])
def test_result_rows_read_names_only_for_readers_who_see_them(client, more_matches, django_assert_max_num_queries,
                                                               language, most):
    """An English reader sees people by their own ``name``: the page's rows read no names. A
    Russian reader's rows read the Russian names alone, and show them."""
    client.get("/api/articles/", QUERY, HTTP_ACCEPT_LANGUAGE=language)  # the name expansions cached
    # 5 for English: the freshness check, the match count, the ranked ids, the rows, their
    # mentions with people, the facets; and the Russian names for a Russian reader.
    with django_assert_max_num_queries(most) as captured:
        data = client.get("/api/articles/", QUERY, HTTP_ACCEPT_LANGUAGE=language).json()
    reads_names = any('"archive_personname"."person_id" IN (' in query["sql"] for query in captured.captured_queries)
    assert reads_names == (language == "ru")
    people = {person["name"]: person["display_name"] for row in data["results"] for person in row["people"]}
    expected = "Иван Борисов" if language == "ru" else more_matches.borisov.name
    assert people[more_matches.borisov.name] == expected


def test_the_facet_recount_looks_each_slug_up_once(client, more_matches, django_assert_max_num_queries):
    """Facets counted without their own filter reuse the search's slug lookups, and still
    refuse what the search refuses."""
    client.get("/api/articles/", QUERY)  # the name expansions cached
    with django_assert_max_num_queries(19) as captured:
        data = client.get("/api/articles/", FILTERS).json()
    lookups = [query["sql"] for query in captured.captured_queries
               if '"archive_outlet"."slug" IN' in query["sql"] and "archive_article" not in query["sql"]]
    assert len(lookups) == 1  # the outlet's, by the search's form alone
    assert data["count"] == 13
    assert [item["value"] for item in data["facets"]["outlet"]] == ["vechernii-vestnik"]
    assert client.get("/api/articles/", {**FILTERS, "outlet": "no-such-outlet"}).status_code == 400
