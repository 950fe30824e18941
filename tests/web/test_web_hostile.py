"""Whatever a reader types into a URL, the reader's pages answer exactly: 200, 400 for bad
parameters (with the reason), 404 for what does not exist; never a server error."""
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from archive.models import Article
from archive.web.filters import ArticleFilter
from tests.hostile_inputs import (
    BAD_DATES, EDGE_DATES, NO_MATCH_QUERIES, NO_WORD_QUERIES, NUL_QUERIES, SEARCH_URLS, UNKNOWN_SLUGS,
    mark_queries, parameter_cases,
)

ODD_QUERIES = mark_queries("Борисов")
NASTY = [*NO_WORD_QUERIES, *NO_MATCH_QUERIES, *NUL_QUERIES, *UNKNOWN_SLUGS, *BAD_DATES, *EDGE_DATES,
         "-1", "0", "ru", "relevance", *ODD_QUERIES]
value = st.one_of(st.sampled_from(NASTY), st.text(max_size=40))
PARAMETERS = ["q", "language", "outlet", "person", "event", "date_from", "date_to", "sort", "page"]
SEARCH_PAGES = list(SEARCH_URLS.values())
# Pages whose path or query string takes a reader's value ({} is filled with generated text).
OTHER_PAGES = ["/", "/people/", "/people/{}/", "/people/{}/feed/", "/events/{}/", "/events/{}/feed/",
               "/outlets/{}/", "/languages/{}/", "/archive/2026/", "/archive/2026/01/", "/archive/2026/01/06/"]
HOSTILE = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# Segments the archive fixture (tests/web/conftest.py) has a page for.
KNOWN_SEGMENTS = {"ivan-borisov", "olena-kovalenko", "anna-smith", "i-borisov", "stone-bridge",
                  "vechernii-vestnik", "rankova-gazeta", "northern-wire"}


def expected_search_status(params) -> int:
    """200 when the search parameters are valid, else 400 (the filter's own verdict)."""
    return 200 if ArticleFilter(data=params, queryset=Article.objects.none()).is_valid() else 400


@HOSTILE
@given(params=st.dictionaries(st.sampled_from(PARAMETERS), value, max_size=5), page=st.sampled_from(SEARCH_PAGES))
def test_any_search_parameters_give_an_answer(client, archive, params, page):
    response = client.get(page, params)
    assert response.status_code == expected_search_status(params), (page, params)


@HOSTILE
@given(segment=value.filter(lambda text: text.strip() and "/" not in text), page=st.sampled_from(OTHER_PAGES),
       number=value)
def test_any_path_or_page_number_gives_an_answer(client, archive, segment, page, number):
    assume("?" not in segment and "#" not in segment)  # not part of the path
    assume(segment not in KNOWN_SEGMENTS and not (page.startswith("/languages/") and segment.isalpha()))
    url = page.format(segment) if "{}" in page else page
    response = client.get(url, {"page": number})
    # A page number is clamped to the nearest page on the reader's pages; an unknown slug is not found.
    assert response.status_code == (404 if "{}" in page else 200), (url, number)


@pytest.mark.parametrize("url", ["/archive/0/", "/archive/10000/", "/archive/2026/13/", "/archive/2026/02/30/",
                                 "/archive/99999999999999999999/", "/archive/9999/12/32/"])
def test_impossible_dates_are_not_found(client, db, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("page", [page for page in OTHER_PAGES if "{}" in page])
@pytest.mark.parametrize("segment", ["\x00", "a\x00b", "x" * 5_000, "'", "%"])
def test_unusual_path_segments_are_not_found(client, archive, page, segment):
    assert client.get(page.format(segment)).status_code == 404


@pytest.mark.parametrize("params, status", parameter_cases("page"))
def test_search_page_answers_hostile_parameters_exactly(client, db, params, status):
    response = client.get(SEARCH_URLS["page"], params)
    assert response.status_code == status
    if status == 400:  # the form says which field and why
        assert response.context["result"].errors and 'role="alert"' in response.content.decode()


@pytest.mark.parametrize("params, status", parameter_cases("feed"))
def test_search_feed_answers_hostile_parameters_exactly(client, db, params, status):
    response = client.get(SEARCH_URLS["feed"], params)
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"].startswith("application/atom+xml")


@pytest.mark.parametrize("page", SEARCH_PAGES)
@pytest.mark.parametrize("text", ODD_QUERIES)
def test_words_without_index_form_search_like_the_rest(client, archive, page, text):
    assert client.get(page, {"q": text}).status_code == 200
