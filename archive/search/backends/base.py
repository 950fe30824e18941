"""What every search backend provides, and the SQL expression they share."""
from __future__ import annotations

from django.db.models import BooleanField, Expression, F, FloatField

from ..query import ParsedQuery, Term

#: The index table or column, named once for every backend.
FTS_TABLE = "archive_article_fts"
VECTOR_COLUMN = "search_vector"
#: How much a title hit outweighs a body hit.
TITLE_WEIGHT = 10.0
BODY_WEIGHT = 1.0


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
    return PkSQL(template, params, FloatField())


class SearchBackend:
    """One database's full-text index: install it, query it, rebuild it."""

    name = "base"

    def __init__(self, connection):
        self.connection = connection

    # -- schema --------------------------------------------------------------
    def install(self, schema_editor) -> None:
        """Create the index and whatever keeps it in sync (idempotent)."""

    def uninstall(self, schema_editor) -> None:
        """Drop what :meth:`install` created."""

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
