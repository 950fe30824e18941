"""The search contract, run unchanged on SQLite (FTS5) and PostgreSQL (tsvector)."""
from datetime import date

import pytest

from archive.models import Article
from archive.search import search_articles
from archive.web.filters import ArticleFilter
from tests.factories import make_article

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_engine")]


def found(corpus, **params):
    """Keys of the corpus articles the filters return, in result order."""
    filterset = ArticleFilter(data=params, queryset=Article.objects.all())
    assert filterset.is_valid(), filterset.errors
    by_id = {article.pk: key for key, article in corpus.items()}
    return [by_id[pk] for pk in filterset.qs.values_list("pk", flat=True)]


def test_an_inflected_form_finds_the_dictionary_form(corpus):
    assert found(corpus, q="Берлином") == ["ru_body"]
    assert found(corpus, q="посланника") == ["ru_title"]
    assert found(corpus, q="президента") == ["uk"]
    assert found(corpus, q="коаліцію") == ["uk_coalition"]
    assert set(found(corpus, q="meeting")) == {"en"}  # meets, meetings -> meet


def test_yo_and_ye_are_one_letter(corpus):
    assert set(found(corpus, q="елка")) == {"ru_yo"}
    assert set(found(corpus, q="ёлку")) == {"ru_yo"}


def test_all_words_must_match(corpus):
    assert found(corpus, q="цены газ") == ["ru_gas"]
    assert found(corpus, q="Уиткофф Берлин") == ["ru_body"]


def test_exact_phrase(corpus):
    assert found(corpus, q='"стив уиткофф"') == ["ru_title"]
    assert found(corpus, q='"уиткофф стив"') == []
    assert found(corpus, q='"gas prices"') == ["en_gas"]


def test_or(corpus):
    assert set(found(corpus, q="Берлин OR Києві")) == {"ru_body", "uk"}


def test_exclusion(corpus):
    assert set(found(corpus, q="газ")) == {"ru_body", "ru_gas"}
    assert found(corpus, q="газ -рынок") == ["ru_body"]
    assert "ru_gas" not in found(corpus, q="-рынок")
    assert len(found(corpus, q="-рынок")) == len(corpus) - 1


def test_prefix(corpus):
    assert set(found(corpus, q="уитк*")) == {"ru_title", "ru_body"}
    assert found(corpus, q="Witk*") == ["en"]


def test_names_cross_scripts(witkoff, corpus):
    every = {"ru_title", "ru_body", "uk", "en"}
    for q in ("Witkoff", "Віткофф", "Уиткоффом", "уиткоффа", "WITKOFF"):
        assert set(found(corpus, q=q)) == every, q


def test_the_expansion_is_reported(witkoff):
    _qs, parsed = search_articles(Article.objects.all(), "Witkoff")
    (expansion,) = parsed.expansions
    assert expansion.word == "Witkoff"
    assert {"Уиткофф", "Віткофф"} <= set(expansion.names)
    assert str(expansion).startswith("Witkoff expanded to: ")


def test_hidden_people_do_not_expand(witkoff, corpus):
    witkoff.hidden = True
    witkoff.save()
    assert set(found(corpus, q="Witkoff")) == {"en"}


def test_title_hits_rank_above_body_hits(corpus):
    # Париж is a curated event's place, so its English name Paris matches too (a title hit).
    ranked = found(corpus, q="Париж")
    assert sorted(ranked[:2]) == ["en", "ru_title"] and ranked[2:] == ["uk_coalition"]
    assert found(corpus, q="gas")[:1] == ["en_gas"]


def test_documents_with_all_words_rank_above_documents_with_some(corpus):
    assert found(corpus, q="газ OR цены")[0] == "ru_gas"
    assert found(corpus, q="Берлине OR переговоры")[0] == "ru_body"


def test_equal_hits_are_ordered_newest_first(corpus):
    older = make_article("Саммит в Вене", "Лидеры приехали на саммит.", "ru", date(2024, 3, 1))
    newer = make_article("Саммит в Вене", "Лидеры приехали на саммит.", "ru", date(2024, 3, 2))
    undated = make_article("Саммит в Вене", "Лидеры приехали на саммит.", "ru", None)
    corpus = {**corpus, "older": older, "newer": newer, "undated": undated}
    assert found(corpus, q="саммит") == ["newer", "older", "undated"]


def test_sort_orders(corpus):
    newest = found(corpus, sort="newest")
    assert newest[0] == "uk" and newest[-1] == "ru_gas"
    assert found(corpus, sort="oldest")[0] == "ru_gas"
    assert found(corpus, q="уитк*", sort="oldest") == ["ru_body", "ru_title"]


def test_filters(corpus, witkoff, paris_meeting):
    assert set(found(corpus, language="uk")) == {"uk", "uk_coalition"}
    assert set(found(corpus, outlet="test-vestnik")) == {"ru_title", "ru_body"}
    assert set(found(corpus, person="steve-witkoff")) == {"ru_title", "ru_body", "uk", "en"}
    assert set(found(corpus, event="test-paris-meeting")) == {"ru_title", "en", "uk_coalition"}
    assert set(found(corpus, date_from="2026-01-06")) == {"ru_title", "uk", "en", "uk_coalition"}
    assert set(found(corpus, date_to="2025-12-20")) == {"en_gas", "ru_gas"}
    assert found(corpus, date_from="2026-01-06", date_to="2026-01-06", language="ru") == ["ru_title"]
    assert found(corpus, q="Witkoff", language="uk") == ["uk"]


def test_detached_event_links_do_not_count(corpus, paris_meeting):
    from archive.models import EventArticle

    EventArticle.objects.filter(article=corpus["en"]).update(source=EventArticle.Source.REJECTED)
    assert set(found(corpus, event="test-paris-meeting")) == {"ru_title", "uk_coalition"}


@pytest.mark.parametrize("params", [
    {"outlet": "no-such-outlet"}, {"person": "nobody"}, {"event": "never"},
    {"date_from": "2026-13-45"}, {"date_to": "yesterday"}, {"sort": "random"},
    {"language": "'; DROP TABLE"}, {"page": "0"}, {"page": "100000"}, {"page": "x"},
    {"date_from": "2026-02-01", "date_to": "2026-01-01"},
])
def test_invalid_filter_values_are_form_errors(corpus, params):
    filterset = ArticleFilter(data=params, queryset=Article.objects.all())
    assert not filterset.is_valid()
    assert filterset.errors


def test_more_or_terms_outrank_a_title_hit(corpus):
    title_only = make_article("Нефть дешевеет", "Рынки спокойны.", "ru", date(2026, 2, 1))
    both = make_article("Рынки", "Нефть и уголь подешевели.", "ru", date(2020, 2, 1))
    corpus = {**corpus, "title_only": title_only, "both": both}
    assert found(corpus, q="уголь OR нефть")[:2] == ["both", "title_only"]
