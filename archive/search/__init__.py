"""Full-text search over articles: one analyzer, an index kept by the database.

    search_articles(queryset, q) -> (queryset ordered by rank, ParsedQuery)

The parts: analyzer (words to index tokens), query (our query language, parsed
into a small tree), names (person names across scripts), backends (one per
database vendor), facets, snippets, signals (lemmas filled on save).
"""
from __future__ import annotations

from django.db import connections
from django.db.models import F

from .query import ParsedQuery, parse_query


def parse(q: str) -> ParsedQuery:
    """``q`` parsed, with person names expanded across scripts (and close spellings, and outlet names)."""
    from .forgiving import expander

    return parse_query(q, expander=expander)


def filter_articles(queryset, parsed: ParsedQuery):
    """``queryset`` narrowed to articles matching ``parsed`` (unordered)."""
    from .backends import get_backend

    if parsed.is_empty:
        return queryset
    return get_backend(connections[queryset.db]).filter(queryset, parsed)


def rank_articles(queryset, parsed: ParsedQuery):
    """``queryset`` annotated with ``rank`` and ordered by it, newest first among equals.

    The result sorts a page on the narrow search table and reads only the
    articles shown (archive.search.results).
    """
    from .backends import get_backend
    from .backends.base import score
    from .results import Ranking, ranked

    newest = (F("published").desc(nulls_last=True), "-id")
    if not parsed.groups:  # only exclusions: nothing to rank by
        return queryset.order_by(*newest)
    sql, params = get_backend(connections[queryset.db]).rank_sql(parsed)
    ordered = queryset.annotate(rank=score(sql, params)).order_by(F("rank").desc(nulls_last=True), *newest)
    return ranked(ordered, Ranking(sql, tuple(params), tuple(ordered.query.order_by)))


def search_articles(queryset, q: str):
    """Articles of ``queryset`` matching the query text ``q``, best first.

    Returns ``(queryset, parsed)``; ``parsed.expansions`` says which words were
    widened to other names of a person. Never raises on user input.
    """
    parsed = parse(q)
    if parsed.is_empty:
        return queryset, parsed
    return rank_articles(filter_articles(queryset, parsed), parsed), parsed
