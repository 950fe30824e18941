"""Facet counts come from the same filtered set as the results."""
from datetime import date

import pytest

from archive.models import Article
from archive.search.facets import compute_facets
from archive.web.filters import ArticleFilter
from tests.factories import make_article

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_engine")]


def facets(**params):
    filterset = ArticleFilter(data=params, queryset=Article.objects.all())
    assert filterset.is_valid(), filterset.errors
    return {name: {row["value"]: row["count"] for row in rows} for name, rows in compute_facets(filterset.qs).items()}


def test_facets_count_the_filtered_articles(corpus, witkoff, paris_meeting):
    result = facets(q="Witkoff")
    assert result["language"] == {"ru": 2, "uk": 1, "en": 1}
    assert result["outlet"] == {"test-vestnik": 2, "test-visnyk": 1, "test-herald": 1}
    assert result["person"] == {"steve-witkoff": 4}
    assert result["event"] == {"test-paris-meeting": 2}
    assert result["date"] == {"2026-01-05": 1, "2026-01-06": 2, "2026-01-07": 1}


def test_facets_follow_every_filter(corpus, witkoff, paris_meeting):
    result = facets(q="Witkoff", language="ru", outlet="test-vestnik", date_from="2026-01-06")
    assert result["language"] == {"ru": 1}
    assert result["event"] == {"test-paris-meeting": 1}
    assert facets(event="test-paris-meeting")["language"] == {"ru": 1, "en": 1, "uk": 1}
    assert facets(person="steve-witkoff")["outlet"] == {"test-vestnik": 2, "test-visnyk": 1, "test-herald": 1}


def test_labels_are_readable(corpus, paris_meeting):
    rows = compute_facets(Article.objects.filter(pk=corpus["ru_title"].pk))
    assert rows["language"] == [{"value": "ru", "label": "Russian", "count": 1, "approximate": False}]
    assert rows["outlet"] == [{"value": "test-vestnik", "label": "Вестник", "count": 1, "approximate": False}]
    assert rows["event"][0]["label"] == "Paris meeting"


def test_wide_date_ranges_are_counted_per_month(corpus):
    make_article("Старая новость", "Давно это было.", "ru", date(2020, 5, 17))
    result = facets()
    assert result["date"]["2020-05"] == 1
    assert result["date"]["2026-01"] == 5
    assert sum(result["date"].values()) == Article.objects.exclude(published=None).count()


def test_hidden_people_are_not_facets(corpus, witkoff):
    witkoff.hidden = True
    witkoff.save()
    assert facets()["person"] == {}


def test_facets_follow_writes_that_bypass_save(corpus, witkoff):
    """The facet counts read the database's own copy of date, language and outlet: triggers keep it."""
    herald = corpus["en"].outlet
    Article.objects.filter(pk=corpus["ru_title"].pk).update(language="uk", outlet=herald, published=date(2026, 1, 7))
    result = facets(q="Witkoff")
    assert result["language"] == {"ru": 1, "uk": 2, "en": 1}
    assert result["outlet"] == {"test-vestnik": 1, "test-visnyk": 1, "test-herald": 2}
    assert result["date"] == {"2026-01-05": 1, "2026-01-06": 1, "2026-01-07": 2}
    Article.objects.filter(pk=corpus["uk"].pk).delete()
    assert facets(q="Witkoff")["language"] == {"ru": 1, "uk": 1, "en": 1}


def test_facets_of_an_empty_result(corpus):
    assert compute_facets(Article.objects.none()) == {"language": [], "outlet": [], "person": [], "event": [], "date": []}
    assert facets(q="несуществующееслово")["language"] == {}
