"""The articles a saved search finds: its stored query string run through the search page's path.

``matching_articles(saved_search, since=None)`` is the same search a reader gets on
``/search/?<query_string>`` and in its Atom feed (archive.web.searching.run_search, newest
first as in the feed), narrowed to the articles imported after ``since``.
"""
from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.http import QueryDict

from archive.models import Article, SavedSearch
from archive.web.filters import ArticleFilter
from archive.web.searching import run_search


def search_parameters(query_string: str) -> QueryDict:
    """The parameters of a stored query string (a leading ``?`` is allowed), without ``page``, newest first."""
    data = QueryDict(query_string.lstrip("?"), mutable=True)
    data.pop("page", None)  # an alert is about the whole search, not the page the reader was on
    data["sort"] = "newest"  # an alert lists what is new first, whatever order the page had
    return data


def matching_articles(saved_search: SavedSearch, since: datetime | None = None) -> QuerySet[Article]:
    """The Articles ``saved_search`` matches, newest first; with ``since``, only those imported after it.

    A query string the search no longer accepts (an outlet or person since deleted)
    matches nothing rather than everything.
    """
    run = run_search(ArticleFilter(data=search_parameters(saved_search.query_string),
                                   queryset=Article.objects.all(), request=None))
    articles = run.articles
    if since is not None:
        articles = articles.filter(imported_at__gt=since)
    return articles
