"""Telling a busy database from a broken file, and retrying a file's transaction.

A file's transaction can fail for two kinds of reasons. The file's own (a value
the database refuses): that file is rejected and the import goes on. The
database's (SQLite locked by another writer past its busy timeout, PostgreSQL
unreachable or out of connections): the file is not at fault. A lock is waited
out: the transaction is run again a few times before the file is rejected with
"the database is locked". A database that is gone stops the batch with the
reason (:class:`DatabaseUnavailable`); importing the same files again resumes it.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection

logger = logging.getLogger(__name__)
T = TypeVar("T")


class DatabaseUnavailable(RuntimeError):
    """The database cannot be used now; ``reason`` says what happened, in words."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def is_lock_error(error: BaseException) -> bool:
    """SQLite's "database is locked" / "database table is locked"."""
    return isinstance(error, OperationalError) and "is locked" in str(error)


def is_database_error(error: BaseException) -> bool:
    """An error of the database itself (connection lost or refused, locked), not of the data."""
    return isinstance(error, (OperationalError, InterfaceError))


def unavailable_reason(error: BaseException) -> str:
    first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
    return f"the database is unreachable ({first_line})"


def with_lock_retries(work: Callable[[], T], *, on_retry: Callable[[], None] | None = None) -> T:
    """Run ``work`` (one whole transaction), again after a pause while the database is locked.

    ``ARCHIVE_IMPORT_LOCK_RETRIES`` more attempts, each after a longer pause; the
    last lock error is raised. Any other error is raised at once. ``on_retry``
    resets what the failed attempt left behind (caches of rows it had created).
    """
    retries = settings.ARCHIVE_IMPORT_LOCK_RETRIES
    for attempt in range(retries + 1):
        try:
            return work()
        except OperationalError as error:
            if not is_lock_error(error) or attempt == retries or connection.in_atomic_block:
                raise
            logger.warning("Database locked, retrying (%d/%d): %s", attempt + 1, retries, error)
            if on_retry is not None:
                on_retry()
            time.sleep(min(0.5 * 2**attempt, 8.0))
    raise AssertionError("unreachable")  # pragma: no cover
