"""Every reader's page renders, shows what it promises and links where it should."""
import pytest
from django.urls import reverse


def get_ok(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_home_shows_newest_people_events_and_chart(client, archive):
    html = get_ok(client, "/")
    assert 'role="search"' in html
    assert archive.ru_later.title in html
    assert "Ivan Borisov" in html
    assert "Bridge opening" in html
    assert '<svg class="chart"' in html
    # Hidden and merged people never appear as people of the archive.
    assert "Stone Bridge</a>" not in html
    assert "I. Borisov" not in html


def test_home_renders_on_an_empty_archive(client, db):
    html = get_ok(client, "/")
    assert "The archive is empty" in html


def test_article_page_links_people_and_shows_metadata(client, archive):
    html = get_ok(client, reverse("web:article", args=[archive.ru.pk]))
    person_url = reverse("web:person", args=["ivan-borisov"])
    # Mentions in the text link to the person, whatever form the text uses.
    assert f'<a class="mention" href="{person_url}" title="Ivan Borisov">Иван Борисов</a>' in html
    assert f'<a class="mention" href="{person_url}" title="Ivan Borisov">Борисовым</a>' in html
    assert f'href="{reverse("web:person", args=["olena-kovalenko"])}"' in html
    # A hidden person's name stays plain text.
    assert "Мост назвали Stone Bridge." in html
    assert "Вечерний вестник" in html and "Пётр Сидоров" in html
    assert "Northern Wire" in html and reverse("web:outlet", args=["northern-wire"]) in html
    assert "мост" in html and "город" in html
    assert reverse("web:event", args=["bridge-opening"]) in html
    # The same story elsewhere: the other articles of the cluster, across languages.
    assert archive.uk.title in html and archive.en.title in html
    assert 'lang="ru"' in html


def test_inferred_date_is_shown_as_inferred(client, archive):
    html = get_ok(client, reverse("web:article", args=[archive.uk.pk]))
    assert "(inferred)" in html
    html = get_ok(client, reverse("web:article", args=[archive.en.pk]))
    assert "(inferred)" not in html


def test_person_page_names_chart_articles_events_and_co_mentions(client, archive):
    html = get_ok(client, reverse("web:person", args=["ivan-borisov"]))
    for name in ("Иван Борисов", "Іван Борисов", "Борисовым"):
        assert name in html
    assert "Mayor of a river town." in html
    assert "3 articles" in html
    for article in (archive.ru, archive.uk, archive.en):
        assert article.title in html
    assert archive.ru_later.title not in html
    assert '<svg class="chart"' in html and "chart-legend" in html  # split by language
    assert "Bridge opening" in html
    assert "Olena Kovalenko" in html and "Anna Smith" in html
    assert "Stone Bridge" not in html


def test_merged_person_redirects_permanently_and_hidden_is_404(client, archive):
    response = client.get(reverse("web:person", args=["i-borisov"]))
    assert response.status_code == 301
    assert response["Location"] == reverse("web:person", args=["ivan-borisov"])
    assert client.get(reverse("web:person", args=["stone-bridge"])).status_code == 404
    assert client.get(reverse("web:person", args=["nobody-at-all"])).status_code == 404


def test_event_page_groups_coverage_by_language_and_outlet(client, archive):
    html = get_ok(client, reverse("web:event", args=["bridge-opening"]))
    assert "26" in html and "Riverton" in html
    assert "Coverage: 3 articles" in html
    for heading in ("Russian", "Ukrainian", "English", "Вечерний вестник", "Ранкова газета", "Outlet not stated"):
        assert heading in html
    assert "Olena Kovalenko" in html
    assert "Stone Bridge" not in html


def test_outlet_page_lists_published_and_citing(client, archive):
    html = get_ok(client, reverse("web:outlet", args=["vechernii-vestnik"]))
    assert "Published 2 articles" in html
    assert archive.ru.title in html and archive.ru_later.title in html
    html = get_ok(client, reverse("web:outlet", args=["northern-wire"]))
    assert "Cited in 1 article" in html and archive.ru.title in html


def test_date_archive_year_month_day_with_previous_and_next(client, archive):
    html = get_ok(client, "/archive/")
    assert "/archive/2026/" in html
    html = get_ok(client, "/archive/2026/")
    assert "4 articles" in html and "/archive/2026/01/" in html and "/archive/2026/02/" in html
    html = get_ok(client, "/archive/2026/01/")
    assert "3 articles" in html and "/archive/2026/01/07/" in html
    assert 'rel="next" href="/archive/2026/02/"' in html
    html = get_ok(client, "/archive/2026/01/07/")
    assert archive.uk.title in html and archive.en.title in html and archive.ru.title not in html
    assert 'rel="prev" href="/archive/2026/01/06/"' in html
    assert 'rel="next" href="/archive/2026/02/03/"' in html


@pytest.mark.parametrize("url", [
    "/archive/2026/02/30/", "/archive/2026/13/", "/archive/0/", "/archive/2026/00/01/",
    "/archive/99999/", "/archive/2026/1/99999999999999999999/",
])
def test_impossible_dates_are_404(client, archive, url):
    assert client.get(url).status_code == 404


def test_language_pages(client, archive):
    html = get_ok(client, "/languages/")
    assert "/languages/uk/" in html and "Ukrainian" in html
    html = get_ok(client, "/languages/uk/")
    assert archive.uk.title in html and archive.ru.title not in html
    assert client.get("/languages/xx/").status_code == 404


def test_index_pages(client, archive):
    assert "Ivan Borisov" in get_ok(client, "/people/")
    assert "Bridge opening" in get_ok(client, "/events/")
    assert "Northern Wire" in get_ok(client, "/outlets/")


@pytest.mark.parametrize("url", [
    "/articles/999999/", "/events/no-such-event/", "/outlets/no-such-outlet/", "/people/%3Cscript%3E/",
    "/articles/abc/", "/nothing-here/",
])
def test_unknown_things_are_404(client, archive, url):
    response = client.get(url)
    assert response.status_code == 404


def test_bad_page_numbers_never_fail(client, archive):
    for page in ("abc", "-1", "0", "99999", "1e9", "%00"):
        assert client.get(f"/people/ivan-borisov/?page={page}").status_code == 200


def test_strict_content_security_policy_and_no_inline_code(client, archive):
    for url in ("/", reverse("web:article", args=[archive.ru.pk]), "/people/ivan-borisov/"):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy and "unsafe-inline" not in policy
        html = response.content.decode()
        assert "<style" not in html and " style=" not in html
        assert "<script>" not in html and "onclick" not in html


def test_static_files_have_hashed_names(client, archive):
    html = get_ok(client, "/")
    import re
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)
    assert stylesheet, "the stylesheet is served under its hashed name"
