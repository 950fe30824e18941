"""The expensive part of a search, cached: its count, its page's article ids (and snippets),
its facets and the search page's suggestions (the names and entities the query words are near).

Only what every reader of the archive would be shown is cached, never a whole page: pages
carry a CSRF token and the reader's account. A search asked again is answered from its
**kept answer** (:func:`answer_key`): the API's whole JSON body, and the search page's
filters and results as rendered HTML fragments (the page around them, with the account,
the CSRF token and the save-search form, renders per request), with no query at all. Below
that, for a new page of a known search (or a new language), the count, the page's ids and
the facets are kept separately, and the page's 20 articles are read by id.

Entries are keyed by the search's parameters, the interface language (facet labels are
translated), the database and the **archive generation**: a number kept in the same
cache that every change to what a search shows moves on (articles, mentions, people and
their names, outlets, events and their links, curation, imports: :func:`archive_changed`,
connected to those models' signals and called by the bulk import). A change is seen by
every process at once: the cache is shared (a folder by default, see
archive/cacheconfig.py). The generation moves when the change is made and again when its
transaction commits, so nothing read before the commit is kept under the new number.
Entries also expire after ``SEARCH_CACHE_SECONDS`` (300; 0 turns the cache off), which
bounds what a writer that bypasses the ORM, or a lagging read replica, could leave stale.

Staff never read from it (editors check their own changes), nor a browser during the pin
after its own write, nor any search with bad parameters.
"""
from __future__ import annotations

import hashlib
import json
import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.db import connections, transaction
from django.utils.translation import get_language

from archive.search.results import PagedSequence, Total

logger = logging.getLogger(__name__)

#: The cache entry holding the archive generation (one per database: see :func:`generation_key`).
GENERATION_KEY = "archive:generation"
#: Bumped when what is cached changes shape, so entries of an older release are never read.
FORMAT = 2


def _cache():
    return caches[getattr(settings, "SEARCH_CACHE_ALIAS", "default")]


def enabled() -> bool:
    return getattr(settings, "SEARCH_CACHE_SECONDS", 0) > 0


def _database() -> list[str]:
    database = connections["default"].settings_dict
    return [str(database.get("ENGINE")), str(database.get("NAME")), str(database.get("HOST") or "")]


def generation_key() -> str:
    """The generation's entry for this archive's database (two archives may share a cache)."""
    return GENERATION_KEY + ":" + hashlib.sha256(json.dumps(_database()).encode()).hexdigest()[:16]


def generation() -> int:
    """The current archive generation (a fresh, never-used number when the cache has none)."""
    cache = _cache()
    value = cache.get(generation_key())
    if value is None:
        # A number no earlier generation had (the cache was emptied, or evicted the key),
        # so entries of before can never be taken for current ones.
        cache.add(generation_key(), time.time_ns(), timeout=None)
        value = cache.get(generation_key())
    return value


def _bump() -> None:
    cache = _cache()
    try:
        cache.incr(generation_key())
    except ValueError:  # no generation yet (or evicted): start a new one
        cache.set(generation_key(), time.time_ns(), timeout=None)
    except Exception:  # noqa: BLE001 - the cache being down must not fail a write
        logger.warning("could not move the archive generation on", exc_info=True)


def archive_changed(*args, using: str | None = None, **kwargs) -> None:
    """Cached searches are out of date: move the generation on now and when the change commits.

    A signal receiver (any arguments) and a plain call alike.
    """
    if not enabled():
        return
    _bump()
    alias = using or "default"
    if connections[alias].in_atomic_block:
        transaction.on_commit(_bump, using=alias, robust=True)


def key(kind: str, params: dict) -> str:
    """The cache key of ``kind`` ("total", "page", "facets") for the search ``params``."""
    described = json.dumps([FORMAT, kind, generation(), *_database(), get_language() or "",
                            sorted(params.items())], ensure_ascii=False, default=str)
    return "archive:search:" + hashlib.sha256(described.encode()).hexdigest()


def usable_for(request) -> bool:
    """Whether ``request``'s search may be answered from the cache: not for whoever must read
    the primary (staff, the admin, a browser in the pin after its own write: the read
    replicas' rule, archive.web.replica_routing.must_read_primary)."""
    from archive.web.replica_routing import must_read_primary

    return enabled() and not must_read_primary(request)


def search_params(filterset) -> dict:
    """The parameters that decide a search's count, pages and facets, normalized."""
    data = filterset.data
    return {name: sorted(value for value in data.getlist(name) if value)
            for name in data.keys() if name in filterset.filters and name != "page"}  # pages: by slice


