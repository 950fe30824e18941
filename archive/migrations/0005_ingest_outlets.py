"""Load the curated outlets and their alternative names (fixtures/outlets.json).

The loader resolves "ТАСС", "TASS", "glavcom.ua", «Главком» ... through these
OutletName keys, so they must exist on a fresh database right after migrate.
"""
from django.db import migrations


def load(apps, schema_editor):
    from archive.nlp.outlets import load_catalogue

    load_catalogue(apps.get_model("archive", "Outlet"), apps.get_model("archive", "OutletName"))


class Migration(migrations.Migration):
    dependencies = [("archive", "0004_nlp_reference_data")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
