"""The five seed articles through the real loader: people (gold file), events, stories."""
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from archive.models import Article, Event, Person

GOLD = json.loads((Path(__file__).resolve().parent.parent / "people_gold.json").read_text())


@pytest.fixture
def seeds(db, seeds_dir):
    call_command("import_articles", str(seeds_dir), verbosity=0)
    return {Path(a.source_name).name: a for a in Article.objects.all()}


def test_people_precision_and_recall_over_the_seeds(seeds):
    true_pos = found_total = gold_total = 0
    for name, expected in GOLD.items():
        found = {p.name for p in seeds[name].people.all()}
        true_pos += len(found & set(expected))
        found_total += len(found)
        gold_total += len(expected)
    precision, recall = true_pos / found_total, true_pos / gold_total
    print(f"\nseed people: precision {precision:.3f}, recall {recall:.3f} ({true_pos}/{found_total} found, {gold_total} gold)")
    assert precision >= 0.95 and recall >= 0.95


def test_no_person_from_byline_credit_or_breadcrumb(seeds):
    names = set(Person.objects.values_list("name", flat=True))
    assert not {"Sean Gallup", "Ivanna Honchar", "Holovna Svit Polityka"} & names
    assert not Person.objects.filter(origin=Person.Origin.DISCOVERED).exists()


def test_seeds_link_to_the_three_events(seeds):
    by_event = {e.slug: {Path(a.source_name).name[:3] for a in e.articles.all()} for e in Event.objects.all()}
    assert by_event["coalition-of-the-willing-paris-2026-01-06"] == {"000", "001", "002", "003", "004"}
    assert {"001", "004"} <= by_event["ukraine-us-talks-paris-2026-01-07"]
    assert {"000", "002"} <= by_event["security-advisers-kyiv-2026-01-03"]
    assert "003" not in by_event["security-advisers-kyiv-2026-01-03"]


def test_seed_stories_group_russian_and_ukrainian_articles(seeds):
    assert seeds["001_f4c982d170557a16.txt"].story_id == seeds["004_56c201d3acdcaa1f.txt"].story_id
    assert seeds["000_4694158718195879.txt"].story_id == seeds["003_00b64ad341f35e56.txt"].story_id


def test_inflected_forms_are_stored_for_search(seeds):
    witkoff = Person.objects.get(slug="steve-witkoff")
    forms = set(witkoff.names.values_list("name", flat=True))
    assert {"Стивеном Уиткоффом", "Уиткоффом", "Стівом Віткоффом"} <= forms
    keys = set(witkoff.names.values_list("key", flat=True))
    assert "vitkof" in keys and "vitkofom" in keys


def test_reanalyze_is_idempotent(seeds):
    before = sorted((m.article_id, m.person_id, m.count) for a in seeds.values() for m in a.mentions.all())
    names = Person.objects.count()
    call_command("reanalyze", "--all", verbosity=0)
    after = sorted((m.article_id, m.person_id, m.count) for a in seeds.values() for m in a.mentions.all())
    assert before == after and Person.objects.count() == names
