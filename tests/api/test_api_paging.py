"""next/previous links walk a search page by page; page_size; outlets and events by slug."""
from datetime import date, timedelta

import pytest

from archive.models import Article, Event, EventArticle, Outlet, OutletName
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(db):
    """205 articles with the word "мост", 5 without it."""
    outlet = Outlet.objects.create(name="Вестник", slug="paging-vestnik", language="ru", kind=Outlet.Kind.NEWSPAPER)
    OutletName.objects.create(outlet=outlet, name="Vestnik", key="vestnik")
    cited = Outlet.objects.create(name="Northern Wire", slug="paging-wire")
    rows = [  # saved one by one: save() fills the lemmas the index reads
        make_article(f"Заметка {i}", f"Заметка {i}: " + ("мост открыли." if i < 205 else "совет заседал."), "ru",
                     date(2025, 1, 1) + timedelta(days=i % 300), outlet=outlet)
        for i in range(210)
    ]
    rows[0].cited_outlets.add(cited)
    return {"outlet": outlet, "cited": cited}


def walk(client, url):
    seen, pages = [], 0
    while url:
        data = client.get(url).json()
        seen += [hit["id"] for hit in data["results"]]
        pages += 1
        url = data["next"]
    return seen, pages


def test_next_links_walk_every_page_of_a_205_hit_search(client, many):
    first = client.get("/api/articles/", {"q": "мост"}).json()
    assert first["count"] == 205 and first["previous"] is None
    assert "q=%D0%BC%D0%BE%D1%81%D1%82" in first["next"] and "page=2" in first["next"]
    seen, pages = walk(client, "/api/articles/?q=мост")
    assert pages == 11
    assert len(seen) == 205 and len(set(seen)) == 205
    last = client.get("/api/articles/", {"q": "мост", "page": 11}).json()
    assert last["next"] is None and "page=10" in last["previous"]


def test_page_size(client, many):
    data = client.get("/api/articles/", {"q": "мост", "page_size": 100}).json()
    assert len(data["results"]) == 100
    seen, pages = walk(client, "/api/articles/?q=мост&page_size=100")
    assert (len(set(seen)), pages) == (205, 3)
    for bad in ("0", "101", "abc", "-1"):
        response = client.get("/api/articles/", {"page_size": bad})
        assert response.status_code == 400, bad
        assert "page_size" in response.json()


def test_outlets_list_and_detail(client, many):
    data = client.get("/api/outlets/").json()
    by_slug = {row["slug"]: row for row in data["results"]}
    assert by_slug["paging-vestnik"]["published_count"] == 210
    assert by_slug["paging-wire"]["cited_count"] == 1
    detail = client.get("/api/outlets/paging-vestnik/").json()
    assert detail["names"] == ["Vestnik"] and detail["kind"] == "newspaper"
    citing = client.get(by_slug["paging-wire"]["citing_articles"]).json()
    assert citing["count"] == 1
    assert client.get("/api/outlets/nope/").status_code == 404


def test_event_by_slug(client, many):
    event = Event.objects.create(slug="paging-summit", name_en="Summit", name_ru="Саммит", place="Paris")
    EventArticle.objects.create(event=event, article=Article.objects.first())
    data = client.get("/api/events/paging-summit/").json()
    assert (data["name_ru"], data["article_count"]) == ("Саммит", 1)
    assert client.get(data["articles"]).json()["count"] == 1
    assert client.get("/api/events/nope/").status_code == 404
