"""A filter may take several values (any of them), filters combine (all of them), and cited outlets filter."""
import pytest

pytestmark = pytest.mark.django_db


def result_titles(response):
    return {article.title for article in response.context["page"].object_list}


def test_two_languages_give_both(client, archive):
    both = client.get("/search/?language=ru&language=uk")
    assert result_titles(both) == {archive.ru.title, archive.ru_later.title, archive.uk.title}
    assert result_titles(client.get("/search/?language=uk")) == {archive.uk.title}


def test_values_of_one_filter_or_and_filters_and(client, archive):
    response = client.get("/search/?language=ru&language=en&person=anna-smith")
    assert result_titles(response) == {archive.en.title}
    response = client.get("/search/?person=anna-smith&person=olena-kovalenko")
    assert result_titles(response) == {archive.en.title, archive.ru.title, archive.uk.title}


def test_facet_links_add_and_remove_one_value(client, archive):
    response = client.get("/search/?language=ru")
    (language,) = [group for group in response.context["facet_groups"] if group["key"] == "language"]
    # The language facet counts the search without its own filter: ru is selected (its link drops it), uk can be added.
    (ru,) = [item for item in language["items"] if item["value"] == "ru"]
    assert ru["selected"] and "language" not in ru["url"]
    (uk,) = [item for item in language["items"] if item["value"] == "uk"]
    assert not uk["selected"] and "language=ru&language=uk" in uk["url"] and uk["count"] == 1
    response = client.get("/search/?language=ru&language=uk")
    chips = [item["label"] for item in response.context["active_filters"]]
    assert len(chips) == 2
    removes = [item["remove_url"] for item in response.context["active_filters"]]
    assert "language=uk" in removes[0] and "language=ru" not in removes[0]


def test_cited_outlet_filter(client, archive):
    response = client.get("/search/?cites=northern-wire")
    assert result_titles(response) == {archive.ru.title}
    assert any("Northern Wire" in item["label"] or "northern-wire" in item["label"]
               for item in response.context["active_filters"])
    api = client.get("/api/articles/?cites=northern-wire").json()
    assert [hit["id"] for hit in api["results"]] == [archive.ru.id]


def test_unknown_value_among_several_is_a_clear_error(client, archive):
    response = client.get("/search/?outlet=vechernii-vestnik&outlet=nope")
    assert response.status_code == 400  # the page says why, with the reader's other values kept
    assert any("Outlet" in error for error in response.context["result"].errors)
    assert client.get("/api/articles/?language=ru&language=RU!").status_code == 400


def test_help_page_explains_the_operators(client, archive):
    response = client.get("/search/help/")
    assert response.status_code == 200
    text = response.content.decode()
    for operator in ("AND", "OR", "NOT", "(Мерц OR Макрон) -Песков"):
        assert operator in text
    assert 'href="/search/help/"' in client.get("/search/").content.decode()


def test_api_facets_stay_open_to_a_second_value_as_the_page_does(client, archive):
    """A facet with a value chosen counts without its own filter (the others still apply)."""
    def counts(facets, key):
        return {item["value"]: item["count"] for item in facets[key]}

    api = client.get("/api/articles/?language=ru").json()
    assert api["count"] == 2
    assert counts(api["facets"], "language") == {"ru": 2, "uk": 1, "en": 1}
    # Other facets count the chosen set only: Smith is in the English article alone.
    assert "anna-smith" not in counts(api["facets"], "person")
    page = client.get("/search/?language=ru")
    (language,) = [group for group in page.context["facet_groups"] if group["key"] == "language"]
    assert {item["value"]: item["count"] for item in language["items"]} == counts(api["facets"], "language")

    smith = client.get("/api/articles/?language=ru&language=en&person=anna-smith").json()
    assert [hit["id"] for hit in smith["results"]] == [archive.en.id]
    # The person facet counts ru and en articles of anyone; the language facet, Smith's articles.
    assert counts(smith["facets"], "person") == {"ivan-borisov": 2, "olena-kovalenko": 1, "anna-smith": 1}
    assert counts(smith["facets"], "language") == {"en": 1}
