"""The read-only JSON API: articles (search, filters, facets), people, events."""
from __future__ import annotations

import json

from django import forms
from django.db.models import Count, Q
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import BaseRenderer
from rest_framework.settings import api_settings
from rest_framework.response import Response

from archive.models import Article, Person
from archive.text.keys import name_key
from archive.web import search_cache, selectors
from archive.web.export import FORMATS, export_response
from archive.search.paging import SearchPaginator
from archive.web.filters import MAX_PAGE, ArticleFilter
from archive.web.querystrings import changed_query

#: The most items one page of a list may hold (``page_size``).
MAX_PAGE_SIZE = 100

from .serializers import (
    ArticleDetailSerializer,
    ArticleListSerializer,
    EventSerializer,
    OutletDetailSerializer,
    OutletListSerializer,
    PersonSerializer,
)


class CSVExportRenderer(BaseRenderer):
    """Names ``format=csv`` for content negotiation; the body is streamed by archive.web.export."""

    media_type = "text/csv"
    format = "csv"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return json.dumps(data).encode()  # only errors (a 400) are rendered here


class JSONLinesExportRenderer(CSVExportRenderer):
    media_type = "application/x-ndjson"
    format = "jsonl"


class Pagination(PageNumberPagination):
    """``{"count": n, "next": url, "previous": url, "results": [...]}``; pages beyond MAX_PAGE are refused (400).

    ``page_size`` (1 to MAX_PAGE_SIZE, default 20) sets the items per page. Both
    numbers are checked like ArticleFilter's ``page`` (a whole number in range), so
    every list answers a bad value alike; ``next`` is null on the last page served,
    so following it walks every page a client may ask for.
    """

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    last_page_strings = ()  # "last" would reach past the cap on a big archive
    page_field = forms.IntegerField(min_value=1, max_value=MAX_PAGE)
    page_size_field = forms.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE)

    def _checked(self, request, name: str, field: forms.IntegerField, default: int) -> int:
        raw = request.query_params.get(name)
        if raw in (None, ""):
            return default
        try:
            return field.clean(raw)
        except forms.ValidationError as error:
            raise ValidationError({name: error.messages}) from error

    def get_page_number(self, request, paginator):
        return self._checked(request, self.page_query_param, self.page_field, 1)

    def get_page_size(self, request):
        return self._checked(request, self.page_size_query_param, self.page_size_field, self.page_size)

    def _link(self, number: int) -> str:
        # From the decoded parameters, not the raw query string: DRF's link helper re-parses
        # QUERY_STRING, which WSGI gives as Latin-1, garbling a raw UTF-8 ``q=мост``.
        query = changed_query(self.request.query_params, **{self.page_query_param: number if number > 1 else None})
        return self.request.build_absolute_uri(self.request.path) + (query if query != "?" else "")

    def get_next_link(self):
        if not self.page.has_next() or self.page.number >= MAX_PAGE:  # past the cap it would be refused
            return None
        return self._link(self.page.number + 1)

    def get_previous_link(self):
        return self._link(self.page.number - 1) if self.page.has_previous() else None

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"].update(minimum=1, maximum=MAX_PAGE)
                parameter["description"] = f"A page number from 1 to {MAX_PAGE}."
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=MAX_PAGE_SIZE)
                parameter["description"] = f"Items per page, from 1 to {MAX_PAGE_SIZE} (default {self.page_size})."
        return parameters

    def get_paginated_response(self, data):
        return Response({
            "count": self.page.paginator.count,
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": data,
        })

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True,
                "description": "The URL of the next (or previous) page, or null"}
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {"count": {"type": "integer"}, "next": link, "previous": link, "results": schema},
        }


class ArticlePagination(Pagination):
    """Adds the facet counts of the whole filtered set (not just the page), computed by the view
    (selectors.search_facets: a facet with values selected is counted without its own filter),
    and ``count_approximate``: above ``SEARCH_COUNT_THRESHOLD`` matches ``count`` is estimated
    from a sample and the pages end within the threshold (archive.search.paging)."""

    django_paginator_class = SearchPaginator

    def get_paginated_response(self, data, *, facets=None):
        response = super().get_paginated_response(data)
        response.data["count_approximate"] = self.page.paginator.approximate
        response.data["facets"] = facets if facets is not None else {}
        return response

    def get_paginated_response_schema(self, schema):
        base = super().get_paginated_response_schema(schema)
        base["required"] += ["count_approximate", "facets"]
        base["properties"]["count_approximate"] = {
            "type": "boolean",
            "description": "True when `count` is estimated from a sample of the matches (searches with more "
                           "matches than the server's exact-count threshold, 10,000 by default), rounded to two "
                           "significant digits; the pages then end within the threshold (`next` is null there).",
        }
        item = {
            "type": "object",
            "required": ["value", "label", "count", "approximate"],
            "properties": {
                "value": {"type": "string"}, "label": {"type": "string"}, "count": {"type": "integer"},
                "approximate": {
                    "type": "boolean",
                    "description": "True when the count is estimated from a sample of the matches "
                                   "(searches with more matches than the server's sampling threshold), "
                                   "rounded to two significant digits.",
                },
            },
        }
        names = ["language", "outlet", "person", "event", "date"]
        base["properties"]["facets"] = {
            "type": "object",
            "required": names,
            "properties": {name: {"type": "array", "items": item} for name in names},
        }
        return base


