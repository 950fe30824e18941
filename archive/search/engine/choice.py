"""Whether a search goes to the engine: decided here only.

The engine answers a search when it is on (``SEARCH_ENGINE=tantivy``), the search is over
the whole archive (no narrower base queryset) and every filter given is one the engine
indexes (language, outlet, person, event, dates). Anything else (the ``cites`` filter, a
base queryset narrower than the archive, an index not built yet) is answered by the
database backend, with the same results.
"""
from __future__ import annotations

import logging

from archive.nlp.linking import resolve

from . import enabled, store
from .compile import Filters

logger = logging.getLogger(__name__)

#: Index folders found missing (and said so in the log) by this process.
_warned: set[str] = set()
#: ArticleFilter's parameters that do not narrow the articles.
NOT_FILTERS = ("q", "sort", "page")
#: The filters the engine applies itself.
ENGINE_FILTERS = ("language", "outlet", "person", "event", "date_from", "date_to")


def available() -> bool:
    """Whether the engine is on and its index exists (a warning in the log when it is on but missing)."""
    if not enabled():
        return False
    try:
        store.get_index()
    except store.EngineUnavailable:
        path = str(store.index_path())
        if path not in _warned:  # once per process and folder, not once per search
            _warned.add(path)
            logger.warning("SEARCH_ENGINE is tantivy but %s holds no index yet: the database answers "
                           "(manage.py rebuild_search_index builds it)", path)
        return False
    return True


def filters_of(cleaned: dict) -> Filters | None:
    """The engine's :class:`Filters` for an ArticleFilter's cleaned data, or None when a filter
    given is not one the engine indexes."""
    given = {name for name, value in cleaned.items() if value and name not in NOT_FILTERS}
    if given - set(ENGINE_FILTERS):
        return None
    return Filters(
        languages=tuple(cleaned.get("language") or ()),
        outlets=tuple(outlet.pk for outlet in cleaned.get("outlet") or ()),
        # Merges move mentions to the end of the chain, as ArticleFilter.filter_person follows it.
        people=tuple(sorted({resolve(person).pk for person in cleaned.get("person") or ()})),
        events=tuple(event.pk for event in cleaned.get("event") or ()),
        date_from=cleaned.get("date_from"),
        date_to=cleaned.get("date_to"),
    )


def engine_results(filterset, *, ranked: bool, order: str, prepare=None):
    """An :class:`~archive.search.engine.results.EngineResults` for a valid ArticleFilter, or
    None when the database answers it (see the module's notes)."""
    if filterset.queryset.query.has_filters() or not available():
        return None
    filters = filters_of(filterset.form.cleaned_data)
    if filters is None:
        return None
    from .results import EngineResults

    return EngineResults(filterset.queryset.all(), parsed=filterset.parsed_query, filters=filters,
                         ranked=ranked, order=order, prepare=prepare)


def search_results(queryset, parsed, *, prepare=None):
    """EngineResults of ``parsed`` over ``queryset`` (archive.search.search), or None when the
    database answers it."""
    if queryset.query.has_filters() or not available():
        return None
    from .results import EngineResults

    return EngineResults(queryset.all(), parsed=parsed, ranked=True, prepare=prepare)
