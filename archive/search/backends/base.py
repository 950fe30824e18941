"""What every search backend provides, and the SQL pieces they share.

Ranking is the same on every backend, and cheap: an article's rank counts

* the terms of OR groups it matches (``COVER_WEIGHT`` each), so "all query
  words above some";
* the terms its title matches (``TITLE_WEIGHT`` each), so "title hits above
  body hits";

and equal ranks are ordered newest first. Each test is "is the article in the
set of articles whose title (or text) matches this term": an uncorrelated
subquery over the full-text index that the database runs once per statement
and probes per row (a hashed subplan on PostgreSQL, an ephemeral index on
SQLite). That replaced ``ts_rank``/``bm25`` over every match, which read (and,
on PostgreSQL, decompressed) each matching article's whole vector: ~500 ms for
a word in 45,000 of 100,000 articles, against a few milliseconds for the sets.
The price: term frequency no longer orders articles within a tier; in a news
archive the date does that better.
"""
from __future__ import annotations

from typing import Callable

from django.db.models import BooleanField, Expression, F, IntegerField

from ..query import ParsedQuery, Term

#: The index table or column, named once for every backend.
FTS_TABLE = "archive_article_fts"
#: The narrow search table: one small row per article (id, published, language,
#: outlet and, on PostgreSQL, the vectors), kept by the database's triggers.
#: Counts, facets and the rank's set tests read it instead of the wide article rows.
SEARCH_TABLE = "archive_article_search"
#: A matched term of an OR group outweighs every title hit (at most MAX_TERMS terms).
COVER_WEIGHT = 100
TITLE_WEIGHT = 1


class PkSQL(Expression):
    """A snippet of SQL about the current article row, given its primary key column.

    ``template`` may use ``{pk}`` (the quoted, aliased id column) and ``{table}``
    (its table alias), so the expression stays right when Django relabels the
    query as a subquery (``U0``) or joins the table twice.
    """

    def __init__(self, template: str, params, output_field, pk=None):
        super().__init__(output_field=output_field)
        self.template = template
        self.params = list(params)
        self.pk = pk if pk is not None else F("pk")

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs):
        (self.pk,) = exprs

    def as_sql(self, compiler, connection):
        pk_sql, pk_params = compiler.compile(self.pk)
        table = pk_sql.rsplit(".", 1)[0]
        return self.template.format(pk=pk_sql, table=table), [*pk_params, *self.params]


def condition(template: str, params) -> PkSQL:
    return PkSQL(template, params, BooleanField())


def score(template: str, params) -> PkSQL:
    return PkSQL(template, params, IntegerField())


#: term -> (SQL selecting the ids of matching articles, params)
TermSet = Callable[[Term], tuple[str, list]]


def rank_sql(parsed: ParsedQuery, *, in_title: TermSet, anywhere: TermSet) -> tuple[str, list]:
    """The rank expression (a ``{pk}`` template) shared by the indexed backends."""
    parts: list[str] = []
    params: list = []
    for group in parsed.groups:
        for term in group:
            sql, term_params = in_title(term)
            parts.append(f"CASE WHEN {{pk}} IN ({sql}) THEN {TITLE_WEIGHT} ELSE 0 END")
            params += term_params
            if len(group) > 1:  # a one-term group matches every result: no need to test it
                sql, term_params = anywhere(term)
                parts.append(f"CASE WHEN {{pk}} IN ({sql}) THEN {COVER_WEIGHT} ELSE 0 END")
                params += term_params
    return "(" + " + ".join(parts or ["0"]) + ")", params


class SearchBackend:
    """One database's full-text index: install it, query it, rebuild it."""

    name = "base"
    #: SQL naming rows (article_id, language, outlet_id, published) for facets and counts.
    facet_source = "(SELECT id AS article_id, language, outlet_id, published FROM archive_article)"

    def __init__(self, connection):
        self.connection = connection

    # -- schema --------------------------------------------------------------
    def install(self, schema_editor) -> None:
        """Create the index and whatever keeps it in sync (idempotent)."""

    def uninstall(self, schema_editor) -> None:
        """Drop what :meth:`install` created."""

    def upgrade(self, schema_editor) -> None:
        """Migration 0006: move an index made by the first version to the current layout."""
        self.install(schema_editor)

    def downgrade(self, schema_editor) -> None:
        """Undo :meth:`upgrade`."""

    def ensure(self) -> bool:
        """Re-create missing parts (after a table rebuild); True when something was missing."""
        return False

    def rebuild(self) -> None:
        """Re-index every article from its lemma columns."""

    # -- queries -------------------------------------------------------------
    def filter(self, queryset, parsed: ParsedQuery):
        """``queryset`` narrowed to articles matching ``parsed``."""
        raise NotImplementedError

    def annotate_rank(self, queryset, parsed: ParsedQuery):
        """``queryset`` with ``rank`` (higher is better) for ``parsed``."""
        raise NotImplementedError


def term_variants(term: Term) -> tuple[tuple[str, ...], ...]:
    return term.variants
