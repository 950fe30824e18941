"""Saving a search, the list with new matches, open, edit, delete, the private feed and its revocation."""
from datetime import timedelta

import pytest
from django.utils import timezone

from archive.accounts.matching import matching_articles
from archive.models import Article, SavedSearch
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_save_this_search_from_its_results_page(client, reader, bridges):
    client.force_login(reader)
    page = client.get("/search/", {"q": "мост", "language": "ru", "page": 1}).content.decode()
    assert 'action="/saved/new/"' in page and "Save this search" in page
    response = client.post("/saved/new/", {"name": "Bridges", "query_string": "?q=мост&language=ru&page=2&junk=1"})
    assert response.status_code == 302 and response["Location"] == "/search/?q=%D0%BC%D0%BE%D1%81%D1%82&language=ru"
    saved = SavedSearch.objects.get(user=reader)
    assert saved.name == "Bridges" and saved.query_string == "q=%D0%BC%D0%BE%D1%81%D1%82&language=ru"
    assert list(matching_articles(saved)) == [bridges[0]]


def test_anonymous_readers_are_sent_to_log_in_and_come_back(client, bridges):
    page = client.get("/search/", {"q": "мост"}).content.decode()
    assert "Log in to save this search" in page and 'action="/saved/new/"' not in page
    response = client.post("/saved/new/", {"name": "Bridges", "query_string": "?q=мост"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/search/%3Fq%3D%25D0%25BC%25D0%25BE%25D1%2581%25D1%2582"
    assert not SavedSearch.objects.exists()


def test_a_search_with_bad_parameters_or_no_name_is_not_saved(client, reader, bridges):
    client.force_login(reader)
    bad = client.post("/saved/new/", {"name": "Bad", "query_string": "q=мост&outlet=no-such-outlet"}, follow=True)
    assert "not valid, so it cannot be saved" in bad.content.decode()
    nameless = client.post("/saved/new/", {"name": "  ", "query_string": "q=мост"}, follow=True)
    assert "Give the search a name" in nameless.content.decode()
    assert not SavedSearch.objects.exists()
    assert client.get("/saved/new/").status_code == 405


def test_matching_since_counts_articles_imported_after_it(reader, bridges):
    saved = SavedSearch.objects.create(user=reader, name="Bridges", query_string="q=мост")
    assert list(matching_articles(saved)) == [bridges[0]]
    later = timezone.now()
    assert matching_articles(saved, since=later).count() == 0
    new = make_article("Ещё мост", "Второй мост через реку.", "ru")
    assert list(matching_articles(saved, since=later)) == [new]
    assert SavedSearch.objects.create(user=reader, name="Bad", query_string="outlet=gone").pk
    assert matching_articles(SavedSearch.objects.get(name="Bad")).count() == 0


def test_the_list_counts_new_matches_and_opening_marks_them_seen(client, reader, bridges):
    saved = SavedSearch.objects.create(user=reader, name="Budget", query_string="q=бюджет")
    SavedSearch.objects.filter(pk=saved.pk).update(last_seen_at=timezone.now() - timedelta(days=1))
    make_article("Бюджет снова", "Совет снова обсудил бюджет.", "ru")
    client.force_login(reader)
    page = client.get("/saved/").content.decode()
    assert "Budget" in page and "2 new" in page  # the fixture's and the new one, both imported since
    opened = client.get(f"/saved/{saved.pk}/")
    assert opened.status_code == 302 and opened["Location"] == "/search/?q=%D0%B1%D1%8E%D0%B4%D0%B6%D0%B5%D1%82"
    assert "0 new" in client.get("/saved/").content.decode()


def test_rename_and_choose_the_alert_frequency(client, reader):
    saved = SavedSearch.objects.create(user=reader, name="Old", query_string="q=мост")
    client.force_login(reader)
    page = client.get("/saved/").content.decode()
    assert f'name="s{saved.pk}-alert_frequency"' in page and '<option value="weekly">Weekly</option>' in page
    response = client.post(f"/saved/{saved.pk}/edit/", {f"s{saved.pk}-name": "New", f"s{saved.pk}-alert_frequency": "daily"})
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.name, saved.alert_frequency) == ("New", "daily")
    bad = client.post(f"/saved/{saved.pk}/edit/", {f"s{saved.pk}-name": "", f"s{saved.pk}-alert_frequency": "hourly"})
    assert bad.status_code == 400 and "This field is required" in bad.content.decode()
    saved.refresh_from_db()
    assert saved.alert_frequency == "daily"


def test_the_frequency_select_is_translated(client, reader):
    SavedSearch.objects.create(user=reader, name="Мост", query_string="q=мост")
    client.force_login(reader)
    html = client.get("/saved/", HTTP_ACCEPT_LANGUAGE="uk").content.decode()
    assert "Щотижня" in html and "Збережені пошуки" in html


def test_delete(client, reader):
    saved = SavedSearch.objects.create(user=reader, name="Gone", query_string="q=мост")
    client.force_login(reader)
    assert client.get(f"/saved/{saved.pk}/delete/").status_code == 405
    assert client.post(f"/saved/{saved.pk}/delete/").status_code == 302
    assert not SavedSearch.objects.exists()


def test_the_private_feed_and_its_revocation(client, reader, bridges):
    saved = SavedSearch.objects.create(user=reader, name="Bridges", query_string="q=мост&language=ru")
    old = saved.feed_token
    xml = client.get(f"/saved/{old}/feed/").content.decode()  # no login: the token is the key
    assert "<title>News archive: Bridges</title>" in xml and "Мост открыли" in xml and "Міст відкрили" not in xml
    assert f"/saved/{old}/feed/" in xml
    client.force_login(reader)
    assert f"/saved/{old}/feed/" in client.get("/saved/").content.decode()
    assert client.post(f"/saved/{saved.pk}/revoke/").status_code == 302
    saved.refresh_from_db()
    assert saved.feed_token != old
    assert client.get(f"/saved/{old}/feed/").status_code == 404
    assert client.get(f"/saved/{saved.feed_token}/feed/").status_code == 200
    assert client.get("/saved/not-a-token/feed/").status_code == 404
