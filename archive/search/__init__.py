"""Full-text search over articles: one analyzer, an index kept by the database.

    search_articles(queryset, q) -> (queryset ordered by rank, ParsedQuery)

The parts: analyzer (words to index tokens), query (our query language, parsed
into a small tree), names (person names across scripts), backends (one per
database vendor), facets, snippets, signals (lemmas filled on save).
"""
from __future__ import annotations

from django.db.models import F

from .query import ParsedQuery, parse_query


def parse(q: str) -> ParsedQuery:
    """``q`` parsed, with person names expanded across scripts."""
    from .names import expand_name

    return parse_query(q, expander=expand_name)


def filter_articles(queryset, parsed: ParsedQuery):
    """``queryset`` narrowed to articles matching ``parsed`` (unordered)."""
    from .backends import get_backend

    if parsed.is_empty:
        return queryset
    return get_backend().filter(queryset, parsed)


def rank_articles(queryset, parsed: ParsedQuery):
    """``queryset`` annotated with ``rank`` and ordered by it, newest first among equals."""
    from .backends import get_backend

    newest = (F("published").desc(nulls_last=True), "-id")
    if not parsed.groups:  # only exclusions: nothing to rank by
        return queryset.order_by(*newest)
    return get_backend().annotate_rank(queryset, parsed).order_by(F("rank").desc(nulls_last=True), *newest)


def search_articles(queryset, q: str):
    """Articles of ``queryset`` matching the query text ``q``, best first.

    Returns ``(queryset, parsed)``; ``parsed.expansions`` says which words were
    widened to other names of a person. Never raises on user input.
    """
    parsed = parse(q)
    if parsed.is_empty:
        return queryset, parsed
    return rank_articles(filter_articles(queryset, parsed), parsed), parsed
