"""Starting and finishing an ImportBatch, whatever stopped it.

A batch is "running" while files are read, "done" when every input was
handled, and "interrupted" the moment anything else ends it (the database gone,
Ctrl+C, a bug), with the error written on the batch. Importing the same inputs
again resumes it: what was stored is reported as duplicate, the rest imported.
If even the interruption cannot be written (the database is unreachable), the
batch is shown as interrupted after ``ARCHIVE_IMPORT_STALE_MINUTES``
(archive/admin/batch_status.py).
"""
from __future__ import annotations

import logging

from django.db import connection, transaction
from django.utils import timezone

from archive.ingest.retry import DatabaseUnavailable, is_database_error, unavailable_reason, with_lock_retries
from archive.models import ImportBatch

logger = logging.getLogger(__name__)


def start_batch(**fields) -> ImportBatch:
    """A new running batch; raises DatabaseUnavailable when it cannot be written."""
    try:
        return with_lock_retries(lambda: ImportBatch.objects.create(**fields))
    except Exception as error:
        if is_database_error(error):
            raise DatabaseUnavailable(unavailable_reason(error) if "locked" not in str(error)
                                      else "the database is locked by another writer") from error
        raise


def interruption_reason(error: BaseException) -> str:
    """What stopped a batch, in words for its page and the command line."""
    if isinstance(error, DatabaseUnavailable):
        return error.reason
    if isinstance(error, KeyboardInterrupt):
        return "stopped by the user"
    return f"{type(error).__name__}: {error}"[:2000]


def finish_batch(batch: ImportBatch, *, error: str = "", database_failed: bool = False) -> None:
    """Mark ``batch`` done, or interrupted with ``error``; never hides the error that stopped it."""
    batch.status = ImportBatch.Status.INTERRUPTED if error else ImportBatch.Status.DONE
    batch.error = error
    batch.finished_at = timezone.now()
    if database_failed and not connection.in_atomic_block:
        connection.close()  # a broken connection is not reused; the next query reconnects

    def save():
        with transaction.atomic():
            batch.save(update_fields=["status", "error", "finished_at"])

    try:
        with_lock_retries(save)
    except Exception as failure:
        if not (error and is_database_error(failure)):
            raise
        logger.warning("Import #%s stopped (%s) and could not be marked interrupted: %s", batch.pk, error, failure)
        return
    if not database_failed:
        # What the batch stored (all of it, or up to an interruption) goes to readers' immediate alerts.
        from archive.alerts.tasks import alerts_after_import

        alerts_after_import()
