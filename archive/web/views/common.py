"""Helpers shared by the reader's views."""
from __future__ import annotations

from django.core.paginator import Page
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import cached_property

from archive.search.paging import SearchPaginator
from archive.web.charts import Bucket, bar_chart
from archive.web.filters import MAX_PAGE
from archive.text.languages import language_label
from archive.web.selectors import counts_by_day

PER_PAGE = 20
#: Series order for charts split by language: the archive's main languages first.
LANGUAGE_ORDER = ["ru", "uk", "en"]


class CappedPaginator(SearchPaginator):
    """Serves at most ``max_pages`` pages, like the search filters and the API (deep pages help no reader);
    a search's estimated count pages over the matches known to exist (archive.search.paging)."""

    def __init__(self, object_list, per_page, *, max_pages: int = MAX_PAGE, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.max_pages = max_pages

    @cached_property
    def uncapped_pages(self) -> int:
        """How many pages there would be without the cap."""
        return SearchPaginator.num_pages.func(self)

    @cached_property
    def num_pages(self) -> int:
        return min(self.uncapped_pages, self.max_pages)

    @cached_property
    def capped(self) -> bool:
        """Whether some matching items lie (or, with an estimated count, may lie) beyond the last page served."""
        return self.uncapped_pages > self.max_pages or self.approximate


def paginate(request, queryset, *, per_page: int = PER_PAGE) -> Page:
    """The requested page, at most MAX_PAGE; a missing, malformed or out-of-range number gives the nearest one.

    ``page.page_numbers``: the numbers to link, always the first and the last, two on each
    side of the current one, and ``Paginator.ELLIPSIS`` for the gaps.
    """
    paginator = CappedPaginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("page"))
    page.page_numbers = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return page


def day_link(bucket: Bucket) -> str:
    """The date archive page for a chart bar (a day, month or year)."""
    start = bucket.start
    if bucket.start == bucket.end:
        return reverse("web:archive-day", args=[start.year, f"{start.month:02d}", f"{start.day:02d}"])
    if bucket.start.year == bucket.end.year and bucket.start.month == bucket.end.month:
        return reverse("web:archive-month", args=[start.year, f"{start.month:02d}"])
    if bucket.start.year == bucket.end.year:
        return reverse("web:archive-year", args=[start.year])
    return reverse("web:archive")  # a bar of several years: the list of years


def language_chart(articles: QuerySet, *, title: str, link=day_link, width: int = 640):
    """Articles over time, stacked by language (``width``: 320 suits a side column)."""
    rows = counts_by_day(articles, by_language=True)
    labels = {code: language_label(code) for _day, code, _n in rows}
    return bar_chart(rows, title=title, series_order=LANGUAGE_ORDER, series_labels=labels, link=link, width=width)
