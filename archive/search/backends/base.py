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

from dataclasses import dataclass
from typing import Callable

from django.db.models import BooleanField, Expression, F, IntegerField

from ..query import ParsedQuery, Term, Tree

#: The index table or column, named once for every backend.
FTS_TABLE = "archive_article_fts"
#: The narrow search table: one small row per article (id, published, language,
#: outlet and, on PostgreSQL, the vectors), kept by the database's triggers.
#: Counts, facets and the rank's set tests read it instead of the wide article rows.
SEARCH_TABLE = "archive_article_search"
#: The narrow table's columns that counts, facets and the order of a page read.
NARROW_COLUMNS = "article_id, language, outlet_id, published"
#: The facets' sample of many matches (archive.search.facets): the ids that Knuth's
#: multiplicative hash (x 2654435761 mod 2^32) puts below a bound (the ``%s``; share x 2^32).
#: ``{id}`` is the id column it tests. Deterministic, spread over the whole id range, no
#: random number per row; 2654435761 x 2^31 < 2^63, so no overflow. The same text on every
#: backend, so PostgreSQL's expression index on it (migration 0016) serves it.
SAMPLE_CONDITION = "({id} * 2654435761) %% 4294967296 < %s"
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


@dataclass(frozen=True)
class Match:
    """The articles a query matches, as SQL over the index.

    ``positive`` False means the SQL selects the articles to leave out (``NOT Москва``).
    ``ids`` selects article ids; ``rows`` selects the same articles' narrow rows
    (:data:`NARROW_COLUMNS`), for counts, facets and pages that read no wide row.
    ``sampled_rows`` selects the narrow rows of the sampled matches only
    (:data:`SAMPLE_CONDITION`; its last parameter is the bound, see :meth:`sample`): the
    sample is taken on the index's ids, so only sampled ids are looked up in the narrow table.
    """

    positive: bool
    ids: str
    params: tuple
    rows: str
    row_params: tuple
    sampled_rows: str = ""
    sampled_params: tuple = ()
    #: The index's answer is dear (a phrase: FTS5 re-reads every candidate's positions), so a
    #: search evaluates it once and reads the ids it kept (SearchResults, backend.keep_ids).
    expensive: bool = False

    def sample(self, bound: int) -> tuple[str, list]:
        """(SQL, params) selecting the narrow rows of the matches whose id hashes below ``bound``."""
        return self.sampled_rows, [*self.sampled_params, int(bound)]


def condition(template: str, params) -> PkSQL:
    return PkSQL(template, params, BooleanField())


def score(template: str, params) -> PkSQL:
    return PkSQL(template, params, IntegerField())


@dataclass(frozen=True)
class Syntax:
    """How one database writes the query tree: its operators and its three kinds of term."""

    all_of: str  # joins the groups: every one must match
    any_of: str  # joins a group's terms, and the excluded terms
    but_not: str  # "{positive}" and "{negative}": the first without the second
    word: Callable[[str], str]
    prefix: Callable[[str], str]
    phrase: Callable[[tuple[str, ...]], str]


def compile_term(term: Term, syntax: Syntax) -> str:
    """One term (any of its variants) in the database's query syntax, from analyzer tokens only."""
    parts = []
    for variant in term.variants:
        if term.kind == "prefix":
            parts.append(syntax.prefix(variant[0]))
        elif len(variant) == 1:
            parts.append(syntax.word(variant[0]))
        else:
            parts.append(syntax.phrase(variant))
    return "(" + syntax.any_of.join(parts) + ")"


def compile_tree(tree: Tree, syntax: Syntax) -> tuple[bool, str]:
    """(positive, text): the query tree in the database's syntax, from analyzer tokens only.

    ``positive`` False means the text lists what must *not* match (the tree is
    "everything but ``text``"), since neither FTS5 nor a GIN index can start from
    "not": ``a OR NOT b`` is compiled as "not (``b`` but not ``a``)", ``NOT a AND
    NOT b`` as "not (``a`` or ``b``)".
    """
    if isinstance(tree, Term):
        return True, compile_term(tree, syntax)
    parts = [compile_tree(child, syntax) for child in tree.children]
    if tree.op == "not":
        positive, text = parts[0]
        return not positive, text
    pos = [text for positive, text in parts if positive]
    neg = [text for positive, text in parts if not positive]
    if tree.op == "and":
        if not pos:
            return False, "(" + syntax.any_of.join(neg) + ")"
        text = "(" + syntax.all_of.join(pos) + ")"
        if neg:
            text = "(" + syntax.but_not.format(positive=text, negative="(" + syntax.any_of.join(neg) + ")") + ")"
        return True, text
    # "or"
    if not neg:
        return True, "(" + syntax.any_of.join(pos) + ")"
    text = "(" + syntax.all_of.join(neg) + ")"  # OR of NOT n is NOT (AND of n)
    if pos:
        text = "(" + syntax.but_not.format(positive=text, negative="(" + syntax.any_of.join(pos) + ")") + ")"
    return False, text


