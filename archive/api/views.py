"""The read-only JSON API: articles (search, filters, facets), people, events."""
from __future__ import annotations

from django import forms
from django.db.models import Count, Q
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from archive.models import Article, Person
from archive.nlp.keys import name_key
from archive.search.facets import compute_facets
from archive.web import selectors
from archive.web.filters import MAX_PAGE, ArticleFilter

from .serializers import (
    ArticleDetailSerializer,
    ArticleListSerializer,
    EventSerializer,
    PersonSerializer,
)


class Pagination(PageNumberPagination):
    """``{"count": n, "results": [...]}``; pages beyond MAX_PAGE are refused (400).

    The page number is checked by the same rule as ArticleFilter's ``page`` (a
    whole number from 1 to MAX_PAGE), so every list answers a bad page alike.
    """

    page_size = 20
    last_page_strings = ()  # "last" would reach past the cap on a big archive
    page_field = forms.IntegerField(min_value=1, max_value=MAX_PAGE)

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        if raw in (None, ""):
            return 1
        try:
            return self.page_field.clean(raw)
        except forms.ValidationError as error:
            raise ValidationError({self.page_query_param: error.messages}) from error

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"].update(minimum=1, maximum=MAX_PAGE)
                parameter["description"] = f"A page number from 1 to {MAX_PAGE}."
        return parameters

    def get_paginated_response(self, data):
        return Response({"count": self.page.paginator.count, "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "results"],
            "properties": {"count": {"type": "integer"}, "results": schema},
        }


class ArticlePagination(Pagination):
    """Adds the facet counts of the whole filtered set (not just the page)."""

    def paginate_queryset(self, queryset, request, view=None):
        self.filtered = queryset
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["facets"] = compute_facets(self.filtered)
        return response

    def get_paginated_response_schema(self, schema):
        base = super().get_paginated_response_schema(schema)
        base["required"].append("facets")
        item = {
            "type": "object",
            "required": ["value", "label", "count"],
            "properties": {
                "value": {"type": "string"}, "label": {"type": "string"}, "count": {"type": "integer"},
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
        "The response carries facet counts for the whole filtered set."
    ),
)
class ArticleList(generics.ListAPIView):
    serializer_class = ArticleListSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ArticleFilter
    pagination_class = ArticlePagination

    def get_queryset(self):
        return selectors.article_list()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["query"] = (self.request.query_params.get("q") or "").strip()
        return context


class ArticleDetail(generics.RetrieveAPIView):
    serializer_class = ArticleDetailSerializer
    queryset = Article.objects.select_related("outlet").prefetch_related("cited_outlets")


def _people():
    return (
        selectors.visible_people()
        .annotate(article_count=Count("mentions__article", distinct=True))
        .prefetch_related("names")
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

