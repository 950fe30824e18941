"""A facet can be counted alone, by the part of the facet statement that counts it.

The search page recounts a facet with a value selected without its own filter
(archive.web.selectors.search_facets): that statement counts the one facet it replaces,
with the same numbers the full statement gives it, exact below the sample threshold and
scaled from the sample (marked approximate) above it.
"""
from datetime import date

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from archive.models import Article, Event, EventArticle
from archive.search.facets import FACET_NAMES, compute_facets
from archive.web.filters import ArticleFilter
from archive.web.selectors import search_facets
from tests.factories import make_article, make_outlet, make_person, mention

pytestmark = pytest.mark.django_db

LANGUAGES = ("ru", "uk", "en")
TEXT = {"ru": "Депутаты обсудили бюджет", "uk": "Депутати обговорили бюджет", "en": "Deputies discussed the budget"}


@pytest.fixture
def budget(db):
    """30 budget articles in three languages from two outlets; two people and an event linked to some."""
    outlets = [make_outlet("Вестник", "test-vestnik"), make_outlet("Herald", "test-herald")]
    people = [make_person("Ivan Petrenko", "ivan-petrenko"), make_person("Olga Sydorenko", "olga-sydorenko")]
    event = Event.objects.create(slug="budget-vote", name_en="Budget vote", start_date=date(2025, 3, 1))
    for i in range(30):
        language = LANGUAGES[i % 3]
        article = make_article(f"Бюджет {i}", f"{TEXT[language]} бюджет budget", language, date(2025, 1 + i % 10, 1),
                               outlet=outlets[i % 2])
        for person in people[: 1 + i % 2]:
            mention(article, person, person.name)
        if i % 3 == 0:
            EventArticle.objects.create(event=event, article=article)
    return people, event


def results_of(query: str):
    filterset = ArticleFilter(data=QueryDict(query), queryset=Article.objects.all())
    assert filterset.is_valid(), filterset.errors
    return filterset


@pytest.mark.parametrize("threshold", [30, 12], ids=["exact", "sampled"])
def test_one_facet_alone_gives_the_full_statements_counts(settings, budget, threshold):
    settings.SEARCH_FACET_SAMPLE_THRESHOLD = threshold
    results = results_of("q=бюджет").results()
    everything = compute_facets(results, total=30)
    assert everything.approximate is (threshold < 30)
    for name in FACET_NAMES:
        with CaptureQueriesContext(connection) as queries:
            alone = compute_facets(results, total=30, names=(name,))
        assert len(queries) == 1
        sql = queries[0]["sql"]
        # Its own part only: people's and events' links are read for their facet alone, the
        # cells (language, outlet, period) for the three facets summed from them.
        assert ("archive_mention" in sql) is (name == "person")
        assert ("archive_eventarticle" in sql) is (name == "event")
        assert ("cells AS" in sql) is (name in ("language", "outlet", "date"))
        assert ("2654435761" in sql) is (threshold < 30)
        assert alone[name] == everything[name] and alone[name]
        assert alone.approximate is everything.approximate
        assert all(row["approximate"] is (threshold < 30) for row in alone[name])
        assert all(alone[other] == [] for other in FACET_NAMES if other != name)


def test_a_selected_facet_is_recounted_alone(budget):
    """person=... selected: the page's facets are the full statement for the chosen set, and
    the person facet again without its own filter (its count, then its part alone)."""
    people, _event = budget
    filterset = results_of(f"q=бюджет&person={people[1].slug}")
    with CaptureQueriesContext(connection) as queries:
        facets = search_facets(filterset, total=15)
    statements = [q["sql"] for q in queries if "WITH matched" in q["sql"]]
    assert len(statements) == 2
    full, recount = statements
    assert "archive_eventarticle" in full and "cells AS" in full
    assert "archive_mention" in recount
    assert "archive_eventarticle" not in recount and "cells AS" not in recount
    # Open to a second value: Petrenko is in all 30 matches, Sydorenko in 15.
    assert {row["value"]: row["count"] for row in facets["person"]} == {"ivan-petrenko": 30, "olga-sydorenko": 15}
    # The other facets count the chosen set.
    assert sum(row["count"] for row in facets["language"]) == 15