def get_or_compute(cache_key: str, compute):
    """The cached value of ``cache_key``, else ``compute()`` stored for SEARCH_CACHE_SECONDS."""
    cache = _cache()
    try:
        found = cache.get(cache_key)
    except Exception:  # noqa: BLE001 - a cache that fails is a cache that misses
        logger.warning("search cache unreadable", exc_info=True)
        return compute()
    if found is not None:
        return found
    value = compute()
    try:
        cache.set(cache_key, value, timeout=settings.SEARCH_CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        logger.warning("search cache unwritable", exc_info=True)
    return value


class CachedResults(PagedSequence):
    """A :class:`~archive.search.SearchResults` whose count and pages' ids come from the cache.

    The paginators use it unchanged (the same sequence, :class:`~archive.search.results.PagedSequence`);
    the page's articles are read by id with the results' ``prepare`` (fresh rows), in the cached
    order, each with its cached ``rank`` and ``snippet_html`` (the marked passage: the page and
    the API show it as is).
    """

    def __init__(self, results, params: dict):
        self.results = results
        self.parsed = results.parsed
        self.params = params
        self._total = None

    def total(self):
        """The results' :class:`~archive.search.results.Total` (the count and whether it is an estimate)."""
        if self._total is None:
            self._total = Total(*get_or_compute(key("total", self.params), lambda: tuple(self.results.total())))
        return self._total

    def count(self) -> int:
        return self.total().value

    def page(self, start: int, stop: int) -> list:
        if stop <= start:
            return []
        computed = []

        def compute():
            computed.extend(self.results[start:stop])
            return [(article.pk, getattr(article, "rank", None), self._snippet(article)) for article in computed]

        ranked = get_or_compute(key("page", {**self.params, "slice": [start, stop]}), compute)
        if computed or not ranked:  # read just now: no need to read the rows again
            for article, (_pk, _rank, html) in zip(computed, ranked):
                if html is not None:
                    article.snippet_html = html
            return computed
        model = self.results.articles.model
        found = {article.pk: article for article in self.results.prepare(
            model._default_manager.filter(pk__in=[pk for pk, _rank, _html in ranked]))}
        page = []
        for pk, rank, html in ranked:
            if pk in found:  # deleted since: left out (the deletion also moved the generation on)
                if rank is not None:
                    found[pk].rank = rank
                if html is not None:
                    found[pk].snippet_html = html
                page.append(found[pk])
        return page

    def _snippet(self, article):
        """The snippet of ``article`` for this search (it depends only on the text and the
        query, and both move the generation on when they change), kept with the page."""
        if self.parsed is None or self.parsed.is_empty:
            return None
        from archive.search.snippets import snippet

        return snippet(article, self.parsed)

    def __getattr__(self, name):
        return getattr(self.results, name)


def cached_results(filterset, results, request):
    """``results`` answered from the cache where that is safe (see :func:`usable_for`)."""
    if not usable_for(request):
        return results
    return CachedResults(results, search_params(filterset))


def cached(request, kind: str, params: dict, compute):
    """``compute()``, what every reader of the search ``params`` is shown (``kind``: which part
    of it), once per archive generation where the cache may answer ``request``."""
    if not usable_for(request):
        return compute()
    return get_or_compute(key(kind, params), compute)


def cached_facets(filterset, request, compute):
    """The facets of ``filterset``'s search: ``compute()`` once per archive generation."""
    return cached(request, "facets", search_params(filterset), compute)


def answer_key(request, kind: str) -> str | None:
    """The key of the part of ``request``'s answer that every reader of it is shown (``kind``:
    which: "api" the API's page of results, "page" the search page's results and facets), or
    None where the cache may not answer ``request`` (see :func:`usable_for`).

    Keyed by every parameter of the URL as given (the links an answer holds carry them all),
    the site's address (the API's links are absolute), the interface language and the archive
    generation (:func:`key`). Only answers to valid parameters are kept (:func:`keep_answer`),
    so an answer found is one the same parameters had under the same generation: it needs no
    search, nor even the parameters' check (slugs exist as long as the generation stands).
    """
    if not usable_for(request):
        return None
    return key(kind, {"query": sorted(request.GET.lists()), "site": request.build_absolute_uri("/")})


def kept_answer(cache_key: str | None):
    """What :func:`keep_answer` kept under ``cache_key``, or None (also when the cache fails)."""
    if cache_key is None:
        return None
    try:
        return _cache().get(cache_key)
    except Exception:  # noqa: BLE001 - a cache that fails is a cache that misses
        logger.warning("search cache unreadable", exc_info=True)
        return None


def keep_answer(cache_key: str | None, value) -> None:
    """Keep ``value`` (picklable, the same for every reader) under ``cache_key`` for SEARCH_CACHE_SECONDS."""
    if cache_key is None:
        return
    try:
        _cache().set(cache_key, value, timeout=settings.SEARCH_CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        logger.warning("search cache unwritable", exc_info=True)


def connect() -> None:
    """Every saved or deleted row a search shows moves the generation on (called from ready())."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from archive.models import (Article, CurationLog, Event, EventArticle, Mention, Outlet, OutletName, Person,
                                PersonName)

    for model in (Article, Mention, Person, PersonName, Outlet, OutletName, Event, EventArticle, CurationLog):
        post_save.connect(archive_changed, sender=model, dispatch_uid=f"archive.search_cache.s.{model.__name__}")
        post_delete.connect(archive_changed, sender=model, dispatch_uid=f"archive.search_cache.d.{model.__name__}")
    m2m_changed.connect(archive_changed, sender=Article.cited_outlets.through,
                        dispatch_uid="archive.search_cache.cited")
