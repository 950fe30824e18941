"""Who may open what: anonymous readers go to log in, another reader's saved search is a 404."""
import pytest

from archive.models import SavedSearch

pytestmark = pytest.mark.django_db

PAGES = ["/saved/", "/saved/{pk}/", "/saved/{pk}/edit/"]
ACTIONS = ["/saved/{pk}/edit/", "/saved/{pk}/delete/", "/saved/{pk}/revoke/"]


@pytest.fixture
def theirs(other_reader):
    return SavedSearch.objects.create(user=other_reader, name="Theirs", query_string="q=мост")


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_readers_are_sent_to_log_in(client, theirs, url):
    url = url.format(pk=theirs.pk)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("url", ACTIONS)
def test_anonymous_posts_change_nothing(client, theirs, url):
    response = client.post(url.format(pk=theirs.pk), {f"s{theirs.pk}-name": "Mine", f"s{theirs.pk}-alert_frequency": "daily"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert SavedSearch.objects.get(pk=theirs.pk).name == "Theirs"


@pytest.mark.parametrize("url", ["/saved/{pk}/", "/saved/{pk}/edit/"])
def test_another_readers_search_is_not_found(client, reader, theirs, url):
    client.force_login(reader)
    assert client.get(url.format(pk=theirs.pk)).status_code == 404


@pytest.mark.parametrize("url", ACTIONS)
def test_another_reader_cannot_change_it(client, reader, theirs, url):
    client.force_login(reader)
    token = theirs.feed_token
    response = client.post(url.format(pk=theirs.pk), {f"s{theirs.pk}-name": "Mine", f"s{theirs.pk}-alert_frequency": "daily"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert (theirs.name, theirs.alert_frequency, theirs.feed_token) == ("Theirs", "none", token)


def test_the_list_shows_only_the_readers_own_searches(client, reader, theirs):
    SavedSearch.objects.create(user=reader, name="Mine", query_string="q=бюджет")
    client.force_login(reader)
    html = client.get("/saved/").content.decode()
    assert "Mine" in html and "Theirs" not in html and theirs.feed_token not in html


@pytest.mark.parametrize("url", ["/admin/", "/admin/archive/savedsearch/", "/admin/auth/user/"])
def test_no_admin_page_for_anonymous_or_readers(client, reader, url):
    assert client.get(url).status_code == 302
    client.force_login(reader)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
