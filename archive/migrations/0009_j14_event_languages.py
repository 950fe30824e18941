"""An event's place and description in Russian and Ukrainian, filled from fixtures/events.json."""
from django.db import migrations, models


def fill(apps, schema_editor):
    from archive.nlp.reference import fill_event_translations

    fill_event_translations(apps.get_model("archive", "Event"))


class Migration(migrations.Migration):
    dependencies = [("archive", "0008_import_jobs")]
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