@extend_schema(
    summary="Search articles",
    description=(
        "Full-text search with filters. `q` supports words (all must match, any inflected form), "
        '`"exact phrase"`, `AND`, `OR`, `NOT` (or `-excluded`), parentheses and `prefix*`; '
        "a name matches its forms in every script. A filter may be repeated (`language=ru&language=uk`): "
        "any of its values matches, and different filters must all match. "
        "The response carries facet counts for the whole filtered set. "
        "`format=csv` (UTF-8 with a BOM) or `format=jsonl` downloads every matching article instead of a page "
        "(at most 100,000; `text=1` adds the full text)."
    ),
)
class ArticleList(generics.ListAPIView):
    serializer_class = ArticleListSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ArticleFilter
    pagination_class = ArticlePagination
    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, CSVExportRenderer, JSONLinesExportRenderer]

    def list(self, request, *args, **kwargs):
        fmt = request.query_params.get("format")
        # A search asked before under the same archive generation: its whole answer (the same
        # for every reader of the language) from the cache, without the parameters' check or
        # any query (archive.web.search_cache.answer_key). JSON only: the browsable API's page
        # also shows the paginator's controls, which only a computed answer sets up.
        json_answer = fmt not in FORMATS and request.accepted_renderer.format == "json"
        answer_key = search_cache.answer_key(request._request, "api") if json_answer else None
        answer = search_cache.kept_answer(answer_key)
        if answer is not None:
            return Response(answer)
        # The filter backend builds the filterset (and answers 400 for bad parameters, as
        # DRF's own filtering does); the page, the count and the facets come from its results.
        filterset = DjangoFilterBackend().get_filterset(request, Article.objects.all(), self)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        results = filterset.results(prepare=selectors.article_list)
        if fmt in FORMATS:  # every match, streamed: archive.web.export
            return export_response(request._request, results, fmt=fmt,
                                   full_text=request.query_params.get("text") in ("1", "true", "yes"))
        # The count, the page's ids and the facets from the shared cache when it has them.
        results = search_cache.cached_results(filterset, results, request)
        page = self.paginate_queryset(results)
        serializer = self.get_serializer(page, many=True, context={**self.get_serializer_context(),
                                                                   "query": results.parsed})
        total = self.paginator.page.paginator.count
        facets = search_cache.cached_facets(filterset, request,
                                            lambda: selectors.search_facets(filterset, total=total))
        response = self.paginator.get_paginated_response(serializer.data, facets=facets)
        search_cache.keep_answer(answer_key, response.data)
        return response

    def get_queryset(self):
        return selectors.article_list()


class ArticleDetail(generics.RetrieveAPIView):
    serializer_class = ArticleDetailSerializer
    queryset = Article.objects.select_related("outlet").prefetch_related("cited_outlets")


def _people():
    return (
        Person.objects.visible()
        .annotate(article_count=Count("mentions__article", distinct=True))
        .prefetch_related("names")
        .with_display_names()
    )


@extend_schema(parameters=[OpenApiParameter("q", str, description="Part of a name, in any script")])
class PersonList(generics.ListAPIView):
    serializer_class = PersonSerializer
    pagination_class = Pagination

    def get_queryset(self):
        people = _people().order_by("-article_count", "name")
        q = (self.request.query_params.get("q") or "").replace("\x00", "").strip()[:200]
        if q:
            match = Q(name__icontains=q) | Q(names__name__icontains=q)
            key = name_key(q)
            if key:
                match |= Q(names__key__contains=key)
            people = people.filter(pk__in=Person.objects.filter(match).values("pk"))
        return people


class PersonDetail(generics.RetrieveAPIView):
    serializer_class = PersonSerializer

    def get_queryset(self):
        return _people()


class EventList(generics.ListAPIView):
    serializer_class = EventSerializer
    pagination_class = Pagination

    def get_queryset(self):
        return selectors.events_with_counts()



class EventDetail(generics.RetrieveAPIView):
    """One event by its slug."""

    serializer_class = EventSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.events_with_counts()


def _outlets(*, only_used: bool = True):
    return selectors.outlets_with_counts(only_used=only_used).prefetch_related("names")


@extend_schema(summary="Outlets that published or are cited by an article")
class OutletList(generics.ListAPIView):
    serializer_class = OutletListSerializer
    pagination_class = Pagination

    def get_queryset(self):
        return _outlets()


@extend_schema(summary="One outlet by its slug, with its other names")
class OutletDetail(generics.RetrieveAPIView):
    serializer_class = OutletDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return _outlets(only_used=False)
