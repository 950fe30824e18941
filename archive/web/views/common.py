"""Helpers shared by the reader's views."""
from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import get_language_info

from archive.web.charts import Bucket, bar_chart
from archive.web.selectors import counts_by_day

PER_PAGE = 20
#: Series order for charts split by language: the archive's main languages first.
LANGUAGE_ORDER = ["ru", "uk", "en"]


def paginate(request, queryset, *, per_page: int = PER_PAGE) -> Page:
    """The requested page; a missing, malformed or out-of-range number gives the nearest valid page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def language_label(code: str) -> str:
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code or "?"


def day_link(bucket: Bucket) -> str:
    """The date archive page for a chart bar (a day, month or year)."""
    start = bucket.start
    if bucket.start == bucket.end:
        return reverse("web:archive-day", args=[start.year, f"{start.month:02d}", f"{start.day:02d}"])
    if bucket.start.year == bucket.end.year and bucket.start.month == bucket.end.month:
        return reverse("web:archive-month", args=[start.year, f"{start.month:02d}"])
    return reverse("web:archive-year", args=[start.year])


def language_chart(articles: QuerySet, *, title: str, link=day_link, width: int = 640):
    """Articles over time, stacked by language (``width``: 320 suits a side column)."""
    rows = counts_by_day(articles, by_language=True)
    labels = {code: language_label(code) for _day, code, _n in rows}
    return bar_chart(rows, title=title, series_order=LANGUAGE_ORDER, series_labels=labels, link=link, width=width)
