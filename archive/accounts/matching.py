"""What a saved search finds: the one function alerts, feeds and the saved-searches page use."""
from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.http import QueryDict

from archive.models import Article, SavedSearch
from archive.web.filters import FILTER_KEYS, ArticleFilter
from archive.web.querystrings import changed_query
from archive.web.searching import SearchRun, run_search


def clean_query_string(query_string: str) -> str:
    """Only the search parameters of ``query_string`` (no page, no unknown keys), without "?"."""
    kept = changed_query(QueryDict(query_string.lstrip("?")), keep=FILTER_KEYS)
    return kept.lstrip("?")


def search_run(query_string: str, *, since: datetime | None = None, sort_default: str = "newest") -> SearchRun:
    """The search page's run of ``query_string``, narrowed to articles imported after ``since``."""
    data = QueryDict(clean_query_string(query_string), mutable=True)
    if not data.get("sort"):
        data["sort"] = sort_default
    articles = Article.objects.all() if since is None else Article.objects.filter(imported_at__gt=since)
    return run_search(ArticleFilter(data=data, queryset=articles))


def matching_articles(saved_search: SavedSearch, since: datetime | None = None) -> QuerySet[Article]:
    """The articles ``saved_search`` finds, as its results page finds them (newest first
    unless it names a sort); with ``since``, only those imported after it
    (``Article.imported_at > since``).

    A saved search whose parameters are no longer valid (an outlet since removed) finds
    nothing, as its page answers 400 with the reason.
    """
    return search_run(saved_search.query_string, since=since).articles
