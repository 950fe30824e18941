"""Load the curated people and events (fixtures/people.json, fixtures/events.json)."""
from django.db import migrations


def load(apps, schema_editor):
    from archive.nlp.reference import load_events, load_people

    load_people(apps.get_model("archive", "Person"), apps.get_model("archive", "PersonName"))
    load_events(apps.get_model("archive", "Event"), apps.get_model("archive", "Person"))


class Migration(migrations.Migration):
    dependencies = [("archive", "0003_search_index")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
