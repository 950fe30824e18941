"""The curated people and events (fixtures/people.json, fixtures/events.json).

Loaded by a data migration, so ``migrate`` alone gives a working archive; the
functions take the model classes so the migration can pass its historical ones.
Loading again updates the rows and adds missing names, never removes any.
"""
import json
from datetime import date
from pathlib import Path

from archive.text.keys import name_key, script_of

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"

#: The text fields of an event in fixtures/events.json (each optional but name_en).
EVENT_TEXT_FIELDS = ("name_en", "name_ru", "name_uk", "place", "place_ru", "place_uk",
                     "description", "description_ru", "description_uk")


def load_people(Person, PersonName, path: Path = FIXTURES / "people.json") -> int:
    """Create or update the curated people and their names; returns how many."""
    data = json.loads(path.read_text(encoding="utf-8"))
    for item in data:
        person, _ = Person.objects.update_or_create(
            slug=item["slug"],
            defaults={"name": item["name"], "description": item.get("description", ""), "origin": "curated"},
        )
        for language, names in item["names"].items():
            for position, name in enumerate(names):
                PersonName.objects.get_or_create(
                    person=person, name=name, language=language,
                    # The migration's historical model has no PersonName.save(): key set here.
                    defaults={"kind": "canonical" if position == 0 else "alias",
                              "key": name_key(name), "script": script_of(name)},
                )
    return len(data)


def load_events(Event, Person, path: Path = FIXTURES / "events.json") -> int:
    """Create or update the curated events with their participants; returns how many.

    Only the text fields ``Event`` has are set: an older migration's model lacks the
    later ones (place and description per language, added by 0009), which that
    migration loads again.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    known = {field.name for field in Event._meta.get_fields()}
    texts = [name for name in EVENT_TEXT_FIELDS if name in known]
    for item in data:
        fields = {k: item.get(k, "") for k in texts}
        event, _ = Event.objects.update_or_create(
            slug=item["slug"],
            defaults={**fields, "key_terms": item.get("key_terms", {}),
                      "place_names": item.get("place_names", []),
                      "start_date": date.fromisoformat(item["start_date"]) if item.get("start_date") else None,
                      "end_date": date.fromisoformat(item["end_date"]) if item.get("end_date") else None},
        )
        event.participants.add(*Person.objects.filter(slug__in=item.get("participants", [])))
    return len(data)
