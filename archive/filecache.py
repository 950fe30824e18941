"""The folder cache every process of the machine shares (``CACHE_URL`` unset or ``file://``).

Django's ``FileBasedCache`` lists its whole folder at every write to decide whether to cull
(``_cull``): with the search cache's thousands of entries that listing is most of a write's
cost, and a first search writes four or five entries (its count, page, facets, suggestions,
answer). This one lists the folder once every :attr:`FolderCache.CULL_EVERY` writes of a
process, so the folder may hold up to ``CULL_EVERY`` entries per process more than
``MAX_ENTRIES`` before a third of them is culled, as before.
"""
from __future__ import annotations

import itertools

from django.core.cache.backends.filebased import FileBasedCache


class FolderCache(FileBasedCache):
    """``FileBasedCache`` that checks its size every :attr:`CULL_EVERY` writes, not every write."""

    #: Writes of a process between two counts of the folder's entries.
    CULL_EVERY = 64

    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._writes = itertools.count()  # next() is atomic under the GIL: safe for gthread workers

    def _cull(self):
        if next(self._writes) % self.CULL_EVERY == 0:
            super()._cull()
