"""PostgreSQL: a narrow search table with GIN-indexed tsvectors, kept by a trigger.

``archive_article_search`` holds one row per article: its id, date, language and
outlet (for counts and facets) and two vectors, the whole text (title and body)
and the title alone (for the rank's title tier). A row trigger on
``archive_article`` writes it on every insert, update and delete, whoever writes
the article (admin, loader, ``loaddata``, ``bulk_create``).

Why a table of its own and not generated columns on ``archive_article``: counting
and grouping tens of thousands of matches then reads ~40-byte rows (the vectors
are moved out of line by ``toast_tuple_target``) instead of the wide article rows.
"""
from __future__ import annotations

from ..query import ParsedQuery, Term
from .base import SEARCH_TABLE, SearchBackend, condition, rank_sql, score

_FUNCTION = "archive_article_search_sync"
_TRIGGER = "archive_article_search_sync"
_VECTORS = (
    "to_tsvector('simple'::regconfig, coalesce({row}.title_lemmas, '')) || "
    "to_tsvector('simple'::regconfig, coalesce({row}.body_lemmas, ''))",
    "to_tsvector('simple'::regconfig, coalesce({row}.title_lemmas, ''))",
)
_COLUMNS = "article_id, published, language, outlet_id, vector, title_vector"


def _values(row: str) -> str:
    return f"{row}.id, {row}.published, {row}.language, {row}.outlet_id, " + ", ".join(
        v.format(row=row) for v in _VECTORS
    )


_INSTALL = [
    # toast_tuple_target: vectors go out of line, so a scan of the table reads only the small columns.
    f"""CREATE TABLE IF NOT EXISTS {SEARCH_TABLE} (
        article_id integer PRIMARY KEY,
        published date,
        language varchar(8) NOT NULL,
        outlet_id integer,
        vector tsvector NOT NULL,
        title_vector tsvector NOT NULL
    ) WITH (toast_tuple_target = 128)""",
    f"CREATE INDEX IF NOT EXISTS {SEARCH_TABLE}_vector ON {SEARCH_TABLE} USING gin (vector)",
    f"CREATE INDEX IF NOT EXISTS {SEARCH_TABLE}_title ON {SEARCH_TABLE} USING gin (title_vector)",
    f"""CREATE OR REPLACE FUNCTION {_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND NEW.id <> OLD.id) THEN
            DELETE FROM {SEARCH_TABLE} WHERE article_id = OLD.id;
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        INSERT INTO {SEARCH_TABLE} ({_COLUMNS}) VALUES ({_values("NEW")})
        ON CONFLICT (article_id) DO UPDATE SET
            published = EXCLUDED.published, language = EXCLUDED.language, outlet_id = EXCLUDED.outlet_id,
            vector = EXCLUDED.vector, title_vector = EXCLUDED.title_vector;
        RETURN NEW;
    END $$""",
    f"DROP TRIGGER IF EXISTS {_TRIGGER} ON archive_article",
    # Only the columns the search table copies: linking a story or a person leaves it alone.
    f"""CREATE TRIGGER {_TRIGGER}
        AFTER INSERT OR DELETE OR UPDATE OF id, published, language, outlet_id, title_lemmas, body_lemmas
        ON archive_article FOR EACH ROW EXECUTE FUNCTION {_FUNCTION}()""",
]


def _lexeme(token: str) -> str:
    # Tokens are letters and digits only (archive.search.analyzer); quoting is belt and braces.
    return "'" + token.replace("'", "''").replace("\\", "\\\\") + "'"


def _term(term: Term) -> str:
    parts = []
    for variant in term.variants:
        if term.kind == "prefix":
            parts.append(_lexeme(variant[0]) + ":*")
        elif len(variant) == 1:
            parts.append(_lexeme(variant[0]))
        else:
            parts.append("(" + " <-> ".join(_lexeme(t) for t in variant) + ")")
    return "(" + " | ".join(parts) + ")"


def compile_tsquery(parsed: ParsedQuery) -> tuple[str | None, str | None]:
    """(positive tsquery text, excluded tsquery text) built from analyzer tokens only."""
    positive = " & ".join("(" + " | ".join(_term(t) for t in group) + ")" for group in parsed.groups)
    negative = " | ".join(_term(t) for t in parsed.excluded)
    return positive or None, negative or None


def _ids(column: str, tsquery: str) -> tuple[str, list]:
    return f"SELECT article_id FROM {SEARCH_TABLE} WHERE {column} @@ to_tsquery('simple'::regconfig, %s)", [tsquery]


class PostgresBackend(SearchBackend):
    name = "postgresql"
    facet_source = SEARCH_TABLE

    def install(self, schema_editor):
        for sql in _INSTALL:
            schema_editor.execute(sql)

    def uninstall(self, schema_editor):
        # The first version's generated column, should migration 0006 have put it back.
        schema_editor.execute("DROP INDEX IF EXISTS archive_article_search_gin")
        schema_editor.execute("ALTER TABLE archive_article DROP COLUMN IF EXISTS search_vector")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {_TRIGGER} ON archive_article")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {_FUNCTION}()")
        schema_editor.execute(f"DROP TABLE IF EXISTS {SEARCH_TABLE}")

    def upgrade(self, schema_editor):
        self.install(schema_editor)
        self._fill(schema_editor.execute)

    def downgrade(self, schema_editor):
        self.uninstall(schema_editor)

    def ensure(self):
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('archive_article'), to_regclass(%s), "
                           "(SELECT count(*) FROM pg_trigger WHERE tgname = %s)", [SEARCH_TABLE, _TRIGGER])
            article, table, triggers = cursor.fetchone()
            if article is None or (table is not None and triggers):
                return False
            for sql in _INSTALL:
                cursor.execute(sql)
            self._fill(cursor.execute)
            return True

    def _fill(self, execute):
        execute(f"TRUNCATE {SEARCH_TABLE}")
        execute(f"INSERT INTO {SEARCH_TABLE} ({_COLUMNS}) SELECT {_values('a')} FROM archive_article a")

    def rebuild(self):
        with self.connection.cursor() as cursor:
            self._fill(cursor.execute)

    def _query(self, parsed: ParsedQuery) -> str | None:
        positive, negative = compile_tsquery(parsed)
        if positive and negative:
            return f"({positive}) & !({negative})"
        return positive

    def filter(self, queryset, parsed):
        positive, negative = compile_tsquery(parsed)
        if positive:
            sql, params = _ids("vector", self._query(parsed))
            return queryset.filter(condition(f"{{pk}} IN ({sql})", params))
        if negative:
            sql, params = _ids("vector", negative)
            return queryset.exclude(condition(f"{{pk}} IN ({sql})", params))
        return queryset

    def annotate_rank(self, queryset, parsed):
        sql, params = rank_sql(
            parsed,
            in_title=lambda term: _ids("title_vector", _term(term)),
            anywhere=lambda term: _ids("vector", _term(term)),
        )
        return queryset.annotate(rank=score(sql, params))
