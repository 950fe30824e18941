"""`loaddata demo` on an empty, migrated database gives the complete archive of the seeds.

fixtures/demo.json is built by `make demo-fixture` (the seeds through the real
loader). The second test fails when the loader or the analyzer changes what
they make of the seeds, so the demo never drifts from what an import gives.
"""
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from archive.ingest.decode import content_hash, decode_bytes
from archive.ingest.parse import parse_article
from archive.models import Article, Event, Mention, Person, StoryCluster
from archive.search.signals import article_lemmas

DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "demo.json"


@pytest.mark.django_db
def test_loaddata_demo_gives_a_searchable_archive_at_once(client):
    call_command("loaddata", "demo", verbosity=0)

    assert Article.objects.count() == 5
    for query in ("Віткофф", "Уиткоффом", "Witkoff"):
        found = client.get("/api/articles/", {"q": query}).json()
        assert found["count"] == 5, query
    ukrainian = client.get("/api/articles/", {"q": "Віткофф", "language": "uk"}).json()
    assert ukrainian["count"] == 1

    witkoff = Person.objects.get(names__name="Стив Уиткофф")
    assert {"Стив Уиткофф", "Стів Віткофф", "Steve Witkoff"} <= set(witkoff.names.values_list("name", flat=True))
    assert Mention.objects.filter(person=witkoff).count() == 5
    linked_events = Event.objects.filter(eventarticle__source="auto").distinct()
    assert linked_events.count() == 3
    assert StoryCluster.objects.filter(articles__isnull=False).exists()
    assert client.get(f"/people/{witkoff.slug}/").status_code == 200


def test_demo_fixture_is_what_the_loader_makes_of_the_seeds(seeds_dir):
    objects = json.loads(DEMO.read_text(encoding="utf-8"))
    articles = {o["fields"]["content_hash"]: o["fields"] for o in objects if o["model"] == "archive.article"}
    seeds = sorted(seeds_dir.glob("*.txt"))
    assert len(articles) == len(seeds) == 5

    for path in seeds:
        decoded = decode_bytes(path.read_bytes())
        stored = articles.get(content_hash(decoded.text))
        assert stored is not None, f"{path.name} is not in the demo: run `make demo-fixture`"
        parsed = parse_article(decoded.text)
        assert (stored["title"], stored["lead"], stored["body"]) == (parsed.title, parsed.lead, parsed.body), path.name
        assert stored["published"] == parsed.published.isoformat(), path.name
        assert stored["language"] == parsed.language, path.name
        lemmas = article_lemmas(title=parsed.title, lead=parsed.lead, body=parsed.body, language=parsed.language)
        assert (stored["title_lemmas"], stored["body_lemmas"]) == lemmas, f"{path.name}: run `make demo-fixture`"
