"""The date archive: years, months and days, each with previous/next navigation."""
import calendar
from datetime import date

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from archive.models import Article
from archive.web import selectors
from archive.web.views.common import language_chart, paginate

PERIOD_TEMPLATE = "web/archive_period.html"


def _valid_date(year: int, month: int = 1, day: int = 1) -> date:
    """The date, or a 404 for an impossible one (2026-02-30, month 13, year 0)."""
    try:
        return date(year, month, day)
    except (ValueError, OverflowError):
        raise Http404(_("There is no such date.")) from None


def period_url(level: str, day: date | None) -> str:
    """The archive page of the year, month or day containing ``day`` ("" when there is none)."""
    if day is None:
        return ""
    if level == "year":
        return reverse("web:archive-year", args=[day.year])
    if level == "month":
        return reverse("web:archive-month", args=[day.year, f"{day.month:02d}"])
    return reverse("web:archive-day", args=[day.year, f"{day.month:02d}", f"{day.day:02d}"])


def archive_index(request):
    context = {"years": selectors.year_counts(), "undated": Article.objects.filter(published__isnull=True).count()}
    return render(request, "web/archive_index.html", context)


def _period_context(level: str, *, start: date, end: date):
    """What every year, month and day page shows, and the period's articles for the rest."""
    articles = Article.objects.filter(published__range=(start, end))
    previous, following = selectors.neighbour_dates(start=start, end=end)
    context = {
        "level": level,
        "start": start,
        "total": articles.count(),
        "previous": previous,
        "next": following,
        "previous_url": period_url(level, previous),
        "next_url": period_url(level, following),
    }
    return context, articles


def archive_year(request, year: int):
    context, articles = _period_context("year", start=_valid_date(year), end=_valid_date(year, 12, 31))
    context["months"] = selectors.month_counts(year=year)
    context["chart"] = language_chart(articles, title=_("Articles per day"))
    return render(request, PERIOD_TEMPLATE, context)


def archive_month(request, year: int, month: int):
    start = _valid_date(year, month)
    context, articles = _period_context(
        "month", start=start, end=_valid_date(year, month, calendar.monthrange(year, month)[1]),
    )
    context["days"] = selectors.day_counts(year=year, month=month)
    context["chart"] = language_chart(articles, title=_("Articles per day"))
    context["page"] = paginate(request, selectors.article_list(articles.order_by("-published", "-id")))
    return render(request, PERIOD_TEMPLATE, context)


def archive_day(request, year: int, month: int, day: int):
    start = _valid_date(year, month, day)
    context, articles = _period_context("day", start=start, end=start)
    context["page"] = paginate(request, selectors.article_list(articles.order_by("language", "-id")))
    return render(request, PERIOD_TEMPLATE, context)
