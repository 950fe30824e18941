"""Search results as an explicit object: counted and paged on the narrow search table.

A page of relevance-ranked results used to read and sort every matching article
row: for a word in 40% of a 100,000-article archive, 40,000 wide rows (~60-85 ms
on either database) to show 20. :class:`SearchResults` ranks and sorts the page's
ids on ``archive_article_search`` (id, date, language, outlet: a few dozen bytes
a row, the :class:`~archive.models.ArticleSearchRow` model), then reads only those
articles, with whatever the page shows (``prepare``), and puts them in the page's
order (20 articles: 60-100 ms -> 10-25 ms for such a word).

A first page of a common word is read by tiers (``SearchBackend.top_page``: the titled
matches sorted, then the newest others from the newest rows' index) rather than by
ranking and sorting every match; the archive/search README says when.

When the search is the only filter, its match set is exactly the index's set, so
the count and the facets read the index and the narrow table alone (the article
table is not touched at all); the caller says so by passing ``match``.

It is a sequence (``count()`` and slices, :class:`PagedSequence`), so Django's
``Paginator`` and DRF's paginators page it unchanged. The ORM road, one ordered QuerySet with the rank as
an annotation, stays available as :meth:`SearchResults.as_queryset` for what reads every
match (exports).
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Callable, NamedTuple

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F, QuerySet

from archive.models import ArticleSearchRow

from .backends import get_backend
from .backends.base import SAMPLE_CONDITION, Match, condition, score
from .query import ParsedQuery

#: The narrow row's columns, in the order of backends.base.NARROW_COLUMNS.
NARROW_FIELDS = ("article_id", "language", "outlet_id", "published")
#: Numbers the searches whose match ids a backend keeps (SearchBackend.keep_ids).
_searches = itertools.count(1)
#: Newest first, then the highest id: the order of unranked results and of equal ranks.
NEWEST = (F("published").desc(nulls_last=True), "-id")


@dataclass(frozen=True)
class Ranking:
    """The rank of a search as SQL about one article id (a ``{pk}`` template; higher is better)."""

    template: str
    params: tuple


class PagedSequence:
    """The sequence Django's ``Paginator`` and DRF's paginators page: ``count()`` (also
    ``len()``) and forward slices with an end, each read by :meth:`page` (an index reads a
    one-item page). Shared by :class:`SearchResults` and the search cache's results
    (archive.web.search_cache.CachedResults), which answer ``count`` and ``page`` their own way.
    """

    #: Django's Paginator warns about unordered object lists; these always have an order.
    ordered = True

    def count(self) -> int:
        raise NotImplementedError

    def page(self, start: int, stop: int) -> list:
        """The items from position ``start`` up to ``stop`` (``[]`` when ``stop <= start``)."""
        raise NotImplementedError

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if isinstance(key, int):
            found = self[key:key + 1]
            if not found:
                raise IndexError(key)
            return found[0]
        if key.step not in (None, 1) or (key.start or 0) < 0 or key.stop is None or key.stop < 0:
            raise ValueError("search results are read in forward slices with an end")
        return self.page(key.start or 0, key.stop)


#: Matches counted exactly, at most (settings.SEARCH_COUNT_THRESHOLD): above, the count is an
#: estimate from the facets' sample, marked approximate. Elasticsearch's ``track_total_hits``
#: default; the pages a reader may open (MAX_PAGE x the largest page) end within it.
DEFAULT_COUNT_THRESHOLD = 10_000


def count_threshold() -> int:
    """Matches counted exactly, at most (``SEARCH_COUNT_THRESHOLD``)."""
    return int(getattr(settings, "SEARCH_COUNT_THRESHOLD", DEFAULT_COUNT_THRESHOLD))


class Total(NamedTuple):
    """How many articles a search matches, as the page and the API show it.

    ``value``: the count, exact unless ``approximate`` (then the sample's estimate, two
    significant digits, never below ``at_least``). ``at_least``: matches known to exist
    (``value`` when exact, the threshold when not): what the pages span.
    """

    value: int
    approximate: bool = False
    at_least: int = 0

    @classmethod
    def exact(cls, value: int) -> "Total":
        return cls(value, False, value)


@dataclass
class _Reading:
    """What results of the same filters learn once: the count, and the match they read."""

    count: int | None = None
    match: Match | None = None
    total: Total | None = None


class SearchResults(PagedSequence):
    """The articles of one search, in rank (or date) order, read a page at a time.

    ``articles``: the matching articles, every filter applied, in no order.
    ``parsed``: the query they match (None without one), for snippets and expansion notes.
    ``ranking``: order by it (then newest); without one, ``order_by`` orders them.
    ``match``: the index match, given only when it is the search's *only* condition
    (the count and the narrow rows then come from the index alone).
    ``prepare``: applied to the page's articles before they are read
    (``select_related``, prefetches: what a result row shows).
    """

    def __init__(self, articles: QuerySet, *, parsed: ParsedQuery | None = None, ranking: Ranking | None = None,
                 order_by: tuple = NEWEST, match: Match | None = None,
                 prepare: Callable[[QuerySet], QuerySet] | None = None):
        if match is not None and not match.positive:
            match = None  # "everything but": only the article table can list that
        self.articles = articles
        self.parsed = parsed
        self.ranking = ranking
        self.order_by = order_by
        self.match = match
        self.prepare = prepare or (lambda queryset: queryset)
        self._reading = _Reading()

    def share_reading(self, other: "SearchResults") -> None:
        """Count and read the matches as ``other`` does (results of the same filters in
        another order, or with another ``prepare``): whichever counts first, or keeps a
        dear match's ids first, does it for both."""
        self._reading = other._reading

    def matched(self) -> Match | None:
        """The match the count, the narrow rows and the page read: ``match`` itself, or, when
        its evaluation is dear (``Match.expensive``: a phrase on SQLite), the same articles as
        the ids the backend kept after evaluating it once (counting them on the way), so the
        count, the page and the facets do not evaluate it again each."""
        reading = self._reading
        if reading.match is None and self.match is not None:
            reading.match = self.match
            if self.match.expensive:
                kept = get_backend(connections[self.articles.db]).keep_ids(self.match, next(_searches))
                if kept is not None:
                    reading.match, reading.count = kept
        return reading.match

    # -- what the paginators ask for -------------------------------------------
    def count(self) -> int:
        """How many articles match: exact up to the threshold, else an estimate (see :meth:`total`)."""
        return self.total().value

    def total(self) -> Total:
        """How many articles match, exactly up to :func:`count_threshold`; above it an estimate
        from the facets' sample (``backends.base.SAMPLE_CONDITION``), marked approximate.

        The exact count of a word in most of the archive reads every match (on PostgreSQL the
        GIN bitmap of all of them and every heap page they are on), growing with the archive;
        counting at most threshold + 1 matches and then a sample of the archive's ids bounds
        both (as Elasticsearch's ``track_total_hits`` does). Only where the backend's exact count
        is the dearer (``estimates_counts``: PostgreSQL; SQLite's FTS5 counts cheaply). A dear
        match whose ids were kept was counted exactly on the way: that count stands."""
        match = self.matched()  # keeping a dear match's ids counts them on the way
        reading = self._reading
        if reading.total is None:
            if reading.count is not None:
                reading.total = Total.exact(reading.count)
            elif not get_backend(connections[self.articles.db]).estimates_counts:
                reading.total = Total.exact(self._count(match, limit=None))
            else:
                threshold = count_threshold()
                found = self._count(match, limit=threshold + 1)
                reading.total = Total.exact(found) if found <= threshold else self._estimate(threshold)
        return reading.total

    def exact_count(self) -> int:
        """How many articles match, exactly whatever their number (for readers of every match,
        such as exports, that pay for reading them all anyway)."""
        total = self.total()
        return total.value if not total.approximate else self._count(self.matched(), limit=None)

    def _count(self, match: Match | None, *, limit: int | None) -> int:
        """The matches counted (from the index alone when the search is the only filter),
        at most ``limit``: the count stops reading there."""
        if match is None:
            articles = self.articles.order_by()
            return (articles[:limit] if limit is not None else articles).count()
        sql = f"SELECT 1 FROM ({match.ids}) matched"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with connections[self.articles.db].cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) limited", list(match.params))
            return cursor.fetchone()[0]

    def _estimate(self, threshold: int) -> Total:
        """The count of more than ``threshold`` matches estimated from the facets' sample: the
        sampled matches over the sample's share of the archive's ids (threshold / the highest
        id, so about ``threshold`` ids are tested whatever the archive's size)."""
        from .facets import estimate, sample_bound  # facets reads these results: imported here, not at the top

        size = get_backend(connections[self.articles.db]).archive_size()
        share = min(1.0, threshold / max(size, 1))
        try:
            rows_sql, params = self.narrow_rows(sample_bound=sample_bound(share) if share < 1 else None)
        except EmptyResultSet:
            return Total.exact(0)
        with connections[self.articles.db].cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({rows_sql}) sampled", params)
            sampled = cursor.fetchone()[0]
        return Total(max(estimate(sampled, share), threshold), True, threshold)

    # -- reading ----------------------------------------------------------------
    def page(self, start: int, stop: int) -> list:
        """The articles from position ``start`` up to ``stop``, each with ``rank`` when ranked."""
        if stop <= start:
            return []
        if self.ranking is None:
            return list(self.prepare(self.articles.order_by(*self.order_by))[start:stop])
        ranks = self.page_ranks(start, stop)
        # The page's articles are known to match: they are read by id, without the match again.
        by_id = self.articles.model._default_manager.filter(pk__in=list(ranks))
        found = {article.pk: article for article in self.prepare(by_id)}
        page = []
        for pk, rank in ranks.items():
            if pk in found:  # an article deleted between the two statements is simply left out
                found[pk].rank = rank
                page.append(found[pk])
        return page

    def page_ranks(self, start: int, stop: int) -> dict[int, int]:
        """{article id: rank} of the articles from ``start`` to ``stop``, in the page's order,
        ranked on the narrow table (only the ids of one page leave the database)."""
        try:
            rows_sql, rows_params = self.narrow_rows()
        except EmptyResultSet:
            return {}
        if self.match is not None and self.parsed is not None:
            top = self.top_ranks(start, stop)
            if top is not None:
                return top
        sql = (
            f"SELECT m.article_id, {self.ranking.template.format(pk='m.article_id', table='m')} AS rank "
            f"FROM ({rows_sql}) m ORDER BY rank DESC, m.published DESC NULLS LAST, m.article_id DESC "
            f"LIMIT {int(stop - start)} OFFSET {int(start)}"
        )
        with connections[self.articles.db].cursor() as cursor:
            cursor.execute(sql, [*self.ranking.params, *rows_params])
            return dict(cursor.fetchall())

    def top_ranks(self, start: int, stop: int) -> dict[int, int] | None:
        """The page's ``{article id: rank}`` read by tiers (the backend's
        :meth:`~archive.search.backends.base.SearchBackend.top_page`), or None where the full sort
        is the plan or the page did not fill from the newest rows' window.

        The match count decides the plan (a paginator has asked for it before the page).
        """
        connection = connections[self.articles.db]
        backend = get_backend(connection)
        matches = self.count()
        matched = self.matched()
        # Ids the backend kept (a dear match) are read by the page's tiers too.
        kept = {"kept": matched} if matched is not self.match else {}
        top = backend.top_page(self.parsed, stop, matches=matches,
                               rank=(self.ranking.template, self.ranking.params), **kept)
        if top is None:
            return None
        with connection.cursor() as cursor:
            cursor.execute(top.sql, top.params)
            rows = cursor.fetchall()
        if len(rows) < stop and not top.complete:
            return None  # the window held too few untitled matches (most matches are in titles)
        return dict(rows[start:stop])

    def narrow_rows(self, *, sample_bound: int | None = None) -> tuple[str, list]:
        """SQL selecting ``article_id, language, outlet_id, published`` of the matching articles
        from the narrow table (unordered); raises EmptyResultSet when no row can match.

        ``sample_bound``: only the matches in the facets' sample (ids hashing below it, see
        backends.base.SAMPLE_CONDITION), tested on the ids before their narrow rows are read."""
        match = self.matched()
        if match is not None:
            if sample_bound is not None:
                return match.sample(sample_bound)
            return match.rows, list(match.row_params)
        articles = self.articles.order_by()
        if sample_bound is not None:
            articles = articles.filter(condition(SAMPLE_CONDITION.format(id="{pk}"), [int(sample_bound)]))
        rows = ArticleSearchRow.objects.using(self.articles.db).filter(article__in=articles.values("pk"))
        sql, params = rows.values_list(*NARROW_FIELDS).query.sql_with_params()
        return sql, list(params)

    def as_queryset(self) -> QuerySet:
        """Every matching article as one QuerySet in the results' order (the rank as ``rank``),
        for readers of the whole set such as exports: the ORM road, one statement
        (``prepare`` is not applied: such readers fetch what they show themselves)."""
        if self.ranking is None:
            return self.articles.order_by(*self.order_by)
        ranked = self.articles.annotate(rank=score(self.ranking.template, self.ranking.params))
        return ranked.order_by(F("rank").desc(nulls_last=True), *NEWEST)
