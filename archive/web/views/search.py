"""The search page: query, facets that narrow on click, chart, results, sort, pages."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive.models import Article
from archive.search.facets import compute_facets
from archive.search.forgiving import did_you_mean, entity_suggestions, nearest_names
from archive.search.snippets import snippet
from archive.web import selectors
from archive.web.export import FORMATS, export_cap, export_response
from archive.web.filters import SORT_CHOICES, ArticleFilter
from archive.web.querystrings import changed_query
from archive.web.sticky_facets import widen_selected_facets
from archive.web.charts import bar_chart
from archive.web.languages import language_label
from archive.web.views.common import LANGUAGE_ORDER, paginate
from archive.web.views.search_links import FACET_KEYS, FILTER_KEYS, active_filters, facet_groups, hidden_fields, narrowing_link


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


def suggestion_context(request, query: str, *, found: int) -> dict:
    """"Did you mean", the entities the query names (with their filter), and the nearest names when nothing matched."""
    if not query:
        return {"did_you_mean": [], "entities": [], "nearest": []}
    pages = {"person": "web:person", "outlet": "web:outlet", "event": "web:event"}
    entities = []
    for item in entity_suggestions(query):
        entities.append({**item, "url": reverse(pages[item["kind"]], args=[item["slug"]]),
                         "filter_url": changed_query(request.GET, keep=FILTER_KEYS, **{item["kind"]: item["slug"]})})
    def search_for(item):
        return changed_query(request.GET, keep=FILTER_KEYS, q=replace_word(query, item["word"], item["name"]))
    return {
        "did_you_mean": [{**item, "url": search_for(item)} for item in did_you_mean(query)],
        "entities": entities,
        "nearest": [{**item, "url": reverse("web:person", args=[item["slug"]])} for item in nearest_names(query)]
        if not found else [],
    }


def replace_word(query: str, word: str, name: str) -> str:
    """``query`` with the (normalized) ``word`` replaced by ``name``, wherever it stands."""
    import re

    return re.sub(rf"(?i)(?<!\w){re.escape(word)}(?!\w)", name, query) if word else query


def search(request):
    result = run_search(request)
    articles = result.articles
    page = paginate(request, selectors.article_list(articles))
    for article in page.object_list:
        article.snippet_html = snippet(article, result.query) if result.query else ""
    facets = compute_facets(articles) if result.valid else {}
    if result.valid:
        widen_selected_facets(request.GET, facets, request=request)
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
        "filter_count": len(FACET_KEYS) + 1,  # the facets and the dates
        # The chart shows dated articles only: say how many it leaves out.
        "undated": max(page.paginator.count - sum(n for _day, _code, n in facets.days_by_language), 0)
        if result.valid else 0,
        "active_filters": active_filters(request, facets),
        "hidden_filters": hidden_fields(request, exclude={"q"}),
        "hidden_dates": hidden_fields(request, exclude={"date_from", "date_to"}),
        **suggestion_context(request, result.query, found=page.paginator.count),
        "sort_options": sort_options,
        "export_cap": export_cap(),
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


#: The examples of the help page: (query, what it finds).
HELP_EXAMPLES = [
    ("Зеленский Париж", gettext_lazy("articles with both words, in any grammatical form")),
    ("Witkoff AND Budanov", gettext_lazy("both names (AND is the same as a space)")),
    ('"коалиции желающих"', gettext_lazy("the exact phrase (word forms still match)")),
    ("Мерц OR Макрон", gettext_lazy("either name")),
    ("(Мерц OR Макрон) -Песков", gettext_lazy("either name, in articles that do not mention the third")),
    ("NOT Москва", gettext_lazy("every article without the word")),
    ("перемир*", gettext_lazy("words starting with перемир")),
    ("Виткофф", gettext_lazy("a person's name in any script and form; close spellings are expanded and shown")),
]


def search_help(request):
    """How to write a query, with examples that link to their search."""
    return render(request, "web/search_help.html", {"examples": HELP_EXAMPLES})


def export(request):
    """The whole search as CSV or JSON Lines (``format``; ``text=1`` adds the full text)."""
    fmt = request.GET.get("format", "csv")
    if fmt not in FORMATS:
        return HttpResponseBadRequest(_("Choose format=csv or format=jsonl."), content_type="text/plain; charset=utf-8")
    result = run_search(request)
    if not result.valid:
        return HttpResponseBadRequest("\n".join(result.errors), content_type="text/plain; charset=utf-8")
    return export_response(request, result.articles, total=result.articles.count(), query=result.query, fmt=fmt,
                           full_text=request.GET.get("text") in ("1", "true", "yes"))
