"""An index of the narrow search table in the order of equal ranks: newest first, then the highest id.

A ranked page is the best tier first, and inside a tier the newest articles
(``published DESC NULLS LAST, article_id DESC``). For a common word the page's
lowest tier is most of the matches; walking this index and keeping the first
matches it meets answers that tier after a few dozen rows, where sorting every
match read them all (archive/search/results.py, ``SearchResults.page_ranks``).

SQLite orders NULL below every date, so ``published DESC`` already puts undated
articles last; PostgreSQL needs ``NULLS LAST`` said. Frozen SQL: the backends
hold the live copy (their ensure() repairs a dropped search table with it).
"""
from django.db import migrations

_FORWARDS = {
    "postgresql": ["CREATE INDEX IF NOT EXISTS archive_article_search_newest ON archive_article_search "
                   "(published DESC NULLS LAST, article_id DESC)"],
    "sqlite": ["CREATE INDEX IF NOT EXISTS archive_article_search_newest ON archive_article_search "
               "(published DESC, article_id DESC)"],
}
_BACKWARDS = {vendor: ["DROP INDEX IF EXISTS archive_article_search_newest"] for vendor in _FORWARDS}


def _run(statements, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in statements:
        raise NotImplementedError(f"Search supports SQLite and PostgreSQL, not {vendor}.")
    for sql in statements[vendor]:
        schema_editor.execute(sql, params=None)


def forwards(apps, schema_editor):
    _run(_FORWARDS, schema_editor)


def backwards(apps, schema_editor):
    _run(_BACKWARDS, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0015_signupattempt"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
