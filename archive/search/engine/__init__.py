"""An embedded search engine (Tantivy) answering searches instead of the database's index.

Opt-in (``SEARCH_ENGINE=tantivy``); the database backends stay the default. The engine holds
what the database already stores about each article (its analyzer tokens, language, outlet,
date, the people it mentions and the events it counts for) and answers a search's count,
its first pages in the database backends' order and its facets by itself.

    schema      the index's fields, and an article's document built from database rows
    store       one Index per process (reloaded per search), the writer (waiting for the
                lock other processes hold), rebuild and re-index by article ids
    compile     the parsed query tree as Tantivy queries, and the rank's parts
    results     EngineResults: count, pages and ``as_queryset()`` of an engine search
    facets      the facets as the engine's aggregations, in compute_facets' shape
    sync        the task re-indexing touched articles, and the signals that queue it
    choice      whether a search goes to the engine (one place)
"""
from __future__ import annotations

from django.conf import settings

#: The values SEARCH_ENGINE takes.
DATABASE = "database"
TANTIVY = "tantivy"


def enabled() -> bool:
    """Whether searches are answered by the embedded engine (``SEARCH_ENGINE=tantivy``)."""
    return getattr(settings, "SEARCH_ENGINE", DATABASE) == TANTIVY
