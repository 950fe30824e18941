"""Every API list caps its pages the same way; rejected event links do not count; the schema is clean."""
from datetime import date

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS

from archive.models import EventArticle
from archive.web.filters import MAX_PAGE
from tests.factories import make_article, make_event
from tests.hostile_inputs import SEARCH_URLS, parameter_cases

pytestmark = pytest.mark.django_db

LISTS = ["/api/articles/", "/api/people/", "/api/events/", "/api/outlets/"]


@pytest.mark.parametrize("path", LISTS)
def test_pages_beyond_the_cap_are_refused_with_a_clear_message(client, path):
    response = client.get(path, {"page": MAX_PAGE + 1})
    assert response.status_code == 400
    (message,) = response.json()["page"]
    assert str(MAX_PAGE) in message


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("page", ["0", "-3", "abc", "1.5", "9" * 40, "last", "\x00"])
def test_odd_page_values_are_refused_with_the_reason(client, path, page):
    response = client.get(path, {"page": page})
    assert response.status_code == 400
    assert list(response.json()) == ["page"]


@pytest.mark.parametrize("params, status", parameter_cases("api"))
def test_article_search_answers_hostile_parameters_exactly(client, params, status):
    response = client.get(SEARCH_URLS["api"], params)
    assert response.status_code == status
    body = response.json()
    if status == 200:
        assert set(body) == {"count", "count_approximate", "next", "previous", "results", "facets"}
    elif status == 400:  # each refused parameter is named with its reason; a backward range is the form's
        assert set(body) == ({"__all__"} if {"date_from", "date_to"} <= set(params) else set(params)), body
    else:
        assert status == 404 and "detail" in body


@pytest.mark.parametrize("path", LISTS)
def test_a_page_within_the_cap_but_past_the_end_is_404(client, path):
    assert client.get(path, {"page": MAX_PAGE}).status_code == 404


def test_event_list_does_not_count_links_an_editor_detached(client):
    fair = [make_article(f"Ярмарок у гавані {i}", "Ярмарок відкрився.", "uk", published=None) for i in range(2)]
    event = make_event("api-harbour-fair", "Harbour fair", start_date=date(2026, 3, 1))
    EventArticle.objects.create(event=event, article=fair[0], source=EventArticle.Source.EDITOR)
    EventArticle.objects.create(event=event, article=fair[1], source=EventArticle.Source.REJECTED)
    empty = make_event("api-empty-event", "Nothing yet")
    results = {e["slug"]: e for e in client.get("/api/events/").json()["results"]}
    assert results["api-harbour-fair"]["article_count"] == 1
    assert results[empty.slug]["article_count"] == 0
    # Dated events first, newest first; undated ones last.
    assert list(results).index("api-harbour-fair") < list(results).index("api-empty-event")


def test_schema_generation_has_no_warnings(tmp_path):
    GENERATOR_STATS.reset()  # the command counts warnings process-wide
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    spec = yaml.safe_load(out.read_text())
    params = {p["name"]: p for p in spec["paths"]["/api/articles/"]["get"]["parameters"]}
    for name in ("person", "event", "outlet", "cites"):
        # Several values may be given (any of them matches): an array of slugs, repeated in the query.
        assert params[name]["schema"] == {"type": "array", "items": {"type": "string"}}, name
        assert params[name].get("explode", True) is True, name
        assert "slug" in params[name]["description"].lower(), name
    assert params["language"]["schema"]["type"] == "array"
    for path in LISTS:
        (page,) = [p for p in spec["paths"][path]["get"]["parameters"] if p["name"] == "page"]
        assert page["schema"]["maximum"] == MAX_PAGE, path
