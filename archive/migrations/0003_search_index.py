"""The full-text index, built by the database itself; one migration state on every vendor.

PostgreSQL: a narrow table ``archive_article_search`` (id, date, language, outlet,
text and title tsvectors with adjacent-token pair lexemes, GIN-indexed), written by a
row trigger on ``archive_article`` and emptied by a statement trigger on TRUNCATE.
SQLite: an FTS5 table over the lemma columns (external content, prefix indexes) and
the narrow ``archive_article_search`` (id, date, language, outlet), kept by triggers.
Django's model state does not change: the index is not a model field, like
contrib.postgres's CreateExtension.

The SQL is frozen here on purpose, not imported from archive.search.backends: the
backends hold the live copy (their ensure() repairs what a SQLite table rebuild
drops), and a change there must come with a new migration, never alter this one.
"""
from django.db import migrations

_POSTGRESQL_FORWARDS = [
    """CREATE OR REPLACE FUNCTION archive_lemma_pairs(lemmas text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT to_tsvector('simple'::regconfig, coalesce(string_agg(pair, ' ') FILTER (WHERE n <= 2000), '')
               || CASE WHEN count(*) > 2000 THEN ' ёё' ELSE '' END)
        FROM (SELECT 'ё' || token || 'ё' || lead(token) OVER (ORDER BY at) AS pair,
                     row_number() OVER (ORDER BY at) AS n
              FROM unnest(regexp_split_to_array(coalesce(lemmas, ''), '\\s+')) WITH ORDINALITY AS t(token, at)
              WHERE token <> '') pairs
        WHERE pair IS NOT NULL
    $$""",
    """CREATE TABLE IF NOT EXISTS archive_article_search (
        article_id integer PRIMARY KEY,
        published date,
        language varchar(8) NOT NULL,
        outlet_id integer,
        vector tsvector NOT NULL,
        title_vector tsvector NOT NULL
    ) WITH (toast_tuple_target = 128)""",
    'CREATE INDEX IF NOT EXISTS archive_article_search_vector ON archive_article_search USING gin (vector)',
    'CREATE INDEX IF NOT EXISTS archive_article_search_title ON archive_article_search USING gin (title_vector)',
    """CREATE OR REPLACE FUNCTION archive_article_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND NEW.id <> OLD.id) THEN
            DELETE FROM archive_article_search WHERE article_id = OLD.id;
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        INSERT INTO archive_article_search (article_id, published, language, outlet_id, vector, title_vector) VALUES (NEW.id, NEW.published, NEW.language, NEW.outlet_id, to_tsvector('simple'::regconfig, coalesce(NEW.title_lemmas, '')) || to_tsvector('simple'::regconfig, coalesce(NEW.body_lemmas, '')) || archive_lemma_pairs(NEW.title_lemmas) || archive_lemma_pairs(NEW.body_lemmas), to_tsvector('simple'::regconfig, coalesce(NEW.title_lemmas, '')) || archive_lemma_pairs(NEW.title_lemmas))
        ON CONFLICT (article_id) DO UPDATE SET
            published = EXCLUDED.published, language = EXCLUDED.language, outlet_id = EXCLUDED.outlet_id,
            vector = EXCLUDED.vector, title_vector = EXCLUDED.title_vector;
        RETURN NEW;
    END $$""",
    'DROP TRIGGER IF EXISTS archive_article_search_sync ON archive_article',
    """CREATE TRIGGER archive_article_search_sync
        AFTER INSERT OR DELETE OR UPDATE OF id, published, language, outlet_id, title_lemmas, body_lemmas
        ON archive_article FOR EACH ROW EXECUTE FUNCTION archive_article_search_sync()""",
    """CREATE OR REPLACE FUNCTION archive_article_search_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE archive_article_search;
        RETURN NULL;
    END $$""",
    'DROP TRIGGER IF EXISTS archive_article_search_truncate ON archive_article',
    """CREATE TRIGGER archive_article_search_truncate AFTER TRUNCATE ON archive_article
        FOR EACH STATEMENT EXECUTE FUNCTION archive_article_search_truncate()""",
    'TRUNCATE archive_article_search',
    "INSERT INTO archive_article_search (article_id, published, language, outlet_id, vector, title_vector) SELECT a.id, a.published, a.language, a.outlet_id, to_tsvector('simple'::regconfig, coalesce(a.title_lemmas, '')) || to_tsvector('simple'::regconfig, coalesce(a.body_lemmas, '')) || archive_lemma_pairs(a.title_lemmas) || archive_lemma_pairs(a.body_lemmas), to_tsvector('simple'::regconfig, coalesce(a.title_lemmas, '')) || archive_lemma_pairs(a.title_lemmas) FROM archive_article a",
]

