"""Facet counts for a filtered set of articles: language, outlet, person, event, date.

Every facet is counted on the queryset the results come from (one grouped query
per facet), so the numbers always add up to what a click on them shows.
"""
from __future__ import annotations

from collections import OrderedDict
from datetime import date

from django.db.models import Count
from django.utils.translation import get_language, get_language_info

from archive.models import EventArticle, Mention

#: Facet values listed at most (the most frequent first).
FACET_LIMIT = 20
#: Wider date ranges are counted per month instead of per day.
DAILY_SPAN_DAYS = 92


def language_label(code: str) -> str:
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code or "?"


def event_label(name_en: str, name_ru: str, name_uk: str) -> str:
    """The event's name in the active language, else English."""
    by_language = {"ru": name_ru, "uk": name_uk}
    return by_language.get((get_language() or "en")[:2]) or name_en


def _articles(queryset):
    # Ordering and rank are irrelevant to counts; dropping them keeps the SQL lean.
    return queryset.order_by()


def language_facet(queryset) -> list[dict]:
    rows = _articles(queryset).values("language").annotate(count=Count("id")).order_by("-count", "language")
    return [{"value": r["language"], "label": language_label(r["language"]), "count": r["count"]} for r in rows]


def outlet_facet(queryset) -> list[dict]:
    rows = (
        _articles(queryset).filter(outlet__isnull=False)
        .values("outlet__slug", "outlet__name").annotate(count=Count("id"))
        .order_by("-count", "outlet__name")[:FACET_LIMIT]
    )
    return [{"value": r["outlet__slug"], "label": r["outlet__name"], "count": r["count"]} for r in rows]


def person_facet(queryset) -> list[dict]:
    rows = (
        Mention.objects.filter(article__in=_articles(queryset).values("pk"))
        .filter(person__hidden=False, person__merged_into__isnull=True)
        .values("person__slug", "person__name").annotate(count=Count("article_id", distinct=True))
        .order_by("-count", "person__name")[:FACET_LIMIT]
    )
    return [{"value": r["person__slug"], "label": r["person__name"], "count": r["count"]} for r in rows]


def event_links():
    """Links from articles to events that count (not the ones an editor detached)."""
    rejected = getattr(EventArticle.Source, "REJECTED", None)
    links = EventArticle.objects.all()
    return links.exclude(source=rejected) if rejected else links


def event_facet(queryset) -> list[dict]:
    rows = (
        event_links().filter(article__in=_articles(queryset).values("pk"))
        .values("event__slug", "event__name_en", "event__name_ru", "event__name_uk")
        .annotate(count=Count("article_id", distinct=True))
        .order_by("-count", "event__name_en")[:FACET_LIMIT]
    )
    return [
        {
            "value": r["event__slug"],
            "label": event_label(r["event__name_en"], r["event__name_ru"], r["event__name_uk"]),
            "count": r["count"],
        }
        for r in rows
    ]


def date_facet(queryset) -> list[dict]:
    """Articles per day, or per month when the dates span more than about three months."""
    rows = (
        _articles(queryset).filter(published__isnull=False)
        .values("published").annotate(count=Count("id")).order_by("published")
    )
    days: list[tuple[date, int]] = [(r["published"], r["count"]) for r in rows]
    if not days:
        return []
    if (days[-1][0] - days[0][0]).days <= DAILY_SPAN_DAYS:
        return [{"value": d.isoformat(), "label": d.isoformat(), "count": n} for d, n in days]
    months: OrderedDict[str, int] = OrderedDict()
    for day, n in days:
        key = f"{day.year:04d}-{day.month:02d}"
        months[key] = months.get(key, 0) + n
    return [{"value": key, "label": key, "count": n} for key, n in months.items()]


def compute_facets(queryset) -> dict[str, list[dict]]:
    """Counts per language, outlet, person, event and date for the articles of ``queryset``."""
    return {
        "language": language_facet(queryset),
        "outlet": outlet_facet(queryset),
        "person": person_facet(queryset),
        "event": event_facet(queryset),
        "date": date_facet(queryset),
    }

