"""A narrow search table beside the articles, kept by the database; one migration state on every vendor.

PostgreSQL: the vectors move from a generated column of ``archive_article`` to
``archive_article_search`` (id, date, language, outlet, text and title vectors),
written by a row trigger. SQLite: the FTS5 table stays; ``archive_article_search``
(id, date, language, outlet) is added, written by triggers. Counts, facets and
ranking read these small rows instead of the wide article rows (see
archive.search.backends). Django's model state does not change.
"""
from django.db import migrations

# The first version's PostgreSQL index (migration 0003 as first written), frozen here so
# that going back restores exactly it.
_LEGACY_POSTGRES = [
    """ALTER TABLE archive_article ADD COLUMN IF NOT EXISTS search_vector tsvector
       GENERATED ALWAYS AS (
           setweight(to_tsvector('simple'::regconfig, coalesce(title_lemmas, '')), 'A') ||
           setweight(to_tsvector('simple'::regconfig, coalesce(body_lemmas, '')), 'B')
       ) STORED""",
    "CREATE INDEX IF NOT EXISTS archive_article_search_gin ON archive_article USING gin (search_vector)",
]
_DROP_LEGACY_POSTGRES = [
    "DROP INDEX IF EXISTS archive_article_search_gin",
    "ALTER TABLE archive_article DROP COLUMN IF EXISTS search_vector",
]


class UseNarrowSearchTable(migrations.operations.base.Operation):
    """Move the vendor's full-text index to the narrow search table."""

    reversible = True
    reduces_to_sql = False

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        from archive.search.backends import get_backend

        if schema_editor.connection.vendor == "postgresql":
            for sql in _DROP_LEGACY_POSTGRES:
                schema_editor.execute(sql)
        get_backend(schema_editor.connection).upgrade(schema_editor)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        from archive.search.backends import get_backend

        get_backend(schema_editor.connection).downgrade(schema_editor)
        if schema_editor.connection.vendor == "postgresql":
            for sql in _LEGACY_POSTGRES:
                schema_editor.execute(sql)

    def describe(self):
        return "Move the full-text search index to a narrow table kept by triggers"

    @property
    def migration_name_fragment(self):
        return "search_narrow_table"


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0005_ingest_outlets"),
    ]

    operations = [UseNarrowSearchTable()]
