"""The JSON API answers with the documented shape, and its schema validates."""
from datetime import date

import pytest
import yaml
from openapi_spec_validator import validate

from archive.models import PersonName
from tests.factories import make_article, make_event, make_outlet, make_person, mention

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive_data(db):
    outlet = make_outlet("Вестник", "api-vestnik", language="ru")
    person = make_person("Ivan Petrenko", "api-ivan-petrenko",
                         {"en": ["Ivan Petrenko"], "ru": ["Иван Петренко"], "uk": ["Іван Петренко"]},
                         kind=PersonName.Kind.ALIAS)
    articles = [
        make_article(title, body, language, date(2026, 2, 1 + i), outlet=outlet)
        for i, (title, body, language) in enumerate([
            ("Петренко открыл выставку", "Министр Иван Петренко открыл выставку <b>картин</b>.", "ru"),
            ("Petrenko opens an exhibition", "Minister Ivan Petrenko opened the exhibition.", "en"),
        ])
    ]
    event = make_event("api-summit", "Summit", name_ru="Саммит", articles=articles)
    for article in articles:
        mention(article, person)
    return {"articles": articles, "person": person, "event": event, "outlet": outlet}


def test_article_search_shape(client, archive_data):
    data = client.get("/api/articles/", {"q": "выставкой", "outlet": "api-vestnik"}).json()
    assert set(data) == {"count", "count_approximate", "next", "previous", "results", "facets"}
    assert data["count_approximate"] is False
    assert data["count"] == 1
    (hit,) = data["results"]
    assert set(hit) == {"id", "title", "published", "language", "outlet", "people", "snippet", "url"}
    assert hit["people"] == [{"id": archive_data["person"].id, "name": "Ivan Petrenko", "display_name": "Ivan Petrenko"}]
    assert "<mark>выставку</mark>" in hit["snippet"] and "&lt;b&gt;" in hit["snippet"]
    assert hit["url"].endswith(f"/articles/{hit['id']}/")
    assert set(data["facets"]) == {"language", "outlet", "person", "event", "date"}
    assert data["facets"]["language"] == [{"value": "ru", "label": "Russian", "count": 1, "approximate": False}]
    assert data["facets"]["event"][0]["value"] == "api-summit"


def test_bad_filter_values_are_400(client, archive_data):
    response = client.get("/api/articles/", {"outlet": "nope", "date_from": "soon"})
    assert response.status_code == 400
    assert set(response.json()) == {"outlet", "date_from"}


def test_article_detail(client, archive_data):
    article = archive_data["articles"][0]
    data = client.get(f"/api/articles/{article.pk}/").json()
    assert data["body"] == article.body
    (person,) = data["people"]
    assert {n["name"] for n in person["names"]} >= {"Иван Петренко", "Іван Петренко", "Ivan Petrenko"}
    assert data["events"] == [{"id": archive_data["event"].id, "slug": "api-summit", "name": "Summit"}]
    assert data["cited_outlets"] == []
    assert client.get("/api/articles/999999/").status_code == 404


def test_people_search_and_detail(client, archive_data):
    data = client.get("/api/people/", {"q": "Петренко"}).json()
    assert [p["slug"] for p in data["results"]] == ["api-ivan-petrenko"]
    assert data["results"][0]["article_count"] == 2
    detail = client.get(f"/api/people/{archive_data['person'].pk}/").json()
    assert {n["language"] for n in detail["names"]} == {"en", "ru", "uk"}


def test_events(client, archive_data):
    data = client.get("/api/events/").json()
    summit = next(e for e in data["results"] if e["slug"] == "api-summit")
    assert summit["article_count"] == 2


def test_schema_validates(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    spec = yaml.safe_load(response.content)
    validate(spec)
    assert "/api/articles/" in spec["paths"]
    params = {p["name"] for p in spec["paths"]["/api/articles/"]["get"]["parameters"]}
    assert {"q", "language", "outlet", "person", "event", "date_from", "date_to", "sort", "page"} <= params
