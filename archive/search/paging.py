"""A paginator for search results whose count may be an estimate.

Above ``SEARCH_COUNT_THRESHOLD`` matches a search's count is estimated
(:meth:`~archive.search.results.SearchResults.total`), so the pages cannot end where the
estimate says: an estimate over the real count would offer empty pages. The pages span the
matches known to exist instead (``Total.at_least``, the threshold), as Elasticsearch serves
no hit past its ``max_result_window``; the count shown stays the estimate. Up to the
threshold nothing changes: the count is exact and the pages end with the last match.
"""
from __future__ import annotations

from math import ceil

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from .results import Total


class SearchPaginator(Paginator):
    """Django's Paginator over anything with ``count()``; over search results (``total()``),
    ``count`` is the results' count (exact or estimated), ``approximate`` says which, and the
    pages end within the matches known to exist."""

    @cached_property
    def total(self) -> Total:
        """The object list's :class:`~archive.search.results.Total` (an exact one for plain lists)."""
        total = getattr(self.object_list, "total", None)
        if callable(total):
            return total()
        return Total.exact(Paginator.count.func(self))

    @cached_property
    def count(self) -> int:
        return self.total.value

    @property
    def approximate(self) -> bool:
        """Whether ``count`` is an estimate (more matches than the exact-count threshold)."""
        return self.total.approximate

    @cached_property
    def num_pages(self) -> int:
        span = self.total.at_least
        if span == 0 and not self.allow_empty_first_page:
            return 0
        return ceil(max(1, span - self.orphans) / self.per_page)

    def page(self, number):
        """Django's page, except that with an estimated count every page is read in full: more
        matches than the threshold exist, so a page is never cut at the estimate (which may lie
        below the real count and would leave the last page short)."""
        if not self.approximate:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom:bottom + self.per_page], number, self)
