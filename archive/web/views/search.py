"""The search page: query, facets that narrow on click, chart, results, sort, pages."""
from __future__ import annotations

import re

from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from django_filters.views import FilterView

from archive.models import Article
from archive.search.facets import Facets
from archive.search.forgiving import did_you_mean, entity_suggestions, nearest_names
from archive.search.snippets import snippet
from archive.web import search_cache, selectors
from archive.web.export import FORMATS, export_cap, export_response
from archive.web.querystrings import changed_query
from archive.web.charts import bar_chart
from archive.text.languages import language_label
from archive.web.views.common import LANGUAGE_ORDER, paginate
from archive.web.filters import FACET_KEYS, FILTER_KEYS, SORT_CHOICES, ArticleFilter
from archive.web.searching import SearchRun, run_search, search_request
from archive.web.views.search_links import active_filters, facet_groups, hidden_fields, narrowing_link


def suggestion_context(request, query: str, *, found: int) -> dict:
    """"Did you mean", the entities the query names (with their filter), and the nearest names when nothing matched."""
    if not query:
        return {"did_you_mean": [], "entities": [], "nearest": []}
    # The same for every reader of the query (names and entities of the archive): cached
    # with the search, the links to the reader's own search built here.
    similar, named, nearest = search_cache.cached(
        request, "suggestions", {"q": query, "found": bool(found)},
        lambda: (did_you_mean(query), entity_suggestions(query), nearest_names(query) if not found else []))
    pages = {"person": "web:person", "outlet": "web:outlet", "event": "web:event"}
    entities = []
    for item in named:
        entities.append({**item, "url": reverse(pages[item["kind"]], args=[item["slug"]]),
                         "filter_url": changed_query(request.GET, keep=FILTER_KEYS, **{item["kind"]: item["slug"]})})
    def search_for(item):
        return changed_query(request.GET, keep=FILTER_KEYS, q=replace_word(query, item["word"], item["name"]))
    return {
        "did_you_mean": [{**item, "url": search_for(item)} for item in similar],
        "entities": entities,
        "nearest": [{**item, "url": reverse("web:person", args=[item["slug"]])} for item in nearest],
    }


def replace_word(query: str, word: str, name: str) -> str:
    """``query`` with the (normalized) ``word`` replaced by ``name``, wherever it stands."""
    return re.sub(rf"(?i)(?<!\w){re.escape(word)}(?!\w)", name, query) if word else query


class SearchView(FilterView):
    """The search page: ArticleFilter applied strictly (bad parameters answer 400 with the reasons)."""

    filterset_class = ArticleFilter
    strict = True
    template_name = "web/search.html"

    def get_filterset_kwargs(self, filterset_class):
        # Always bound: an empty query string is a valid search for every article, newest first.
        return {"data": self.request.GET, "request": self.request, "queryset": Article.objects.all()}

    #: The figures kept with the rendered fragments (a page answered from the cache has them in its context too).
    KEPT_CONTEXT = ("total", "total_approximate", "did_you_mean", "entities", "nearest")

    def get(self, request, *args, **kwargs):
        # FilterView's get() also builds ``filterset.qs`` (the whole ranked QuerySet) as the
        # object list; this page reads its results a page at a time (run_search), never that.
        self.filterset = self.get_filterset(self.get_filterset_class())
        self.object_list = Article.objects.none()
        # The filters and the results as rendered for this URL before, under the same archive
        # generation (the same for every reader of the language: no account, session or CSRF
        # token in them): no search, no check of the parameters (they were valid then), no
        # template work but the page around them (archive.web.search_cache.answer_key).
        answer_key = search_cache.answer_key(request, "page")
        kept = search_cache.kept_answer(answer_key)
        if kept is not None:
            context = {**kept, **self.frame_context(SearchRun.known_valid(self.filterset))}
            return self.render_to_response(super().get_context_data(filter=self.filterset, object_list=self.object_list,
                                                                    **context))
        context = self.get_context_data(filter=self.filterset, object_list=self.object_list)
        context["filters_html"] = render_to_string("web/includes/search_filters.html", context, request)
        context["found_html"] = render_to_string("web/includes/search_found.html", context, request)
        if context["result"].valid:
            search_cache.keep_answer(answer_key, {name: context[name] for name in
                                                  ("filters_html", "found_html", *self.KEPT_CONTEXT)})
        return self.render_to_response(context)

    def frame_context(self, run) -> dict:
        """What the page around the filters and results shows: the search box, the feed, the title."""
        request = self.request
        return {
            "result": run,
            "selected": {key: request.GET.get(key, "") for key in FILTER_KEYS},
            "hidden_filters": hidden_fields(request, exclude={"q"}),
        }

    def get_context_data(self, **kwargs):
        request = self.request
        run = run_search(self.filterset)
        # The count, the page's ids and the facets from the shared cache when it has them.
        results = search_cache.cached_results(self.filterset, run.results, request) if run.valid else None
        page = paginate(request, results if run.valid else Article.objects.none())
        parsed = run.results.parsed if run.valid else None
        for article in page.object_list:
            if "snippet_html" not in article.__dict__:  # else the search cache's (web/search_cache.py)
                article.snippet_html = snippet(article, parsed) if parsed is not None else ""
        facets = search_cache.cached_facets(
            self.filterset, request, lambda: selectors.search_facets(self.filterset, total=page.paginator.count),
        ) if run.valid else Facets()
        days = getattr(facets, "days_by_language", [])
        selected = {key: request.GET.get(key, "") for key in FILTER_KEYS}
        sort_default = "relevance" if run.query else "newest"
        sort_options = [(value, label) for value, label in SORT_CHOICES if run.query or value != "relevance"]
        return {
            **super().get_context_data(**kwargs),
            **self.frame_context(run),
            "page": page,
            "total": page.paginator.count,
            # Above SEARCH_COUNT_THRESHOLD matches the count is estimated (archive.search.results.Total).
            "total_approximate": page.paginator.approximate,
            "searched": any(selected[key] for key in FILTER_KEYS if key != "sort"),
            "facet_groups": facet_groups(request, facets),
            "filter_count": len(FACET_KEYS) + 1,  # the facets and the dates
            # The chart shows dated articles only: say how many it leaves out.
            "undated": getattr(facets, "undated", 0),
            "facets_approximate": getattr(facets, "approximate", False),
            "active_filters": active_filters(request, facets),
            "hidden_dates": hidden_fields(request, exclude={"date_from", "date_to"}),
            **suggestion_context(request, run.query, found=page.paginator.count),
            "sort_options": sort_options,
            "export_cap": export_cap(),
            "current_sort": selected["sort"] if selected["sort"] in dict(sort_options) else sort_default,
            # The date facet's (day, language) rows: the chart costs no query of its own.
            "chart": bar_chart(
                days, title=_("Matching articles over time"), series_order=LANGUAGE_ORDER,
                series_labels={code: language_label(code) for code in {code for _day, code, _n in days}},
                link=narrowing_link(request),
            ) if run.valid else "",
        }

    def render_to_response(self, context, **response_kwargs):
        # Bad parameters are the reader's to fix: the page says why, with 400 (not a page of results).
        status = 200 if context["result"].valid else 400
        return super().render_to_response(context, status=status, **response_kwargs)


search = SearchView.as_view()


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
    run = search_request(request)
    if not run.valid:
        return HttpResponseBadRequest("\n".join(run.errors), content_type="text/plain; charset=utf-8")
    return export_response(request, run.results, fmt=fmt, full_text=request.GET.get("text") in ("1", "true", "yes"))
