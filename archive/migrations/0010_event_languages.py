"""An event's place and description in Russian and Ukrainian, filled from fixtures/events.json.

Frozen like 0003-0005: the filling is this file's own code, not the project's.
"""
import json
from pathlib import Path

from django.db import migrations, models

EVENTS = Path(__file__).resolve().parent.parent.parent / "fixtures" / "events.json"
TRANSLATED = ("place_ru", "place_uk", "description_ru", "description_uk")


def fill_event_translations(Event, path: Path = EVENTS) -> int:
    """Fill the curated events' blank Russian and Ukrainian places and descriptions from the fixture.

    Only blank fields are written, so what an editor wrote stays; returns how many events changed.
    """
    changed = 0
    for item in json.loads(path.read_text(encoding="utf-8")):
        event = Event.objects.filter(slug=item["slug"]).first()
        if event is None:
            continue
        fields = [name for name in TRANSLATED if item.get(name) and not getattr(event, name)]
        for name in fields:
            setattr(event, name, item[name])
        if fields:
            event.save(update_fields=fields)
            changed += 1
    return changed


def fill(apps, schema_editor):
    fill_event_translations(apps.get_model("archive", "Event"))


class Migration(migrations.Migration):
    dependencies = [("archive", "0009_search_row_curation_actions")]
    operations = [
        migrations.AlterField(
            model_name="event", name="place",
            field=models.CharField(blank=True, help_text="In English", max_length=200),
        ),
        migrations.AlterField(
            model_name="event", name="description",
            field=models.TextField(blank=True, help_text="In English"),
        ),
        migrations.AddField(
            model_name="event", name="place_ru", field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="event", name="place_uk", field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="event", name="description_ru", field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="event", name="description_uk", field=models.TextField(blank=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
