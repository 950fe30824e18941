"""Phrases and prefixes as index lookups; one migration state on every vendor.

PostgreSQL: the narrow search table's vectors gain adjacent token pairs as lexemes
("ёaёb", see archive.search.backends.postgres), computed by the database from the
lemma columns in the same trigger; the table is refilled. SQLite: the FTS5 table is
made again with prefix indexes (2, 3 and 4 letters) and rebuilt. Django's model
state does not change.
"""
from django.db import migrations

# The trigger function as migration 0006 left it, frozen here so that going back restores it.
_PREVIOUS_VECTORS = (
    "to_tsvector('simple'::regconfig, coalesce({row}.title_lemmas, '')) || "
    "to_tsvector('simple'::regconfig, coalesce({row}.body_lemmas, ''))",
    "to_tsvector('simple'::regconfig, coalesce({row}.title_lemmas, ''))",
)


def _previous_values(row):
    return f"{row}.id, {row}.published, {row}.language, {row}.outlet_id, " + ", ".join(
        v.format(row=row) for v in _PREVIOUS_VECTORS
    )


_COLUMNS = "article_id, published, language, outlet_id, vector, title_vector"
_PREVIOUS_POSTGRES = [
    f"""CREATE OR REPLACE FUNCTION archive_article_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND NEW.id <> OLD.id) THEN
            DELETE FROM archive_article_search WHERE article_id = OLD.id;
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        INSERT INTO archive_article_search ({_COLUMNS}) VALUES ({_previous_values("NEW")})
        ON CONFLICT (article_id) DO UPDATE SET
            published = EXCLUDED.published, language = EXCLUDED.language, outlet_id = EXCLUDED.outlet_id,
            vector = EXCLUDED.vector, title_vector = EXCLUDED.title_vector;
        RETURN NEW;
    END $$""",
    "TRUNCATE archive_article_search",
    f"INSERT INTO archive_article_search ({_COLUMNS}) SELECT {_previous_values('a')} FROM archive_article a",
    "DROP FUNCTION IF EXISTS archive_lemma_pairs(text)",
]


def _sqlite_fts(prefix: str) -> list[str]:
    options = f", prefix='{prefix}'" if prefix else ""
    return [
        "DROP TABLE IF EXISTS archive_article_fts",
        "CREATE VIRTUAL TABLE archive_article_fts USING fts5(title_lemmas, body_lemmas, "
        "content='archive_article', content_rowid='id', tokenize='unicode61 remove_diacritics 0'"
        f"{options})",
        "INSERT INTO archive_article_fts(archive_article_fts) VALUES ('rebuild')",
    ]


class IndexPhrasePairs(migrations.operations.base.Operation):
    """Pair lexemes in the PostgreSQL search vectors; prefix indexes in the SQLite FTS5 table."""

    reversible = True
    reduces_to_sql = False

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        from archive.search.backends import get_backend

        if schema_editor.connection.vendor == "postgresql":
            get_backend(schema_editor.connection).upgrade(schema_editor)
        elif schema_editor.connection.vendor == "sqlite":
            for sql in _sqlite_fts("2 3 4"):
                schema_editor.execute(sql)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            for sql in _PREVIOUS_POSTGRES:
                schema_editor.execute(sql)
        elif schema_editor.connection.vendor == "sqlite":
            for sql in _sqlite_fts(""):
                schema_editor.execute(sql)

    def describe(self):
        return "Index adjacent token pairs (PostgreSQL) and prefixes (SQLite) for search"

    @property
    def migration_name_fragment(self):
        return "search_phrase_pairs"


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0006_search_narrow_table"),
    ]

    operations = [IndexPhrasePairs()]
