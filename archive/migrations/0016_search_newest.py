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


class CreateNewestIndex(migrations.operations.base.Operation):
    """Index the search table newest first (the order of a tier of a ranked page)."""

    reversible = True
    reduces_to_sql = False

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        _run(_FORWARDS, schema_editor)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        _run(_BACKWARDS, schema_editor)

    def describe(self):
        return "Index the search table newest first"

    @property
    def migration_name_fragment(self):
        return "search_newest"


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0015_signupattempt"),
    ]

    operations = [CreateNewestIndex()]