_POSTGRESQL_BACKWARDS = [
    'DROP TRIGGER IF EXISTS archive_article_search_truncate ON archive_article',
    'DROP FUNCTION IF EXISTS archive_article_search_truncate()',
    'DROP TRIGGER IF EXISTS archive_article_search_sync ON archive_article',
    'DROP FUNCTION IF EXISTS archive_article_search_sync()',
    'DROP TABLE IF EXISTS archive_article_search',
    'DROP FUNCTION IF EXISTS archive_lemma_pairs(text)',
]

_SQLITE_FORWARDS = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS archive_article_fts USING fts5(title_lemmas, body_lemmas, content='archive_article', content_rowid='id', tokenize='unicode61 remove_diacritics 0', prefix='2 3 4')",
    'CREATE TABLE IF NOT EXISTS archive_article_search (article_id INTEGER PRIMARY KEY, published date, language varchar(8) NOT NULL, outlet_id integer)',
    """
        CREATE TRIGGER IF NOT EXISTS archive_article_fts_ai AFTER INSERT ON archive_article BEGIN
            INSERT INTO archive_article_fts(rowid, title_lemmas, body_lemmas)
            VALUES (new.id, new.title_lemmas, new.body_lemmas);
        END""",
    """
        CREATE TRIGGER IF NOT EXISTS archive_article_fts_ad AFTER DELETE ON archive_article BEGIN
            INSERT INTO archive_article_fts(archive_article_fts, rowid, title_lemmas, body_lemmas)
            VALUES ('delete', old.id, old.title_lemmas, old.body_lemmas);
        END""",
    """
        CREATE TRIGGER IF NOT EXISTS archive_article_fts_au AFTER UPDATE ON archive_article
        WHEN old.title_lemmas IS NOT new.title_lemmas OR old.body_lemmas IS NOT new.body_lemmas
          OR old.id IS NOT new.id
        BEGIN
            INSERT INTO archive_article_fts(archive_article_fts, rowid, title_lemmas, body_lemmas)
            VALUES ('delete', old.id, old.title_lemmas, old.body_lemmas);
            INSERT INTO archive_article_fts(rowid, title_lemmas, body_lemmas)
            VALUES (new.id, new.title_lemmas, new.body_lemmas);
        END""",
    """
        CREATE TRIGGER IF NOT EXISTS archive_article_search_ai AFTER INSERT ON archive_article BEGIN
            INSERT OR REPLACE INTO archive_article_search(article_id, published, language, outlet_id)
            VALUES (new.id, new.published, new.language, new.outlet_id);
        END""",
    """
        CREATE TRIGGER IF NOT EXISTS archive_article_search_ad AFTER DELETE ON archive_article BEGIN
            DELETE FROM archive_article_search WHERE article_id = old.id;
        END""",
    """
        CREATE TRIGGER IF NOT EXISTS archive_article_search_au AFTER UPDATE OF id, published, language, outlet_id
        ON archive_article BEGIN
            DELETE FROM archive_article_search WHERE article_id = old.id;
            INSERT OR REPLACE INTO archive_article_search(article_id, published, language, outlet_id)
            VALUES (new.id, new.published, new.language, new.outlet_id);
        END""",
    "INSERT INTO archive_article_fts(archive_article_fts) VALUES ('rebuild')",
    'DELETE FROM archive_article_search',
    'INSERT INTO archive_article_search(article_id, published, language, outlet_id) SELECT id, published, language, outlet_id FROM archive_article',
]

_SQLITE_BACKWARDS = [
    'DROP TRIGGER IF EXISTS archive_article_fts_ai',
    'DROP TRIGGER IF EXISTS archive_article_fts_ad',
    'DROP TRIGGER IF EXISTS archive_article_fts_au',
    'DROP TRIGGER IF EXISTS archive_article_search_ai',
    'DROP TRIGGER IF EXISTS archive_article_search_ad',
    'DROP TRIGGER IF EXISTS archive_article_search_au',
    'DROP TABLE IF EXISTS archive_article_fts',
    'DROP TABLE IF EXISTS archive_article_search',
]

_FORWARDS = {"postgresql": _POSTGRESQL_FORWARDS, "sqlite": _SQLITE_FORWARDS}
_BACKWARDS = {"postgresql": _POSTGRESQL_BACKWARDS, "sqlite": _SQLITE_BACKWARDS}


def _run(statements, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in statements:
        raise NotImplementedError(f"Search supports SQLite and PostgreSQL, not {vendor}.")
    for sql in statements[vendor]:
        schema_editor.execute(sql, params=None)


class CreateSearchIndex(migrations.operations.base.Operation):
    """Create the vendor's full-text index over the article lemma columns, and fill it."""

    reversible = True
    reduces_to_sql = False

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        _run(_FORWARDS, schema_editor)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        _run(_BACKWARDS, schema_editor)

    def describe(self):
        return "Create the full-text search index for articles"

    @property
    def migration_name_fragment(self):
        return "search_index"


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0002_nlp_curation"),
    ]

    operations = [CreateSearchIndex()]
