"""Data a long run reads once: an import batch or a reanalysis, not every file or article.

A :class:`RunCache` holds what a run loaded (the known-name index, the events,
the outlet names) in a context variable. Inside ``with cache.run():`` the first
:meth:`RunCache.get` of a key loads it and later ones reuse it; outside a run
every ``get`` loads afresh, so a lone call never sees stale data. Nested runs
share the outer run's values.
"""
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any


class RunCache:
    """Values loaded once per run (see the module docstring)."""

    def __init__(self, name: str):
        self._box: ContextVar[dict | None] = ContextVar(name, default=None)

    @contextmanager
    def run(self) -> Iterator[None]:
        """Keep loaded values for everything done inside the block."""
        if self._box.get() is not None:
            yield
            return
        token = self._box.set({})
        try:
            yield
        finally:
            self._box.reset(token)

    def get(self, key: str, load: Callable[[], Any]) -> Any:
        """The run's value of ``key``, loaded by ``load()`` on first use (every time outside a run)."""
        box = self._box.get()
        if box is None:
            return load()
        if key not in box:
            box[key] = load()
        return box[key]

    def peek(self, key: str) -> Any:
        """The run's value of ``key`` if it was loaded, else None (never loads)."""
        box = self._box.get()
        return None if box is None else box.get(key)

    def clear(self) -> None:
        """Forget the run's values: the next ``get`` loads again."""
        box = self._box.get()
        if box is not None:
            box.clear()
