"""Atom feeds validate as Atom; the interface speaks English, Russian and Ukrainian."""
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings as django_settings

ATOM = "{http://www.w3.org/2005/Atom}"


def parse_atom(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    # Atom's required elements: feed id/title/updated, entry id/title/updated, and a link.
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}") is not None, name
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert (entry.find(f"{ATOM}{name}").text or "").strip(), name
        assert entry.find(f"{ATOM}link").get("href")
    return root, entries


def test_search_feed_follows_the_search(client, archive):
    _root, entries = parse_atom(client.get("/search/feed/", {"q": "Borisov", "language": "uk"}))
    assert [e.find(f"{ATOM}title").text for e in entries] == [archive.uk.title]
    _root, entries = parse_atom(client.get("/search/feed/"))
    assert len(entries) == 4
    assert entries[0].find(f"{ATOM}title").text == archive.ru_later.title  # newest first


def test_control_characters_in_a_query_or_a_stored_text_do_not_break_a_feed(client, archive):
    # XML 1.0 cannot carry them; Django's feed generator would raise.
    root, _entries = parse_atom(client.get("/search/feed/", {"q": "Borisov\x08\x1b"}))
    assert root.find(f"{ATOM}title").text.endswith("Borisov")
    archive.uk.title = "Міст\x0bвідкрито"  # as an editor might paste it
    archive.uk.save()
    _root, entries = parse_atom(client.get("/people/ivan-borisov/feed/"))
    assert "Міствідкрито" in [entry.find(f"{ATOM}title").text for entry in entries]


def test_search_page_advertises_its_feed(client, archive):
    html = client.get("/search/", {"q": "мост"}).content.decode()
    assert 'type="application/atom+xml"' in html and "/search/feed/?q=" in html


def test_person_and_event_feeds(client, archive):
    _root, entries = parse_atom(client.get("/people/ivan-borisov/feed/"))
    assert len(entries) == 3
    _root, entries = parse_atom(client.get("/events/bridge-opening/feed/"))
    assert len(entries) == 3
    # A merged person's feed is the surviving person's.
    _root, entries = parse_atom(client.get("/people/i-borisov/feed/"))
    assert len(entries) == 3


@pytest.mark.parametrize("url", ["/people/stone-bridge/feed/", "/people/nobody/feed/", "/events/nothing/feed/"])
def test_feeds_404_for_unknown_things(client, archive, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/search/feed/?outlet=nowhere", "/search/feed/?date_from=2026-13-01"])
def test_search_feeds_400_for_bad_parameters(client, archive, url):
    assert client.get(url).status_code == 400


@pytest.mark.parametrize("language, words", [
    ("ru", ["Поиск", "Люди", "События"]),
    ("uk", ["Пошук", "Люди", "Події"]),
    ("en", ["Search", "People", "Events"]),
])
def test_switcher_translates_the_interface(client, archive, language, words):
    response = client.post("/i18n/setlang/", {"language": language, "next": "/people/ivan-borisov/"})
    assert response.status_code == 302 and response["Location"] == "/people/ivan-borisov/"
    html = client.get("/people/ivan-borisov/").content.decode()
    assert f'<html lang="{language}">' in html
    nav = html.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    for word in words:
        assert word in nav
    # Article text stays as written.
    assert archive.ru.title in html


def test_browser_language_is_honoured_and_switcher_lists_all_languages(client, archive):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="uk").content.decode()
    assert '<html lang="uk">' in html and "Пошук" in html
    for code, _name in django_settings.LANGUAGES:
        assert f'<option value="{code}"' in html


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_every_interface_string_is_translated(language):
    """No empty or fuzzy entries for the reader's pages (templates/ and archive/web/)."""
    from pathlib import Path

    text = (Path(django_settings.BASE_DIR) / "archive" / "locale" / language / "LC_MESSAGES" / "django.po").read_text()
    entries = [e for e in text.split("\n\n")[1:] if "#: templates/" in e or "#: archive/web/" in e]
    assert len(entries) > 100
    untranslated = [e for e in entries if ('msgstr ""\n' in e + "\n" and '"\n"' not in e.split("msgstr", 1)[1])
                    or "#, fuzzy" in e or 'msgstr[0] ""' in e]
    assert not untranslated, untranslated[:3]
