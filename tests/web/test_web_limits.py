"""Pages stay cheap: a capped number of pages everywhere, a constant number of queries per feed."""
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.models import Article, Outlet
from archive.web.filters import MAX_PAGE
from archive.web.views.common import PER_PAGE
from tests.factories import build_article, bulk_create_articles


def many_articles(count: int, *, outlet=None, day=date(2024, 1, 1)) -> None:
    """``count`` short Russian articles of one day, without an author (the feed names the outlet instead)."""
    # One bulk insert with the lemmas written out: thousands of saves would only slow the test.
    bulk_create_articles(
        build_article(f"Заметка {number}", f"Заметка номер {number} о городском транспорте.", "ru", day,
                      outlet=outlet, title_lemmas=f"заметка {number}",
                      body_lemmas="заметка номер о городской транспорт")
        for number in range(count)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/languages/ru/", "/archive/2024/01/", "/archive/2024/01/01/", "/search/?q=заметка"])
def test_pages_beyond_the_limit_are_not_served(client, url):
    many_articles(PER_PAGE * (MAX_PAGE + 2))
    last = client.get(url, {"page": MAX_PAGE})
    page = last.context["page"]
    assert page.number == MAX_PAGE and not page.has_next() and page.paginator.num_pages == MAX_PAGE
    html = last.content.decode()
    assert f"page={MAX_PAGE + 1}" not in html and f"Pages beyond {MAX_PAGE} are not served." in html
    beyond = client.get(url, {"page": MAX_PAGE + 1})
    # The search form refuses the page and says why (400, as the API); other lists show the last page.
    assert beyond.status_code == (400 if url.startswith("/search/") else 200)
    if url.startswith("/search/"):  # the search form says why (as the API answers 400)
        [error] = beyond.context["result"].errors
        assert error.startswith("Page:") and str(MAX_PAGE) in error
    else:  # other pages serve the nearest page, as for any page number out of range
        assert beyond.context["page"].number == MAX_PAGE


@pytest.mark.django_db
def test_search_feed_queries_do_not_grow_with_the_items(client):
    outlet = Outlet.objects.create(name="Городская газета", slug="gorodskaya-gazeta")
    many_articles(3, outlet=outlet)
    client.get(reverse("web:search-feed"), {"q": "заметка"})  # caches filled once per process are warm
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("web:search-feed"), {"q": "заметка"}).status_code == 200
    Article.objects.all().delete()
    many_articles(30, outlet=outlet)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("web:search-feed"), {"q": "заметка"})
    assert response.content.decode().count("<name>Городская газета</name>") == 30
    assert len(many.captured_queries) == len(few.captured_queries)
