"""Any query text and any filter values give an answer, never a server error."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.models import Article
from archive.search import search_articles
from archive.search.facets import compute_facets
from archive.search.snippets import snippet
from archive.web.filters import ArticleFilter

pytestmark = pytest.mark.django_db

NASTY = ['"', '"unbalanced', "a:b", "'", "!", "&|", "x" * 10_000, "\x00", "NEAR(a b)", "title_lemmas:x",
         "*", "-", "--x", "OR", "a OR", "OR OR OR", "(", ")", "^a", "a\\b", "'; DROP TABLE archive_article; --",
         "ё*", "-\"a b\"", "\ue000", "a" * 61 + "*", "AND NOT", "1e5", "٣", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢"]
query_text = st.one_of(st.sampled_from(NASTY), st.text(max_size=200), st.text(alphabet='"*-:\'()!&| ORab', max_size=40))
filter_value = st.one_of(st.text(max_size=30), st.sampled_from(["", "0", "-1", "99999999999999999999", "2026-02-30",
                                                                 "ru", "test-vestnik", "\x00", "relevance"]))
FILTERS = ["language", "outlet", "person", "event", "date_from", "date_to", "sort", "page"]


@pytest.mark.parametrize("q", NASTY)
def test_nasty_queries_search(corpus, q):
    queryset, _parsed = search_articles(Article.objects.all(), q)
    for article in queryset[:5]:
        snippet(article, q)
    compute_facets(queryset)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=query_text, values=st.dictionaries(st.sampled_from(FILTERS), filter_value, max_size=4))
def test_any_input_gives_a_page(corpus, client, q, values):
    response = client.get("/api/articles/", {"q": q, **values})
    assert response.status_code < 500
    if response.status_code == 200:
        assert set(response.json()) == {"count", "results", "facets"}
    filterset = ArticleFilter(data={"q": q, **values}, queryset=Article.objects.all())
    if filterset.is_valid():
        list(filterset.qs[:3])
