"""The search page: query, facets that narrow on click, chart, results, sort, pages."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.shortcuts import render
from django.utils.translation import gettext as _

from archive.models import Article
from archive.search.facets import compute_facets
from archive.search.snippets import snippet
from archive.web import selectors
from archive.web.filters import SORT_CHOICES, ArticleFilter
from archive.web.querystrings import changed_query
from archive.web.charts import bar_chart
from archive.web.languages import language_label
from archive.web.views.common import LANGUAGE_ORDER, paginate
from archive.web.views.search_links import FILTER_KEYS, active_filters, facet_groups, hidden_fields, narrowing_link


@dataclass
class SearchResult:
    """What one search URL asks for and finds."""

    filterset: ArticleFilter
    valid: bool
    articles: QuerySet
    query: str = ""
    query_string: str = ""
    expansions: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def run_search(request, *, sort_default: str | None = None) -> SearchResult:
    """Apply the search parameters of ``request`` (shared by the page and the Atom feed)."""
    data = request.GET.copy()
    if sort_default and not data.get("sort"):
        data["sort"] = sort_default
    filterset = ArticleFilter(data=data, queryset=Article.objects.all(), request=request)
    query = (request.GET.get("q") or "").strip()
    query_string = changed_query(request.GET, keep=FILTER_KEYS)
    query_string = "" if query_string == "?" else query_string  # the feed's link to a plain /search/
    if not filterset.is_valid():
        return SearchResult(filterset=filterset, valid=False, articles=Article.objects.none(),
                            query=query, query_string=query_string, errors=form_errors(filterset.form))
    articles = filterset.qs  # reading .qs parses the query, so expansions come after it
    return SearchResult(filterset=filterset, valid=True, articles=articles, query=query,
                        query_string=query_string, expansions=expansion_notes(filterset))


def form_errors(form) -> list[str]:
    """The form's errors as sentences naming the field ("Outlet: Select a valid choice...")."""
    errors = []
    for name, messages in form.errors.items():
        text = " ".join(str(message) for message in messages)
        label = form.fields[name].label if name in form.fields else ""
        errors.append(f"{label}: {text}" if label else text)
    return errors


def expansion_notes(filterset) -> list[dict]:
    """The names the query was widened to ("Witkoff" → Уиткофф, Віткофф)."""
    parsed = filterset.parsed_query
    if parsed is None:  # no q given
        return []
    notes = []
    for expansion in parsed.expansions:
        others = [name for name in expansion.names if name != expansion.word]
        if others:
            notes.append({"word": expansion.word, "names": others})
    return notes


def search(request):
    result = run_search(request)
    articles = result.articles
    page = paginate(request, selectors.article_list(articles))
    for article in page.object_list:
        article.snippet_html = snippet(article, result.query) if result.query else ""
    facets = compute_facets(articles) if result.valid else {}
    selected = {key: request.GET.get(key, "") for key in FILTER_KEYS}
    sort_default = "relevance" if result.query else "newest"
    sort_options = [(value, label) for value, label in SORT_CHOICES if result.query or value != "relevance"]
    context = {
        "result": result,
        "page": page,
        "total": page.paginator.count,
        "searched": any(selected[key] for key in FILTER_KEYS if key != "sort"),
        "selected": selected,
        "facet_groups": facet_groups(request, facets),
        "active_filters": active_filters(request, facets),
        "hidden_filters": hidden_fields(request, exclude={"q"}),
        "hidden_dates": hidden_fields(request, exclude={"date_from", "date_to"}),
        "sort_options": sort_options,
        "current_sort": selected["sort"] if selected["sort"] in dict(sort_options) else sort_default,
        # The date facet's (day, language) rows: the chart costs no query of its own.
        "chart": bar_chart(
            facets.days_by_language, title=_("Matching articles over time"), series_order=LANGUAGE_ORDER,
            series_labels={code: language_label(code) for _day, code, _n in facets.days_by_language},
            link=narrowing_link(request),
        ) if result.valid else "",
    }
    # Bad parameters are the reader's to fix: the page says why, with 400 (not a page of results).
    return render(request, "web/search.html", context, status=200 if result.valid else 400)
