"""The search page: results, facets that narrow on click, sort, pages, errors, shareable URLs."""
import re
from html import unescape

import pytest

from tests.factories import make_article


def result_titles(html: str) -> list[str]:
    return [unescape(re.sub(r"<[^>]+>", "", t)) for t in re.findall(r'<h3 class="result-title"><a [^>]*>(.*?)</a>', html)]


def facet_links(html: str, facet: str) -> dict[str, str]:
    return {value: unescape(href) for href, value in
            re.findall(rf'<a href="([^"]*)" data-facet="{facet}" data-value="([^"]*)"', html)}


def test_search_finds_inflected_forms_with_highlighted_snippets(client, archive):
    html = client.get("/search/", {"q": "мост"}).content.decode()
    titles = result_titles(html)
    assert archive.ru.title in titles
    assert archive.ru_later.title not in titles
    assert "<mark>" in html


def test_language_facet_narrows_on_click_and_keeps_the_query(client, archive):
    html = client.get("/search/", {"q": "Borisov"}).content.decode()
    links = facet_links(html, "language")
    assert set(links) >= {"ru", "uk", "en"}
    assert "q=Borisov" in links["uk"] and "language=uk" in links["uk"]
    narrowed = client.get("/search/" + links["uk"]).content.decode()
    assert result_titles(narrowed) == [archive.uk.title]
    # The selected value is marked and clicking it again widens the search back.
    widen = facet_links(narrowed, "language")["uk"]
    assert "language" not in widen and "q=Borisov" in widen
    assert 'aria-current="true"' in narrowed
    assert "Clear all filters" in narrowed


def test_person_outlet_event_facets_and_date_range(client, archive):
    html = client.get("/search/", {"person": "olena-kovalenko"}).content.decode()
    assert sorted(result_titles(html)) == sorted([archive.ru.title, archive.uk.title])
    html = client.get("/search/", {"outlet": "vechernii-vestnik", "sort": "oldest"}).content.decode()
    assert result_titles(html) == [archive.ru.title, archive.ru_later.title]
    html = client.get("/search/", {"event": "bridge-opening"}).content.decode()
    assert len(result_titles(html)) == 3
    html = client.get("/search/", {"date_from": "2026-01-07", "date_to": "2026-01-31"}).content.decode()
    assert sorted(result_titles(html)) == sorted([archive.uk.title, archive.en.title])
    assert "From: 2026-01-07" in html


def test_sort_newest_and_oldest(client, archive):
    newest = result_titles(client.get("/search/", {"sort": "newest"}).content.decode())
    oldest = result_titles(client.get("/search/", {"sort": "oldest"}).content.decode())
    assert newest[0] == archive.ru_later.title and oldest[0] == archive.ru.title


def test_query_expansion_is_reported(client, archive):
    html = client.get("/search/", {"q": "Борисовым"}).content.decode()
    titles = result_titles(html)
    # The Latin-script article is found through the person's other names.
    assert archive.en.title in titles
    assert "also matched their other forms" in html


def test_no_results_help(client, archive):
    html = client.get("/search/", {"q": "qwertyuiop"}).content.decode()
    assert "No articles match" in html and "0 articles found" in html


@pytest.mark.parametrize("params", [
    {"q": "a:b ' \" * ( ) OR - -- \"unclosed"},
    {"q": "x" * 5000},
    {"language": "<script>"},
    {"outlet": "no-such-outlet"},
    {"person": "stone-bridge"},
    {"date_from": "2026-02-30"},
    {"date_from": "2026-03-01", "date_to": "2026-01-01"},
    {"sort": "sideways"},
    {"page": "abc"},
    {"page": "100000"},
    {"q": "\x00 nul"},
])
def test_bad_parameters_give_a_message_never_a_500(client, archive, params):
    response = client.get("/search/", params)
    # Odd queries are searched (200); a bad filter, date, sort, page or a NUL is the reader's to fix (400).
    assert response.status_code == (200 if "q" in params and "\x00" not in params["q"] else 400)
    html = response.content.decode()
    assert "<script>" not in html.split("</header>", 1)[1]


def test_invalid_filter_is_explained(client, archive):
    html = client.get("/search/", {"outlet": "no-such-outlet"}).content.decode()
    assert 'role="alert"' in html and "Outlet:" in html


def test_pagination_links_keep_the_search(client, archive, settings):
    for index in range(25):
        make_article(title=f"Мост номер {index}", body=f"Ещё один мост, номер {index}.", language="ru",
                     published=None)
    html = client.get("/search/", {"q": "мост", "sort": "newest"}).content.decode()
    assert "Page 1 of 2" in html
    next_link = unescape(re.search(r'rel="next" href="([^"]+)"', html).group(1))
    assert "q=" in next_link and "sort=newest" in next_link and "page=2" in next_link
    second = client.get("/search/" + next_link).content.decode()
    assert "Page 2 of 2" in second


def test_undecodable_query_string_is_not_a_500(client, archive):
    assert client.get("/search/?q=%ED%A0%80%FF").status_code == 200


def test_an_empty_filter_value_is_no_filter(client, archive):
    """A form's empty select sends ``language=``: the search is not narrowed, nor refused."""
    everything = client.get("/api/articles/").json()["count"]
    assert everything > 0
    response = client.get("/api/articles/", {"language": "", "outlet": "", "person": ""})
    assert response.status_code == 200
    assert response.json()["count"] == everything
    assert client.get("/search/", {"q": "", "language": ""}).status_code == 200
