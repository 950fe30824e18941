"""One search URL applied: shared by the search page, its export and its Atom feed.

The views and the feed read a :class:`SearchRun`; none of them builds the
filterset or reads its internals on its own.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from archive.models import Article
from archive.search import SearchResults
from archive.web import selectors
from archive.web.filters import FILTER_KEYS, ArticleFilter
from archive.web.querystrings import changed_query


@dataclass
class SearchRun:
    """What one search URL asks for and finds (``results`` is None when the parameters are invalid)."""

    filterset: ArticleFilter
    results: SearchResults | None
    query: str = ""
    query_string: str = ""
    expansions: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    #: Answered from the search cache: the parameters are known to be valid (they were when
    #: the answer was kept, under the same archive generation) and nothing was searched.
    from_cache: bool = False

    @property
    def valid(self) -> bool:
        return self.results is not None or self.from_cache

    @classmethod
    def known_valid(cls, filterset: ArticleFilter) -> "SearchRun":
        """The run of a search whose answer the cache holds: its query and links, no results."""
        query, query_string = search_links(filterset.data)
        return cls(filterset=filterset, results=None, query=query, query_string=query_string, from_cache=True)

    @property
    def articles(self):
        """Every match as one ordered QuerySet (exports, feeds); no article when invalid."""
        return self.results.as_queryset() if self.results is not None else Article.objects.none()


def run_search(filterset: ArticleFilter) -> SearchRun:
    """Apply a bound :class:`ArticleFilter`; result rows come with what a result row shows."""
    query, query_string = search_links(filterset.data)
    if not filterset.is_valid():
        return SearchRun(filterset=filterset, results=None, query=query, query_string=query_string,
                         errors=form_errors(filterset.form))
    results = filterset.results(prepare=selectors.article_list)
    return SearchRun(filterset=filterset, results=results, query=query, query_string=query_string,
                     expansions=expansion_notes(results))


def search_links(params) -> tuple[str, str]:
    """The query a search URL's ``params`` ask for, and its shareable query string ("" for none)."""
    query = (params.get("q") or "").strip()
    query_string = changed_query(params, keep=FILTER_KEYS)
    return query, "" if query_string == "?" else query_string  # "": the feed's link to a plain /search/


def search_request(request, *, sort_default: str | None = None) -> SearchRun:
    """The search ``request.GET`` asks for (``sort_default`` when it names no sort)."""
    data = request.GET.copy()
    if sort_default and not data.get("sort"):
        data["sort"] = sort_default
    return run_search(ArticleFilter(data=data, queryset=Article.objects.all(), request=request))


def form_errors(form) -> list[str]:
    """The form's errors as sentences naming the field ("Outlet: Select a valid choice...")."""
    errors = []
    for name, messages in form.errors.items():
        text = " ".join(str(message) for message in messages)
        label = form.fields[name].label if name in form.fields else ""
        errors.append(f"{label}: {text}" if label else text)
    return errors


def expansion_notes(results: SearchResults) -> list[dict]:
    """The names the query was widened to ("Witkoff" → Уиткофф, Віткофф)."""
    if results.parsed is None:  # no q given
        return []
    notes = []
    for expansion in results.parsed.expansions:
        others = [name for name in expansion.names if name != expansion.word]
        if others:
            notes.append({"word": expansion.word, "names": others})
    return notes
