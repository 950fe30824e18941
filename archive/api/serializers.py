"""Serializers of the read-only JSON API."""
from __future__ import annotations

from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from archive.models import Article, Event, EventArticle, Outlet, Person, PersonName
from archive.search.snippets import snippet
from archive.web.links import page_url


def article_url(request, article_id: int) -> str:
    """The reader's page of an article (every search hit has one: archive.web.links)."""
    path = page_url("web:article", article_id)
    return request.build_absolute_uri(path) if request else path


class OutletSerializer(serializers.ModelSerializer):
    class Meta:
        model = Outlet
        fields = ["slug", "name"]


class PersonRefSerializer(serializers.ModelSerializer):
    """``name`` is the stable (Latin) name; ``display_name`` the one in the request's language."""

    display_name = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["id", "name", "display_name"]

    def get_display_name(self, person) -> str:
        return person.name_in(get_language())


class PersonNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = PersonName
        fields = ["name", "language", "kind"]


class EventRefSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = ["id", "slug", "name"]

    def get_name(self, event) -> str:
        return event.name_in(get_language())


class _ArticleBase(serializers.ModelSerializer):
    outlet = OutletSerializer(allow_null=True)
    url = serializers.SerializerMethodField()

    def get_url(self, article) -> str:
        return article_url(self.context.get("request"), article.pk)


class ArticleListSerializer(_ArticleBase):
    """One search hit: the article, its visible people and the best passage for the query.

    Expects the articles of :func:`archive.web.selectors.article_list` (``visible_mentions``).
    """

    people = serializers.SerializerMethodField()
    snippet = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = ["id", "title", "published", "language", "outlet", "people", "snippet", "url"]

    @extend_schema_field(PersonRefSerializer(many=True))
    def get_people(self, article):
        language = get_language()
        return [{"id": m.person.id, "name": m.person.name, "display_name": m.person.name_in(language)}
                for m in article.visible_mentions]

    @extend_schema_field(OpenApiTypes.STR)
    def get_snippet(self, article) -> str:
        query = self.context.get("query")  # the search's ParsedQuery, if there is a query
        if query is not None and not query.is_empty:
            cached = article.__dict__.get("snippet_html")  # from the search cache (web/search_cache.py)
            return str(cached if cached is not None else snippet(article, query))
        text = article.lead or article.body
        return escape(text[:240] + ("…" if len(text) > 240 else ""))


class PersonInArticleSerializer(PersonRefSerializer):
    names = PersonNameSerializer(many=True)

    class Meta:
        model = Person
        fields = ["id", "name", "display_name", "slug", "names"]


class ArticleDetailSerializer(_ArticleBase):
    """An article in full: text, people with all their names, events, outlets cited."""

    people = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()
    cited_outlets = OutletSerializer(many=True)

    class Meta:
        model = Article
        fields = [
            "id", "title", "lead", "body", "published", "date_inferred", "language", "outlet",
            "author", "place", "tags", "people", "events", "cited_outlets", "url",
        ]

    @extend_schema_field(PersonInArticleSerializer(many=True))
    def get_people(self, article):
        people = (Person.objects.visible().filter(mentions__article=article)
                  .prefetch_related("names").with_display_names())
        return PersonInArticleSerializer(people, many=True).data

    @extend_schema_field(EventRefSerializer(many=True))
    def get_events(self, article):
        events = Event.objects.filter(pk__in=EventArticle.objects.counted().filter(article=article).values("event_id"))
        return EventRefSerializer(events, many=True).data


class PersonSerializer(PersonRefSerializer):
    """A person with every name form, in every language, and how many articles mention them.

    ``display_name`` is the name in the request's language (``Accept-Language``), see ``Person.name_in``.
    """

    names = PersonNameSerializer(many=True)
    article_count = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["id", "slug", "name", "display_name", "description", "names", "article_count", "url"]

    def get_url(self, person) -> str:
        request = self.context.get("request")
        path = reverse("api:person-detail", args=[person.pk])
        return request.build_absolute_uri(path) if request else path


class EventSerializer(serializers.ModelSerializer):
    article_count = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    articles = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "id", "slug", "name_en", "name_ru", "name_uk", "start_date", "end_date",
            "place", "place_ru", "place_uk", "description", "description_ru", "description_uk",
            "article_count", "url", "articles",
        ]

    def get_url(self, event) -> str:
        return _absolute(self.context.get("request"), reverse("api:event-detail", args=[event.slug]))

    def get_articles(self, event) -> str:
        """The search of this event's articles."""
        return _absolute(self.context.get("request"), reverse("api:article-list") + f"?event={event.slug}")


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request else path


class OutletListSerializer(serializers.ModelSerializer):
    """An outlet, how many articles it published and how many cite it."""

    published_count = serializers.IntegerField()
    cited_count = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    articles = serializers.SerializerMethodField()
    citing_articles = serializers.SerializerMethodField()

    class Meta:
        model = Outlet
        fields = ["slug", "name", "kind", "language", "country", "domain", "homepage",
                  "published_count", "cited_count", "url", "articles", "citing_articles"]

    def get_url(self, outlet) -> str:
        return _absolute(self.context.get("request"), reverse("api:outlet-detail", args=[outlet.slug]))

    def get_articles(self, outlet) -> str:
        """The search of the articles it published."""
        return _absolute(self.context.get("request"), reverse("api:article-list") + f"?outlet={outlet.slug}")

    def get_citing_articles(self, outlet) -> str:
        """The search of the articles that cite it."""
        return _absolute(self.context.get("request"), reverse("api:article-list") + f"?cites={outlet.slug}")


class OutletDetailSerializer(OutletListSerializer):
    names = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")

    class Meta(OutletListSerializer.Meta):
        fields = [*OutletListSerializer.Meta.fields, "names"]
