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
#: backend, so PostgreSQL's expression index on it (migration 0017) serves it.
SAMPLE_CONDITION = "({id} * 2654435761) %% 4294967296 < %s"
#: A matched term of an OR group outweighs every title hit (at most MAX_TERMS terms).
COVER_WEIGHT = 100
TITLE_WEIGHT = 1
#: The order of equal ranks (and of the migration 0016 index that serves it): newest first, then the highest id.
NEWEST_SQL = "published DESC NULLS LAST, article_id DESC"
#: Below this many matches a ranked page sorts every match: a few milliseconds, and always right.
TOPK_MIN_MATCHES = 2000
#: A page ending deeper than this is read by the full sort (the tiers' walks would grow with it).
TOPK_MAX_DEPTH = 1000
#: The window of newest rows a top-k page looks through holds this many times the rows the
#: match's share of the archive says are needed (a page that does not fill from it is re-read
#: by the full sort).
TOPK_WINDOW_SLACK = 3
#: And this many rows more, so a match with a skewed date spread still fills the page.
TOPK_WINDOW_MARGIN = 100


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
class TopPage:
    """One statement selecting ``(article_id, rank)`` of the first rows of a ranked search, in
    the page's order: every match with a title hit (the upper tiers, fully ranked and sorted)
    and the first of the others found in a ``window`` of the newest narrow rows.

    ``complete``: the window is the whole table, so a short answer means the matches ran out.
    """

    sql: str
    params: list
    window: int
    complete: bool


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

    #: Whether a count above the threshold is estimated from the sample (SearchResults.total):
    #: where the exact count reads every match (PostgreSQL's GIN bitmap and heap pages). FTS5
    #: counts a match's doclist cheaply (~2-6 ms for 12,000-40,000 of 100,000 articles, ~10 ms
    #: for 225,000 of a million), cheaper than its sample (~6-12 ms at 100,000), so SQLite counts exactly.
    estimates_counts = False

    # -- the first page of a ranked search, by tiers --------------------------------
    #: Backends order the window by this (SQLite puts NULL below every date: DESC is NULLS LAST).
    newest_sql = NEWEST_SQL
    #: The largest window the backend looks through before the full sort is the cheaper plan.
    topk_max_window = 20_000

    def titled_rows(self, match: str | None, titles: str) -> tuple[str, list]:
        """(SQL selecting ``article_id, published`` of the narrow rows whose title matches ``titles``
        and, unless ``match`` is None (the titles imply it), whose text matches ``match``, params)."""
        raise NotImplementedError

    def untitled_newest(self, match: str, titles: str, window: int, limit: int) -> tuple[str, list]:
        """(SQL selecting ``article_id, published`` of the first ``limit`` articles, newest first, among
        the ``window`` newest narrow rows, that match ``match`` with no title matching ``titles``, params)."""
        raise NotImplementedError

    def archive_size(self) -> int:
        """An upper bound of the narrow table's row count, cheaply (its highest id)."""
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT coalesce(max(article_id), 0) FROM {SEARCH_TABLE}")
            return cursor.fetchone()[0]

    def top_page(self, parsed: ParsedQuery, stop: int, *, matches: int, rank: tuple[str, tuple]) -> TopPage | None:
        """The first ``stop`` rows of the ranked search ``parsed`` (``matches`` of them in all) without
        ranking and sorting every match; None where the full sort is the plan (few matches, a deep
        page, OR groups, whose cover tiers this does not enumerate, or a negative query).

        The rank (see :meth:`rank_sql`) of a query without OR groups counts its terms found in the
        title, so a match without a title hit ranks 0 and those come last, newest first. The
        matches with a title hit are few (titles are short) and are ranked and sorted in full;
        the others are the newest matches of the archive, which the newest rows of the narrow
        table (the migration 0016 index, ``newest_sql``) hold: for a word in half the articles,
        the first 20 are among the newest ~40 rows, where sorting read all of them.
        """
        if parsed.tree is None or not parsed.groups or stop > TOPK_MAX_DEPTH or matches < TOPK_MIN_MATCHES:
            return None
        if any(len(group) > 1 for group in parsed.groups):
            return None  # cover tiers (OR groups): the full sort
        positive, text = compile_tree(parsed.tree, self.syntax)
        if not positive:
            return None
        size = self.archive_size()
        window = min(size, TOPK_WINDOW_SLACK * stop * size // max(matches, 1) + TOPK_WINDOW_MARGIN)
        if window > self.topk_max_window:
            return None  # a sparse match: sorting it is cheaper than the window
        titles = "(" + self.syntax.any_of.join(compile_term(group[0], self.syntax) for group in parsed.groups) + ")"
        rank_sql, rank_params = rank
        if len(parsed.groups) == 1:
            rank_sql, rank_params = str(TITLE_WEIGHT), ()  # one term, in every titled row's title
        # With a single term, a title hit is a match.
        titled_sql, titled_params = self.titled_rows(None if isinstance(parsed.tree, Term) else text, titles)
        untitled_sql, untitled_params = self.untitled_newest(text, titles, window, stop)
        # The titled rows are a set computed first (MATERIALIZED) and sorted: else PostgreSQL,
        # guessing few matches, walks the newest index testing each row for a title hit, every
        # row of the archive when there are none (1.7 s at 100,000 articles for "Witkoff").
        sql = (
            f"WITH titled AS MATERIALIZED ({titled_sql}) "
            "SELECT article_id, rank FROM ("
            f"SELECT * FROM (SELECT t.article_id, {rank_sql.format(pk='t.article_id', table='t')} AS rank, t.published "
            "FROM titled t ORDER BY rank DESC, t.published DESC NULLS LAST, t.article_id DESC "
            f"LIMIT {int(stop)}) titled_first "
            f"UNION ALL SELECT * FROM (SELECT u.article_id, 0 AS rank, u.published FROM ({untitled_sql}) u) untitled"
            ") tiers ORDER BY rank DESC, published DESC NULLS LAST, article_id DESC"
        )
        return TopPage(sql, [*titled_params, *rank_params, *untitled_params], window, window >= size)

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
