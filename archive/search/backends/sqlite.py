"""SQLite: an FTS5 table over the lemma columns, kept in sync by triggers.

The table uses archive_article as external content (the text is stored once);
triggers on insert, update and delete keep it right whoever writes the rows.
Django rebuilds a SQLite table for most schema changes, which drops its
triggers, so :meth:`SqliteBackend.ensure` runs after every ``migrate`` and puts
them back (rebuilding the index if they were missing).
"""
from __future__ import annotations

from django.db.models import FloatField, Value

from ..query import ParsedQuery, Term
from .base import BODY_WEIGHT, FTS_TABLE, TITLE_WEIGHT, SearchBackend, condition, score

_TRIGGERS = {
    f"{FTS_TABLE}_ai": f"""
        CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON archive_article BEGIN
            INSERT INTO {FTS_TABLE}(rowid, title_lemmas, body_lemmas)
            VALUES (new.id, new.title_lemmas, new.body_lemmas);
        END""",
    f"{FTS_TABLE}_ad": f"""
        CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON archive_article BEGIN
            INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title_lemmas, body_lemmas)
            VALUES ('delete', old.id, old.title_lemmas, old.body_lemmas);
        END""",
    f"{FTS_TABLE}_au": f"""
        CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE ON archive_article
        WHEN old.title_lemmas IS NOT new.title_lemmas OR old.body_lemmas IS NOT new.body_lemmas
          OR old.id IS NOT new.id
        BEGIN
            INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title_lemmas, body_lemmas)
            VALUES ('delete', old.id, old.title_lemmas, old.body_lemmas);
            INSERT INTO {FTS_TABLE}(rowid, title_lemmas, body_lemmas)
            VALUES (new.id, new.title_lemmas, new.body_lemmas);
        END""",
}
# remove_diacritics 0: "й" and "ї" are letters of their own, as they are on PostgreSQL.
_CREATE_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "title_lemmas, body_lemmas, content='archive_article', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0')"
)


def _quote(token: str) -> str:
    # Tokens are letters and digits only (archive.search.analyzer); quoting makes
    # FTS5 read them as strings, never as operators (AND, NEAR, column filters).
    return '"' + token.replace('"', '""') + '"'


def _term(term: Term) -> str:
    parts = []
    for variant in term.variants:
        if term.kind == "prefix":
            parts.append(_quote(variant[0]) + "*")
        else:
            parts.append(_quote(" ".join(variant)))
    return "(" + " OR ".join(parts) + ")"


def compile_match(parsed: ParsedQuery) -> tuple[str | None, str | None]:
    """(positive MATCH expression, excluded MATCH expression) from analyzer tokens only."""
    positive = " AND ".join("(" + " OR ".join(_term(t) for t in group) + ")" for group in parsed.groups)
    negative = " OR ".join(_term(t) for t in parsed.excluded)
    return positive or None, negative or None


class SqliteBackend(SearchBackend):
    name = "sqlite-fts5"

    def install(self, schema_editor):
        schema_editor.execute(_CREATE_TABLE)
        for sql in _TRIGGERS.values():
            schema_editor.execute(sql)
        schema_editor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")

    def uninstall(self, schema_editor):
        for name in _TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")

    def ensure(self):
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
            present = {row[0] for row in cursor.fetchall()}
            if "archive_article" not in present:
                return False
            missing = FTS_TABLE not in present or any(name not in present for name in _TRIGGERS)
            if missing:
                cursor.execute(_CREATE_TABLE)
                for sql in _TRIGGERS.values():
                    cursor.execute(sql)
                cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
            return missing

    def rebuild(self):
        with self.connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")

    def _match(self, parsed: ParsedQuery) -> str | None:
        positive, negative = compile_match(parsed)
        if positive and negative:
            return f"({positive}) NOT ({negative})"
        return positive

    def filter(self, queryset, parsed):
        positive, negative = compile_match(parsed)
        subquery = f"{{pk}} IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"
        if positive:
            return queryset.filter(condition(subquery, [self._match(parsed)]))
        if negative:
            return queryset.exclude(condition(subquery, [negative]))
        return queryset

    def annotate_rank(self, queryset, parsed):
        positive, _ = compile_match(parsed)
        if not positive:
            return queryset.annotate(rank=Value(0.0, output_field=FloatField()))  # not ordered by
        return queryset.annotate(
            # The ranks are computed once per statement (a materialized CTE that SQLite
            # indexes automatically) and looked up per row; a correlated MATCH per row
            # would re-run the full-text query for every hit.
            rank=score(
                f"(WITH ranked AS MATERIALIZED (SELECT rowid AS id, -bm25({FTS_TABLE}, {TITLE_WEIGHT}, "
                f"{BODY_WEIGHT}) AS score FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) "
                f"SELECT score FROM ranked WHERE id = {{pk}})",
                [positive],
            )
        )
