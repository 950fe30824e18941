"""Import batches as editors see them: counts per status, and "interrupted" detection.

A batch is written "running" when it starts and "done" when the loader finishes
(a job's batch is "queued" before a worker takes it, and may end "cancelled").
If the server or the worker dies in between, nothing marks it; so a running batch
whose last activity (its newest record, or its start) is older than
``ARCHIVE_IMPORT_STALE_MINUTES`` is shown as interrupted. A job's batch can then be
resumed (archive/jobs/imports.py); otherwise importing the same files again
completes the work: what was stored becomes "duplicate", the rest is imported.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Case, CharField, Count, Max, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from archive.models import ImportBatch, ImportRecord

INTERRUPTED = ImportBatch.Status.INTERRUPTED


def stale_cutoff() -> datetime:
    return timezone.now() - timedelta(minutes=settings.ARCHIVE_IMPORT_STALE_MINUTES)


def with_progress(queryset: QuerySet[ImportBatch]) -> QuerySet[ImportBatch]:
    """Annotate record counts per status, last activity and ``effective_status``."""
    status = ImportRecord.Status
    queryset = queryset.annotate(
        n_records=Count("records"),
        n_imported=Count("records", filter=Q(records__status=status.IMPORTED)),
        n_duplicate=Count("records", filter=Q(records__status=status.DUPLICATE)),
        n_rejected=Count("records", filter=Q(records__status=status.REJECTED)),
        last_activity=Coalesce(Max("records__created_at"), "started_at"),
    )
    return queryset.annotate(
        effective_status=Case(
            When(status=ImportBatch.Status.RUNNING, last_activity__lt=stale_cutoff(), then=Value(INTERRUPTED)),
            default="status",
            output_field=CharField(),
        )
    )


def filter_effective_status(queryset: QuerySet[ImportBatch], *, status: str) -> QuerySet[ImportBatch]:
    """Batches (annotated by :func:`with_progress`) whose status as shown is ``status``."""
    return queryset.filter(effective_status=status)


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
    row = with_progress(ImportBatch.objects.filter(pk=batch.pk)).values(
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
