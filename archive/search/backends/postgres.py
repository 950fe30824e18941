"""PostgreSQL: a generated tsvector column (title weight A, body weight B) with a GIN index.

The database computes the column from the lemma columns on every insert and
update, whoever writes the row (admin, loader, loaddata, bulk_create).
"""
from __future__ import annotations

from django.db.models import FloatField, Value

from ..query import ParsedQuery, Term
from .base import VECTOR_COLUMN, SearchBackend, condition, score

# ts_rank weights in the order {D, C, B, A}: a title (A) hit is worth 20 body (B) hits.
_WEIGHTS = "ARRAY[0.0025, 0.005, 0.05, 1.0]"


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


class PostgresBackend(SearchBackend):
    name = "postgresql"

    def install(self, schema_editor):
        schema_editor.execute(
            f"""
            ALTER TABLE archive_article ADD COLUMN IF NOT EXISTS {VECTOR_COLUMN} tsvector
            GENERATED ALWAYS AS (
                setweight(to_tsvector('simple'::regconfig, coalesce(title_lemmas, '')), 'A') ||
                setweight(to_tsvector('simple'::regconfig, coalesce(body_lemmas, '')), 'B')
            ) STORED
            """
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS archive_article_search_gin ON archive_article USING gin ({VECTOR_COLUMN})"
        )

    def uninstall(self, schema_editor):
        schema_editor.execute("DROP INDEX IF EXISTS archive_article_search_gin")
        schema_editor.execute(f"ALTER TABLE archive_article DROP COLUMN IF EXISTS {VECTOR_COLUMN}")

    def rebuild(self):
        # A stored generated column is recomputed when its inputs are written.
        with self.connection.cursor() as cursor:
            cursor.execute("UPDATE archive_article SET title_lemmas = title_lemmas")

    def _query(self, parsed: ParsedQuery) -> str | None:
        positive, negative = compile_tsquery(parsed)
        if positive and negative:
            return f"({positive}) & !({negative})"
        return positive

    def filter(self, queryset, parsed):
        positive, negative = compile_tsquery(parsed)
        if positive:
            text = self._query(parsed)
            return queryset.filter(
                condition(f"{{table}}.{VECTOR_COLUMN} @@ to_tsquery('simple'::regconfig, %s)", [text])
            )
        if negative:
            return queryset.exclude(
                condition(f"{{table}}.{VECTOR_COLUMN} @@ to_tsquery('simple'::regconfig, %s)", [negative])
            )
        return queryset

    def annotate_rank(self, queryset, parsed):
        positive, _ = compile_tsquery(parsed)
        if not positive:
            return queryset.annotate(rank=Value(0.0, output_field=FloatField()))  # not ordered by
        return queryset.annotate(
            rank=score(
                f"ts_rank({_WEIGHTS}::float4[], {{table}}.{VECTOR_COLUMN}, to_tsquery('simple'::regconfig, %s))",
                [positive],
            )
        )
