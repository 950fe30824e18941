"""Article.place: the city of an article's dateline; the outlet catalogue loaded again.

- ``place`` keeps the dateline's city ("ПАРИЖ, 6 января. /ТАСС/." -> "Париж"). The
  loader fills it; articles stored before get theirs from ``manage.py reanalyze``
  (which reads the dateline of the stored body), not from this migration, so the
  migration carries no copy of the dateline parser.
- The curated catalogue (``fixtures/outlets.json``) gained dpa and more forms of the
  agencies' names; migration 0005's frozen loader runs again (it is idempotent:
  outlets are updated by slug, existing names are kept), so databases migrated
  before get them too.
"""
import importlib

from django.db import migrations, models


def reload_catalogue(apps, schema_editor):
    # 0005's own frozen code (a migration's module name starts with a digit: imported by name).
    importlib.import_module("archive.migrations.0005_ingest_outlets").load(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("archive", "0010_event_languages")]
    operations = [
        migrations.AddField(
            model_name="article",
            name="place",
            field=models.CharField(
                blank=True, max_length=200,
                help_text="The city the dateline names (Париж, Київ, Paris), as written in the article",
            ),
        ),
        migrations.RunPython(reload_catalogue, migrations.RunPython.noop),
    ]
