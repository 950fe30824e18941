"""The read-only JSON API: articles (search, filters, facets), people, events."""
from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from archive.models import Article, Event, EventArticle, Mention, Person
from archive.search.facets import compute_facets
from archive.web.filters import MAX_PAGE, ArticleFilter

from .serializers import (
    ArticleDetailSerializer,
    ArticleListSerializer,
    EventSerializer,
    PersonSerializer,
)


class Pagination(PageNumberPagination):
    """``{"count": n, "results": [...]}``; pages are capped at MAX_PAGE."""

    page_size = 20
    max_page = MAX_PAGE

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


def _visible_mentions():
    return Prefetch(
        "mentions",
        queryset=Mention.objects.filter(person__hidden=False).select_related("person__merged_into"),
        to_attr="visible_mentions",
    )


@extend_schema(
    summary="Search articles",
    description=(
        "Full-text search with filters. `q` supports words (all must match, any inflected form), "
        '`"exact phrase"`, `OR`, `-excluded` and `prefix*`; a name matches its forms in every script. '
        "The response carries facet counts for the whole filtered set."
    ),
)
class ArticleList(generics.ListAPIView):
    serializer_class = ArticleListSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ArticleFilter
    pagination_class = ArticlePagination

    def get_queryset(self):
        return Article.objects.select_related("outlet").prefetch_related(_visible_mentions())

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["query"] = (self.request.query_params.get("q") or "").strip()
        return context


class ArticleDetail(generics.RetrieveAPIView):
    serializer_class = ArticleDetailSerializer
    queryset = Article.objects.select_related("outlet").prefetch_related("cited_outlets")


def _people():
    return (
        Person.objects.filter(hidden=False, merged_into__isnull=True)
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
            from archive.nlp.keys import name_key

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
        rejected = getattr(EventArticle.Source, "REJECTED", None)
        linked = Count("eventarticle", filter=~Q(eventarticle__source=rejected), distinct=True)
        return Event.objects.annotate(article_count=linked).order_by("-start_date", "name_en")

