"""Any query text and any filter values give an answer, never a server error."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.models import Article
from archive.search import search_articles
from archive.search.query import parse_query
from archive.search.facets import compute_facets
from archive.search.snippets import snippet
from archive.web.filters import ArticleFilter

pytestmark = pytest.mark.django_db

#: Apostrophes and marks that make words of their own, or none: alone, doubled, as a prefix,
#: excluded, OR-ed and inside a phrase next to a real word.
ODD_MARKS = ["\u02bc", "\u2019", "'", "\u02b9", "\u02bb", "\u02c8", "\u0301", "\u044c", "\u02bc\u0301", "123"]
APOSTROPHE_QUERIES = [query for mark in ODD_MARKS for query in (
    mark, mark * 2, mark * 2 + "*", f"Париж -{mark}", f"Париж OR {mark}", f"{mark} OR Париж",
    f'"{mark} Париж"', f'"{mark} {mark}"', f'-"{mark} Париж"', f"-{mark}")]

NASTY = ['"', '"unbalanced', "a:b", "'", "!", "&|", "x" * 10_000, "\x00", "NEAR(a b)", "title_lemmas:x",
         "*", "-", "--x", "OR", "a OR", "OR OR OR", "(", ")", "^a", "a\\b", "'; DROP TABLE archive_article; --",
         "ё*", "-\"a b\"", "\ue000", "a" * 61 + "*", "AND NOT", "1e5", "٣", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
         # Words with no index form (U+02BC is a letter that the analyzer drops), alone and mixed.
         *APOSTROPHE_QUERIES]
query_text = st.one_of(st.sampled_from(NASTY), st.text(max_size=200), st.text(alphabet='"*-:\'()!&| ORab\u02bc\u2019', max_size=40))
filter_value = st.one_of(st.text(max_size=30), st.sampled_from(["", "0", "-1", "99999999999999999999", "2026-02-30",
                                                                 "ru", "test-vestnik", "\x00", "relevance"]))
FILTERS = ["language", "outlet", "person", "event", "date_from", "date_to", "sort", "page"]


@pytest.mark.parametrize("q", NASTY)
def test_nasty_queries_search(corpus, q):
    queryset, _parsed = search_articles(Article.objects.all(), q)
    for article in queryset[:5]:
        snippet(article, q)
    compute_facets(queryset)


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
        assert set(response.json()) == {"count", "next", "previous", "results", "facets"}
        list(filterset.qs[:3])
