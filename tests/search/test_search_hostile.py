"""Any query text and any filter values give an answer, never a server error."""
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.models import Article
from archive.search import search_articles
from archive.search.query import parse_query
from archive.search.facets import compute_facets
from archive.search.snippets import snippet
from archive.web.filters import ArticleFilter
from tests.hostile_inputs import (
    NO_MATCH_QUERIES, NO_WORD_QUERIES, NUL_QUERIES, mark_queries, wrapped_queries,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_engine")]

APOSTROPHE_QUERIES = mark_queries("Париж")
NASTY = [*NO_WORD_QUERIES, *NO_MATCH_QUERIES, *wrapped_queries("Париж"), *NUL_QUERIES, *APOSTROPHE_QUERIES]
query_text = st.one_of(st.sampled_from(NASTY), st.text(max_size=200), st.text(alphabet='"*-:\'()!&| ORab\u02bc\u2019', max_size=40))
filter_value = st.one_of(st.text(max_size=30), st.sampled_from(["", "0", "-1", "99999999999999999999", "2026-02-30",
                                                                 "ru", "test-vestnik", "\x00", "relevance"]))
FILTERS = ["language", "outlet", "person", "event", "date_from", "date_to", "sort", "page"]
#: A snippet's only markup is the highlight.
MARKUP = re.compile(r"</?(\w+)")


def found_ids(q: str) -> list[int]:
    queryset, _parsed = search_articles(Article.objects.all(), q)
    return list(queryset.values_list("pk", flat=True))


@pytest.mark.parametrize("q, finds", [
    *[pytest.param(q, "everything", id=f"no-word-{n}") for n, q in enumerate(NO_WORD_QUERIES)],
    *[pytest.param(q, "nothing", id=f"no-match-{n}") for n, q in enumerate(NO_MATCH_QUERIES)],
    *[pytest.param(q, "Париж", id=f"wrapped-{n}") for n, q in enumerate(wrapped_queries("Париж"))],
])
def test_nasty_queries_search(corpus, q, finds):
    """Syntax alone searches as the empty query does, unknown words find nothing, and syntax
    around a word finds what the word finds; snippets stay escaped and facets add up."""
    expected = {"everything": found_ids(""), "nothing": [], "Париж": found_ids("Париж")}[finds]
    assert found_ids(q) == expected
    if finds == "Париж":
        assert {corpus["ru_title"].pk, corpus["uk_coalition"].pk} <= set(expected)
    queryset, parsed = search_articles(Article.objects.all(), q)
    for article in queryset[:5]:
        html = str(snippet(article, q))
        assert set(MARKUP.findall(html)) <= {"mark"}, html  # the corpus's <script> comes out escaped
        if finds == "Париж":  # the same passage, marked the same way
            assert html == str(snippet(article, "Париж"))
        else:
            assert "<mark>" not in html, html
    facets = compute_facets(queryset)
    assert sum(row["count"] for row in facets["language"]) == len(expected)


@pytest.mark.parametrize("q", NUL_QUERIES)
def test_a_nul_byte_is_refused_by_the_form_with_a_reason(q):
    filterset = ArticleFilter(data={"q": q}, queryset=Article.objects.all())
    assert not filterset.is_valid()
    assert list(filterset.errors) == ["q"]


@pytest.mark.parametrize("q", APOSTROPHE_QUERIES)
@pytest.mark.parametrize("url", ["/search/", "/api/articles/", "/search/feed/"])
def test_words_without_index_form_give_a_page(corpus, client, url, q):
    assert client.get(url, {"q": q}).status_code == 200


@pytest.mark.parametrize("mark", ["\u02bc", "\u02bc\u02bc", "\u02bc\u02bc*"])
def test_a_word_without_index_form_is_left_out(corpus, mark):
    """Such a word leaves the query as if it were not typed (it is not in the index either)."""
    def shape(parsed):
        return ([[(term.kind, term.variants) for term in group] for group in parsed.groups],
                [(term.kind, term.variants) for term in parsed.excluded])

    assert parse_query(mark).is_empty
    assert parse_query(f'-{mark} -"{mark} {mark}"').is_empty
    for q in (f"Париж -{mark}", f"Париж OR {mark}", f"{mark} OR Париж", f"Париж {mark}", f'"{mark} Париж"'):
        assert shape(parse_query(q)) == shape(parse_query("Париж")), q
    assert shape(parse_query(f'"Париж {mark} Берлин"')) == shape(parse_query('"Париж Берлин"'))
    found, _parsed = search_articles(Article.objects.all(), f'"{mark} Париж" -{mark}')
    expected, _parsed = search_articles(Article.objects.all(), "Париж")
    assert corpus["ru_title"] in list(expected)
    assert list(found) == list(expected)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=query_text, values=st.dictionaries(st.sampled_from(FILTERS), filter_value, max_size=4))
def test_any_input_gives_a_page(corpus, client, q, values):
    response = client.get("/api/articles/", {"q": q, **values})
    filterset = ArticleFilter(data={"q": q, **values}, queryset=Article.objects.all())
    assert response.status_code == (200 if filterset.is_valid() else 400)
    if response.status_code == 200:
        assert set(response.json()) == {"count", "count_approximate", "next", "previous", "results", "facets"}
        list(filterset.qs[:3])
