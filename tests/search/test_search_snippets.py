"""Snippets: the best passage, matched words marked, everything else escaped."""
import pytest

from archive.curation import set_hidden
from archive.search.snippets import highlight, snippet

pytestmark = pytest.mark.django_db


def test_matched_inflected_words_are_marked(corpus):
    html = snippet(corpus["ru_gas"], "газ")
    assert "<mark>газ</mark>" in html
    assert "<mark>Газовый</mark>" not in html  # a different word


def test_markup_in_the_text_is_shown_as_text(corpus):
    html = snippet(corpus["ru_gas"], "рынок")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<mark>рынок</mark>" in html


def test_the_best_passage_is_chosen():
    text = " ".join(["вода"] * 100) + " переговоры о газе " + " ".join(["вода"] * 100)
    html = highlight(text, "газ переговоры", language="ru", window=10)
    assert html.startswith("… ") and html.endswith(" …")
    assert "<mark>переговоры</mark>" in html and "<mark>газе</mark>" in html


def test_private_markers_in_the_text_cannot_forge_tags():
    html = highlight("\ue000 текст \ue001 газ", "газ", language="ru")
    assert html.count("<mark>") == 1 and "\ue000" not in html


def test_names_are_marked_in_every_script(corpus, witkoff):
    assert "<mark>Віткофф</mark>" in snippet(corpus["uk"], "Witkoff")


def test_hiding_a_person_changes_the_marks_at_once(corpus, witkoff):
    """Snippets parse with the names as they are now: a hidden person's other spellings stop being marked."""
    assert "<mark>Віткофф</mark>" in snippet(corpus["uk"], "Witkoff")
    set_hidden(witkoff, True, acting_user=None)
    assert "<mark>Віткофф</mark>" not in snippet(corpus["uk"], "Witkoff")
    set_hidden(witkoff, False, acting_user=None)
    assert "<mark>Віткофф</mark>" in snippet(corpus["uk"], "Witkoff")


def test_the_search_page_marks_what_its_search_matched(client, corpus, witkoff):
    page = client.get("/search/", {"q": "Witkoff"})
    assert page.status_code == 200
    assert "<mark>Віткофф</mark>" in page.content.decode()