class SearchBackend:
    """One database's full-text index: repair it, query it.

    A backend gives its :class:`Syntax` and :meth:`ids` (SQL selecting the ids of
    the articles whose text, or title, match a compiled query); filtering and
    ranking are built from those here, the same way on every database.
    """

    name = "base"
    syntax: Syntax

    def __init__(self, connection):
        self.connection = connection

    # -- schema (created by migration 0003) ---------------------------------
    def ensure(self) -> bool:
        """Re-create missing parts (after a table rebuild); True when something was missing."""
        return False

    # -- queries -------------------------------------------------------------
    def ids(self, match: str, *, title: bool = False) -> tuple[str, list]:
        """(SQL selecting the ids of articles matching ``match``, params); ``title``: in the title."""
        raise NotImplementedError

    def rows(self, match: str) -> tuple[str, list]:
        """(SQL selecting ``article_id, language, outlet_id, published`` of articles matching ``match``
        from the narrow search table, params)."""
        sql, params = self.ids(match)
        return f"SELECT {NARROW_COLUMNS} FROM {SEARCH_TABLE} WHERE article_id IN ({sql})", params

    def sampled_rows(self, match: str) -> tuple[str, list]:
        """Like :meth:`rows`, for the matches in the sample only (:data:`SAMPLE_CONDITION`, its
        bound the last parameter, left out of the params returned). The sample is tested on
        the index's ids before any narrow row is read: for a word in 60% of a million
        articles, ~12,000 narrow lookups instead of 600,000."""
        raise NotImplementedError

    def keep_ids(self, match: Match, search: int) -> tuple[Match, int] | None:
        """Evaluate ``match`` once and keep its ids for this connection: ``(a Match reading the
        kept ids, how many)``, or None where the backend keeps none (the index's answer is
        read again by each statement). ``search`` tells this search's ids from others'; a
        backend drops a connection's oldest kept ids itself (they go with the connection too)."""
        return None

    def match(self, parsed: ParsedQuery) -> Match | None:
        """What ``parsed`` matches, compiled once for the filter, the count and the facets
        (None for an empty query)."""
        if parsed.tree is None:
            return None
        positive, text = compile_tree(parsed.tree, self.syntax)
        ids, params = self.ids(text)
        rows, row_params = self.rows(text)
        sampled, sampled_params = self.sampled_rows(text)
        return Match(positive=positive, ids=ids, params=tuple(params), rows=rows, row_params=tuple(row_params),
                     sampled_rows=sampled, sampled_params=tuple(sampled_params),
                     expensive=self.is_expensive(parsed.tree))

    def is_expensive(self, tree: Tree) -> bool:
        """Whether evaluating ``tree`` costs enough to evaluate it once per search (see Match)."""
        return False


    def filter(self, queryset, match: Match | None):
        """``queryset`` narrowed to the articles ``match`` accepts."""
        if match is None:
            return queryset
        found = condition(f"{{pk}} IN ({match.ids})", match.params)
        return queryset.filter(found) if match.positive else queryset.exclude(found)

    def rank_sql(self, parsed: ParsedQuery) -> tuple[str, list]:
        """The rank (higher is better) of the article ``{pk}`` for ``parsed``, as SQL and params."""
        parts: list[str] = []
        params: list = []
        for group in parsed.groups:
            for term in group:
                sql, term_params = self.ids(compile_term(term, self.syntax), title=True)
                parts.append(f"CASE WHEN {{pk}} IN ({sql}) THEN {TITLE_WEIGHT} ELSE 0 END")
                params += term_params
                if len(group) > 1:  # a one-term group matches every result: no need to test it
                    sql, term_params = self.ids(compile_term(term, self.syntax))
                    parts.append(f"CASE WHEN {{pk}} IN ({sql}) THEN {COVER_WEIGHT} ELSE 0 END")
                    params += term_params
        return "(" + " + ".join(parts or ["0"]) + ")", params
