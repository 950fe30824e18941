"""Full-text search over articles: one analyzer, an index kept by the database.

    search(queryset, q) -> SearchResults (count, pages, as_queryset())
    Article.objects.search(q) -> the same over the whole archive

How a search flows from the query string to a page: see README.md here. The
parts: analyzer (words to index tokens), query (our query language, parsed into
a small tree), names (person names across scripts), backends (one per database
vendor: the match as SQL), results (count and pages on the narrow table),
facets, snippets, signals (lemmas filled on save).
"""
from __future__ import annotations

from django.db import connections

from . import engine
from .backends import get_backend
from .backends.base import Match
from .forgiving import expander
from .query import ParsedQuery, parse_query
from .results import Ranking, SearchResults


def parse(q: str) -> ParsedQuery:
    """``q`` parsed, with person names expanded across scripts (and close spellings, and outlet names).

    Expansions read the current names each time (cheaply: see names.py), so a hidden
    person stops widening searches and marking snippets at once.
    """
    return parse_query(q, expander=expander)


def match_articles(queryset, parsed: ParsedQuery) -> tuple:
    """``(queryset narrowed to articles matching parsed, the Match or None)``."""
    if parsed.is_empty:
        return queryset, None
    backend = get_backend(connections[queryset.db])
    match = backend.match(parsed)
    return backend.filter(queryset, match), match


def filter_articles(queryset, parsed: ParsedQuery):
    """``queryset`` narrowed to articles matching ``parsed`` (unordered)."""
    return match_articles(queryset, parsed)[0]


def ranking(parsed: ParsedQuery, *, using: str = "default") -> Ranking | None:
    """How results of ``parsed`` are ranked; None when there is nothing to rank by (only exclusions)."""
    if parsed.is_empty or not parsed.groups:
        return None
    sql, params = get_backend(connections[using]).rank_sql(parsed)
    return Ranking(sql, tuple(params))


def search(queryset, q: str, *, prepare=None) -> SearchResults:
    """Articles of ``queryset`` matching the query text ``q``, best first (newest first for no query).

    ``results.parsed.expansions`` says which words were widened to other names of
    a person. Never raises on user input. ``Article.objects.search(q)`` calls this.
    """
    parsed = parse(q)
    if engine.enabled():  # the embedded engine, where it can answer (engine/choice.py)
        from .engine.choice import search_results

        found = search_results(queryset, parsed, prepare=prepare)
        if found is not None:
            return found
    matched, match = match_articles(queryset, parsed)
    # The index alone answers the count when the search is the only condition on all articles.
    only_match = None if queryset.query.has_filters() else match
    return SearchResults(matched, parsed=parsed, ranking=ranking(parsed, using=queryset.db), match=only_match,
                         prepare=prepare)


def search_articles(queryset, q: str):
    """``(every match of q in queryset as one ordered QuerySet, the ParsedQuery)``: the ORM road
    (see :meth:`SearchResults.as_queryset`)."""
    results = search(queryset, q)
    return results.as_queryset(), results.parsed


__all__ = ["Match", "ParsedQuery", "Ranking", "SearchResults", "filter_articles", "match_articles", "parse",
           "ranking", "search", "search_articles"]
