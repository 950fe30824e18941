"""Ranked results that sort on the narrow search table and read only the articles shown.

A page of relevance-ranked results used to read and sort every matching article
row: for a word in 40% of a 100,000-article archive, 40,000 wide rows (~60-85 ms
on either database) to show 20. Here the page's ids are ranked and sorted on
``archive_article_search`` (id, date, language, outlet: a few dozen bytes a row)
together with their rank, then only those articles are read, with the other
annotations, ``select_related`` and ``prefetch_related`` asked for, and put in
the page's order (20 articles: 60-100 ms -> 10-25 ms for such a word).

The result is still a QuerySet: it filters, slices, counts and paginates as
before; only evaluating a slice of it, and counting it, take the shorter road.
When a search has no other filter, its match set is exactly the index's set, so
the count and the facets read the index and the narrow table alone (the article
table is not touched at all; see :func:`narrow_rows_sql`).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.lookups import Exact

from .backends.base import NARROW_COLUMNS, SEARCH_TABLE, PkSQL


@dataclass(frozen=True)
class Ranking:
    """The rank of a search as SQL about one article id (a ``{pk}`` template), and the ordering it sets."""

    template: str
    params: tuple
    order_by: tuple


def match_condition(ids: tuple[str, list], rows: tuple[str, list]) -> PkSQL:
    """``pk IN (ids)``, remembering ``rows``: the match's narrow rows as the index gives them."""
    from .backends.base import condition

    found = condition(f"{{pk}} IN ({ids[0]})", ids[1])
    found.match_ids = (ids[0], list(ids[1]))
    found.match_rows = (rows[0], list(rows[1]))
    return found


def _only_match(queryset, what: str = "match_rows") -> tuple[str, list] | None:
    """The match's ``match_rows`` (or ``match_ids``) SQL when ``queryset`` is articles filtered by
    a search match and nothing else: one row per matching article, as model instances."""
    query = queryset.query
    where = query.where
    # Joins can only come from select_related here (a filter across a relation adds a
    # condition): they never drop an article. Grouping, values() rows, DISTINCT, slices,
    # combinations and extra() change what is counted: those take the ORM's road.
    if (query.combinator or query.distinct or query.is_sliced or query.group_by is not None
            or getattr(queryset, "_fields", None) is not None or query.extra or query.extra_tables
            or where.negated or len(where.children) != 1):
        return None
    child = where.children[0]
    if isinstance(child, Exact) and child.rhs is True:
        child = child.lhs
    return getattr(child, what, None)


def narrow_rows_sql(queryset) -> tuple[str, list]:
    """SQL selecting ``article_id, language, outlet_id, published`` of ``queryset``'s articles from the
    narrow search table (unordered); raises EmptyResultSet when no row can match."""
    only = _only_match(queryset)
    if only is not None:
        return only[0], list(only[1])
    ids_sql, params = queryset.order_by().values("pk").query.sql_with_params()
    return f"SELECT {NARROW_COLUMNS} FROM {SEARCH_TABLE} WHERE article_id IN ({ids_sql})", list(params)


class RankedQuerySetMixin:
    """Evaluates a slice by ranking ids on the narrow table first; counts from the index when it can."""

    def _ranking_applies(self) -> Ranking | None:
        """The ranking, when this is a bounded slice of the ranked articles in the ranking's own order
        (not reversed, not re-ordered, not values()); else None and the ORM evaluates it."""
        ranking: Ranking | None = getattr(self.query, "search_ranking", None)
        query = self.query
        if (ranking is None or not query.is_sliced or query.high_mark is None or not query.standard_ordering
                or query.combinator or query.distinct or query.extra or self._fields is not None
                or tuple(query.order_by) != ranking.order_by):
            return None
        return ranking

    def _page_ranks(self, ranking: Ranking) -> dict[int, int]:
        """{article id: rank} of the page's articles, in the page's order."""
        unsliced = self._chain()
        unsliced.query.clear_limits()
        try:
            rows_sql, rows_params = narrow_rows_sql(unsliced)
        except EmptyResultSet:
            return {}
        low, high = self.query.low_mark, self.query.high_mark
        # The same order as rank_articles gives the articles: rank, then newest, then id.
        sql = (
            f"SELECT m.article_id, {ranking.template.format(pk='m.article_id', table='m')} AS rank "
            f"FROM ({rows_sql}) m ORDER BY rank DESC, m.published DESC NULLS LAST, m.article_id DESC "
            f"LIMIT {int(high - low)} OFFSET {int(low)}"
        )
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, [*ranking.params, *rows_params])
            return dict(cursor.fetchall())

    def _fetch_all(self):
        ranking = self._ranking_applies() if self._result_cache is None else None
        if ranking is None:
            return super()._fetch_all()
        ranks = self._page_ranks(ranking)
        rows = self._chain()
        rows.query.clear_limits()
        # The rank is known: the articles are read without it (its set tests would run
        # again) and put in the page's order here; every other annotation stays.
        rows.query.set_annotation_mask(set(rows.query.annotation_select) - {"rank"})
        rows = rows.filter(pk__in=list(ranks)).order_by()
        super(RankedQuerySetMixin, rows)._fetch_all()  # select_related/prefetch_related as asked
        position = {pk: i for i, pk in enumerate(ranks)}
        found = sorted(rows._result_cache, key=lambda article: position[article.pk])
        for article in found:
            article.rank = ranks[article.pk]
        self._result_cache = found
        self._prefetch_done = True

    def count(self):
        """From the index alone when the query is the search match and nothing else (see _only_match)."""
        if self._result_cache is None and getattr(self.query, "search_ranking", None) is not None:
            only = _only_match(self, "match_ids")
            if only is not None:
                with connections[self.db].cursor() as cursor:
                    cursor.execute(f"SELECT COUNT(*) FROM ({only[0]}) matched", only[1])
                    return cursor.fetchone()[0]
        return super().count()


class RankedQuerySet(RankedQuerySetMixin, QuerySet):
    """Ranked results of a plain QuerySet (a module-level class, so the results pickle)."""


@lru_cache(maxsize=None)
def _ranked_class(base: type) -> type:
    if base is QuerySet:
        return RankedQuerySet
    name = f"Ranked_{base.__module__.replace('.', '_')}_{base.__qualname__.replace('.', '_')}"
    made = type(name, (RankedQuerySetMixin, base), {"__module__": __name__})
    globals()[name] = made  # found by name, so a custom QuerySet's results pickle too
    return made


def ranked(queryset: QuerySet, ranking: Ranking) -> QuerySet:
    """``queryset`` (already annotated and ordered as ``ranking`` says) as ranked results."""
    queryset = queryset._chain()
    if not isinstance(queryset, RankedQuerySetMixin):
        queryset.__class__ = _ranked_class(type(queryset))
    queryset.query.search_ranking = ranking
    return queryset
