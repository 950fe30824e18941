"""Close spellings of a known name are expanded (and shown), or offered; outlet aliases match; suggestions."""
import pytest
from django.core.management import call_command

from archive.models import Article
from archive.search.forgiving import did_you_mean, entity_suggestions, nearest_names
from archive.web.filters import ArticleFilter

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_engine")]


@pytest.fixture
def seeds(seeds_dir):
    call_command("import_articles", str(seeds_dir), verbosity=0)
    return set(Article.objects.values_list("pk", flat=True))


def hits(q):
    filterset = ArticleFilter(data={"q": q}, queryset=Article.objects.all())
    assert filterset.is_valid()
    return set(filterset.qs.values_list("pk", flat=True)), filterset.parsed_query


def test_same_key_spelling_finds_every_seed_and_says_so(seeds):
    found, parsed = hits("Виткофф")
    assert found == seeds
    (expansion,) = parsed.expansions
    assert expansion.word == "Виткофф" and "Witkoff" in expansion.names


def test_one_edit_away_is_offered_not_expanded(seeds):
    found, _parsed = hits("Витков")
    assert found == set()
    assert any(item["name"] == "Witkoff" for item in did_you_mean("Витков"))
    assert any(item["slug"] == "steve-witkoff" for item in nearest_names("Витков"))


def test_outlet_alias_matches_the_outlet_name(seeds):
    tass, _parsed = hits("TASS")
    cyrillic, _parsed = hits("ТАСС")
    assert cyrillic and tass == cyrillic
    assert {"kind": "outlet", "label": "ТАСС", "slug": "tass"} in entity_suggestions("TASS")


def test_person_named_in_query_is_suggested(seeds):
    kinds = {(item["kind"], item["slug"]) for item in entity_suggestions("Witkoff Париж")}
    assert ("person", "steve-witkoff") in kinds


def test_short_and_common_words_are_left_alone(seeds):
    assert did_you_mean("мир") == []
    assert did_you_mean("AND OR") == []


def test_search_page_shows_expansion_suggestion_and_nearest(client, seeds):
    page = client.get("/search/", {"q": "Виткофф"}).content.decode()
    assert "Виткофф</span> → " in page and "Witkoff" in page
    assert "/people/steve-witkoff/" in page and "person=steve-witkoff" in page
    page = client.get("/search/", {"q": "Витков"}).content.decode()
    assert "did-you-mean" in page and "q=Witkoff" in page
