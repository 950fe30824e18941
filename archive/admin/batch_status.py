"""Import batches as editors see them: the counts and the status as shown, for one batch.

A batch is written "running" when it starts and "done" when the loader finishes
(a job's batch is "queued" before a worker takes it, and may end "cancelled").
If the server or the worker dies in between, nothing marks it; so a running batch
whose last activity (its newest record, or its start) is older than
``ARCHIVE_IMPORT_STALE_MINUTES`` is shown as interrupted
(``ImportBatch.objects.with_progress()``). A job's batch can then be
resumed (archive/jobs/imports.py); otherwise importing the same files again
completes the work: what was stored becomes "duplicate", the rest is imported.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from archive.models import ImportBatch

INTERRUPTED = ImportBatch.Status.INTERRUPTED


@dataclass(frozen=True)
class BatchSummary:
    status: str  # as shown: "running", "done" or "interrupted"
    status_label: str
    imported: int
    duplicate: int
    rejected: int
    last_activity: datetime

    @property
    def total(self) -> int:
        return self.imported + self.duplicate + self.rejected

    @property
    def interrupted(self) -> bool:
        return self.status == INTERRUPTED


def batch_summary(batch: ImportBatch) -> BatchSummary:
    """Counts and the status as shown, for one batch (one query)."""
    row = ImportBatch.objects.filter(pk=batch.pk).with_progress().values(
        "effective_status", "n_imported", "n_duplicate", "n_rejected", "last_activity"
    ).get()
    return BatchSummary(
        status=row["effective_status"],
        status_label=ImportBatch.Status(row["effective_status"]).label,
        imported=row["n_imported"],
        duplicate=row["n_duplicate"],
        rejected=row["n_rejected"],
        last_activity=row["last_activity"],
    )
