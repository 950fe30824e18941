"""Reads for the reader's pages: small selector functions with keyword-only arguments."""
from __future__ import annotations

from datetime import date

from django.db.models import Count, F, IntegerField, Max, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncMonth, TruncYear

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from archive.models import Article, Event, EventArticle, Mention, Outlet, Person, display_names_prefetch
from archive.models.person import needs_local_name
from archive.nlp.linking import resolve
from archive.search.facets import Facets, compute_facets
from archive.web.filters import FACET_KEYS


def person_for_slug(slug: str) -> Person:
    """The visible person for ``slug``, following merges; 404 for unknown or hidden people."""
    person = resolve(get_object_or_404(Person, slug=slug))
    if person.hidden or person.merged_into_id:
        raise Http404(_("No such person."))
    return person


def article_list(queryset: QuerySet[Article] | None = None) -> QuerySet[Article]:
    """Articles with what a result row shows (outlet, visible people and the names they are
    shown by in the active language, see ``Person.name_in``) fetched up front.

    Only the active language's names are read (a result page names a hundred people or more,
    each with names in several languages), and none where the people are shown by their
    own ``name`` (English): ``name_in`` then reads no name at all. Rows read this way show
    the active language's names, as every page and API response does.
    """
    queryset = Article.objects.all() if queryset is None else queryset
    prefetches = [Prefetch("mentions", queryset=Mention.objects.of_visible_people().select_related("person")
                           .order_by("-count", "first_position"), to_attr="visible_mentions")]
    language = get_language()
    if needs_local_name(language):
        names = display_names_prefetch("visible_mentions__person__names")
        prefetches.append(Prefetch(names.prefetch_through, to_attr=names.to_attr,
                                   queryset=names.queryset.filter(language=language[:2].lower())))
    return queryset.select_related("outlet").prefetch_related(*prefetches)


def newest_articles(*, limit: int = 10) -> list[Article]:
    return list(article_list(Article.objects.order_by("-published", "-id"))[:limit])


def most_mentioned_people(*, limit: int = 10, articles: QuerySet[Article] | None = None) -> list[Person]:
    """People ordered by the number of articles mentioning them (``articles`` narrows the count)."""
    condition = Q(mentions__article__in=articles) if articles is not None else Q()
    return list(
        Person.objects.visible()
        .annotate(article_count=Count("mentions__article", filter=condition, distinct=True))
        .filter(article_count__gt=0)
        .order_by("-article_count", "name")
        .with_display_names()[:limit]
    )


def event_articles(event: Event) -> QuerySet[Article]:
    """The articles covering ``event`` (links an editor rejected do not count)."""
    return Article.objects.filter(pk__in=EventArticle.objects.counted().filter(event=event).values("article"))


def events_with_counts() -> QuerySet[Event]:
    """Events with ``article_count``, newest first."""
    counted = EventArticle.objects.counted().filter(event=OuterRef("pk")).order_by().values("event")
    counted = counted.annotate(n=Count("article", distinct=True)).values("n")
    return Event.objects.annotate(
        article_count=Coalesce(Subquery(counted, output_field=IntegerField()), 0)
    ).order_by(F("start_date").desc(nulls_last=True), "name_en")


def latest_events(*, limit: int = 5) -> list[Event]:
    return list(events_with_counts()[:limit])


def counts_by_day(articles: QuerySet[Article], *, by_language: bool = False) -> list[tuple[date, str, int]]:
    """``(day, series, count)`` rows for the charts; series is the language or "all"."""
    fields = ["published", "language"] if by_language else ["published"]
    rows = (
        articles.order_by().exclude(published__isnull=True)
        .values(*fields).annotate(n=Count("id", distinct=True))
    )
    return [(row["published"], row["language"] if by_language else "all", row["n"]) for row in rows]


def co_mentioned_people(person: Person, *, limit: int = 12) -> list[Person]:
    """People mentioned in the same articles as ``person``, most shared articles first."""
    shared = Article.objects.filter(mentions__person=person)
    return list(
        Person.objects.visible().exclude(pk=person.pk)
        .annotate(shared=Count("mentions__article", filter=Q(mentions__article__in=shared), distinct=True))
        .filter(shared__gt=0)
        .order_by("-shared", "name")
        .with_display_names()[:limit]
    )


def person_articles(person: Person) -> QuerySet[Article]:
    return article_list(Article.objects.filter(mentions__person=person).distinct().order_by("-published", "-id"))


def languages_with_counts() -> list[dict]:
    """Each article language with its number of articles, biggest first."""
    return list(
        Article.objects.order_by().values("language").annotate(count=Count("id")).order_by("-count", "language")
    )


def outlets_with_counts(*, only_used: bool = True) -> QuerySet[Outlet]:
    """Outlets with ``published_count`` and ``cited_count``; ``only_used``: those with an article either way."""
    outlets = Outlet.objects.annotate(
        published_count=Count("articles", distinct=True),
        cited_count=Count("citing_articles", distinct=True),
    )
    if only_used:
        outlets = outlets.filter(Q(published_count__gt=0) | Q(cited_count__gt=0))
    return outlets.order_by("name")


def year_counts() -> list[dict]:
    """``{"period": date, "count": n}`` for every year with articles, newest first."""
    return list(
        Article.objects.exclude(published__isnull=True).order_by()
        .annotate(period=TruncYear("published")).values("period")
        .annotate(count=Count("id")).order_by("-period")
    )


def month_counts(*, year: int) -> list[dict]:
    return list(
        Article.objects.filter(published__year=year).order_by()
        .annotate(period=TruncMonth("published")).values("period")
        .annotate(count=Count("id")).order_by("period")
    )


def day_counts(*, year: int, month: int) -> list[dict]:
    return list(
        Article.objects.filter(published__year=year, published__month=month).order_by()
        .values("published").annotate(count=Count("id")).order_by("published")
    )


def neighbour_dates(*, start: date, end: date) -> tuple[date | None, date | None]:
    """The nearest publication dates before ``start`` and after ``end`` (for previous/next)."""
    before = Article.objects.filter(published__lt=start).aggregate(d=Max("published"))["d"]
    after = Article.objects.filter(published__gt=end).aggregate(d=Min("published"))["d"]
    return before, after


def search_facets(filterset, *, total: int | None = None) -> Facets:
    """The facets of a valid search (an ArticleFilter), for the page and the API alike.

    A facet with values selected is counted without its own filter, so a second
    value can still be chosen (``language=ru`` keeps "Ukrainian (1)" to add): one
    more statement per such facet, as Datasette and Aleph count theirs; that statement counts
    the one facet it replaces, not all five again (and the outlets, people and events the
    search names are looked up once for all of them). ``total``: the search's match count,
    when the caller has it (it decides whether the facets sample).
    """
    facets = compute_facets(filterset.results(), total=total)
    for key in FACET_KEYS:
        if not [value for value in filterset.data.getlist(key) if value]:
            continue
        data = filterset.data.copy()
        data.pop(key)
        widened = type(filterset)(data=data, queryset=filterset.queryset, request=filterset.request,
                                  parsed_query=filterset.parsed_query, checked_slugs=filterset.checked_slugs)
        if widened.is_valid():
            facets[key] = compute_facets(widened.results(), names=(key,))[key]
    return facets
