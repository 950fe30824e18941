"""Facets that stay open to a second choice (as Elasticsearch's post_filter, Datasette and Aleph do).

A facet with values selected is counted on the search without its own filter (every
other filter still applies), so ``language=ru`` still lists "Ukrainian (1)" to add:
values within a facet are alternatives (OR), and a facet counted only on its own
choice would show nothing else. The page and the API count alike.
"""
from __future__ import annotations

from django.http import QueryDict

from archive.models import Article
from archive.search.facets import compute_facets
from archive.web.views.search_links import FACET_KEYS


def widen_selected_facets(data: QueryDict, facets: dict, *, request=None) -> None:
    """Replace in ``facets`` each facet with a value selected in ``data`` by its counts over the
    search without that facet's filter; one facet statement more per such facet."""
    from archive.web.filters import ArticleFilter

    for key in FACET_KEYS:
        if not [value for value in data.getlist(key) if value]:
            continue
        others = data.copy()
        others.pop(key)
        filterset = ArticleFilter(data=others, queryset=Article.objects.all(), request=request)
        if filterset.is_valid():
            facets[key] = compute_facets(filterset.qs)[key]
