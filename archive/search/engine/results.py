"""EngineResults: a search answered by the engine, paged as SearchResults are.

The count is the engine's (exact: Tantivy counts a match's documents cheaply, so nothing is
estimated). A ranked page is read without sorting every match: the engine's top-k by score
(the score is the rank, see compile.py) gives every article ranked above the page's lowest
rank; the articles of that lowest rank (the tie tier, "these rank parts and no others") are
then read newest first from the ``newest`` fast field, so the page has the database
backends' order (rank DESC, published DESC NULLS LAST, id DESC). Unranked pages (no query
words, or a date sort) are read in the ``newest`` or ``oldest`` key's order.

Only the page's ids leave the engine; its articles are read from the database by id, with
``prepare``, as SearchResults reads them.
"""
from __future__ import annotations

import json
from typing import Callable

import tantivy
from django.db import connections
from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from ..query import ParsedQuery
from ..results import NEWEST, PagedSequence, Total
from . import store
from .compile import Compiled, Filters, compile_search, rank_tier


def id_list(ids: list[int], vendor: str) -> RawSQL:
    """A subquery listing ``ids`` from one parameter (a JSON array on SQLite, an array on
    PostgreSQL), so any number of ids stays within SQLite's limit of bound parameters."""
    if vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [list(ids)])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(ids))])


class EngineResults(PagedSequence):
    """The articles of one search, answered by the engine (see the module's notes).

    ``articles``: every article (the engine answers only searches on the whole archive);
    ``parsed``: the query (None without one); ``filters``: what the engine narrows by;
    ``ranked``: by rank (else by ``order``: "newest" or "oldest"); ``prepare``: applied to a
    page's articles before they are read.
    """

    def __init__(self, articles: QuerySet, *, parsed: ParsedQuery | None, filters: Filters = Filters(),
                 ranked: bool = True, order: str = "newest",
                 prepare: Callable[[QuerySet], QuerySet] | None = None):
        self.articles = articles
        self.parsed = parsed
        self.filters = filters
        self.order = order
        self.prepare = prepare or (lambda queryset: queryset)
        self.searcher = store.searcher()
        self.schema = store.get_index().schema
        self.compiled: Compiled = compile_search(self.schema, parsed, filters, ranked=ranked)
        self.ranked = bool(self.compiled.contributors)
        self._count: int | None = None

    # -- the count -----------------------------------------------------------------
    def count(self) -> int:
        if self._count is None:
            self._count = self.searcher.search(self.compiled.match, 1, count=True).count
        return self._count

    def total(self) -> Total:
        """Always exact: the engine counts every match."""
        return Total.exact(self.count())

    def exact_count(self) -> int:
        return self.count()

    # -- pages -----------------------------------------------------------------------
    def page(self, start: int, stop: int) -> list:
        if stop <= start:
            return []
        ranks = self.page_ranks(start, stop)
        by_id = self.articles.model._default_manager.using(self.articles.db).filter(pk__in=list(ranks))
        found = {article.pk: article for article in self.prepare(by_id)}
        page = []
        for pk, rank in ranks.items():
            if pk in found:  # deleted since the engine last heard: left out
                if rank is not None:
                    found[pk].rank = rank
                page.append(found[pk])
        return page

    def page_ranks(self, start: int, stop: int) -> dict[int, int | None]:
        """{article id: rank (None when unranked)} from ``start`` to ``stop``, in the page's order."""
        if not self.ranked:
            return {pk: None for pk in self._ordered_ids(self.compiled.match, stop - start, offset=start)}
        return dict(self.ranked_ids(stop)[start:stop])

    def _ordered_ids(self, query, limit: int, *, offset: int = 0, order: str | None = None) -> list[int]:
        """Ids of ``query``'s matches in the ``order`` key's order (the results' own by default)."""
        if limit <= 0:
            return []
        order = order or self.order
        found = self.searcher.search(query, limit, count=self._count is None and query is self.compiled.match,
                                     order_by_field=order, offset=offset,
                                     order=tantivy.Order.Desc if order == "newest" else tantivy.Order.Asc)
        self._counted(found)
        return self._ids([address for _key, address in found.hits])

    def _counted(self, found) -> None:
        """Keep the count a search of the whole match made on the way (Tantivy counts as it collects)."""
        if self._count is None and found.count is not None:
            self._count = found.count

    def _ids(self, addresses) -> list[int]:
        return [int(value) for value in self.searcher.fast_field_values("id", addresses)] if addresses else []

    def ranked_ids(self, stop: int) -> list[tuple[int, int]]:
        """The first ``stop`` ``(id, rank)`` in rank order, equal ranks newest first."""
        found = self.searcher.search(self.compiled.scored(), max(stop, 1), count=self._count is None)
        self._counted(found)
        hits = found.hits
        if len(hits) < stop:
            return self._sorted(hits)  # every match: few enough to order here
        lowest = min(score for score, _address in hits)
        above = [(score, address) for score, address in hits if score > lowest]
        tier = rank_tier(self.compiled, round(lowest))
        if tier is None:  # too many ways to make that rank: every match, sorted
            return self._sorted(self.searcher.search(self.compiled.scored(), max(self.count(), 1), count=False).hits)[:stop]
        tied = self._ordered_ids(tier, stop - len(above), order="newest")
        return self._sorted(above) + [(pk, round(lowest)) for pk in tied]

    def _sorted(self, hits) -> list[tuple[int, int]]:
        """``hits`` as ``(id, rank)`` in rank order, equal ranks by the ``newest`` key."""
        addresses = [address for _score, address in hits]
        if not addresses:
            return []
        keys = self.searcher.fast_field_values("newest", addresses)
        ids = self._ids(addresses)
        rows = sorted(zip((round(score) for score, _address in hits), keys, ids), key=lambda row: (-row[0], -row[1]))
        return [(pk, rank) for rank, _key, pk in rows]

    # -- every match, for the ORM road ---------------------------------------------
    def as_queryset(self) -> QuerySet:
        """Every match as one QuerySet in the results' order (with ``rank`` when ranked): the
        engine's ids, and their ranks, each passed as one parameter (see :func:`id_list`)."""
        vendor = connections[self.articles.db].vendor
        total = self.count()
        if not self.ranked:
            ids = self._ordered_ids(self.compiled.match, total) if total else []
            order = NEWEST if self.order == "newest" else (F("published").asc(nulls_last=True), "id")
            return self.articles.filter(pk__in=id_list(ids, vendor)).order_by(*order)
        ranked = self._sorted(self.searcher.search(self.compiled.scored(), max(total, 1), count=False).hits)
        if not ranked:
            return self.articles.none()
        by_rank: dict[int, list[int]] = {}
        for pk, rank in ranked:
            by_rank.setdefault(rank, []).append(pk)
        rank = Case(*[When(pk__in=id_list(ids, vendor), then=Value(value)) for value, ids in by_rank.items()],
                    default=Value(0), output_field=IntegerField())
        matched = self.articles.filter(pk__in=id_list([pk for pk, _rank in ranked], vendor))
        return matched.annotate(rank=rank).order_by(F("rank").desc(nulls_last=True), *NEWEST)
