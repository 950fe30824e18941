"""Article.place: the city of an article's dateline, and the outlet catalogue reloaded.

- ``place`` keeps the dateline's city ("ПАРИЖ, 6 января. /ТАСС/." -> "Париж"). Stored
  articles get theirs from the first paragraphs of their body, read by the same
  dateline parser the loader uses.
- The curated catalogue (``fixtures/outlets.json``) gained dpa and more forms of the
  agencies' names (Ассошиэйтед Пресс, Франс Прес, РІА Новини); loading it again adds
  them to databases migrated before. Loading is idempotent: existing outlets are
  updated by slug, existing names are kept.
"""
from django.db import migrations, models

PARAGRAPHS_READ = 3  # a dateline opens one of the first paragraphs (as archive.ingest.parse reads it)


def reload_catalogue(apps, schema_editor):
    from archive.nlp.outlets import load_catalogue

    load_catalogue(apps.get_model("archive", "Outlet"), apps.get_model("archive", "OutletName"))


def fill_places(apps, schema_editor):
    from archive.ingest.datelines import parse_dateline, place_name

    Article = apps.get_model("archive", "Article")
    changed = []
    for article in Article.objects.only("id", "body").iterator(chunk_size=2000):
        paragraphs = [p.strip() for p in article.body.split("\n") if p.strip()][:PARAGRAPHS_READ]
        dateline = next((d for d in map(parse_dateline, paragraphs) if d), None)
        if dateline and dateline.place:
            article.place = place_name(dateline.place)[:200]
            changed.append(article)
        if len(changed) >= 2000:
            Article.objects.bulk_update(changed, ["place"])
            changed = []
    Article.objects.bulk_update(changed, ["place"])


class Migration(migrations.Migration):
    dependencies = [("archive", "0008_import_jobs")]
    operations = [
        migrations.AddField(
            model_name="article",
            name="place",
            field=models.CharField(
                blank=True, max_length=200,
                help_text="The city the dateline names (Париж, Київ, Paris), as written in the article",
            ),
        ),
        migrations.RunPython(fill_places, migrations.RunPython.noop),
        migrations.RunPython(reload_catalogue, migrations.RunPython.noop),
    ]
