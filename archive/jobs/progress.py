"""What an import batch has done so far: counts, rate and time left, for its page.

One query per call, so the batch page can poll it every second.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

from django.db.models import Min

from archive.models import ImportBatch

FINISHED = {ImportBatch.Status.DONE, ImportBatch.Status.CANCELLED}


@dataclass(frozen=True)
class Progress:
    status: str  # as shown (archive/admin/batch_status.py): queued, running, done, interrupted, cancelled
    status_label: str
    total: int | None  # inputs in the batch; None until a worker has counted them
    done: int
    imported: int
    duplicate: int
    rejected: int
    rate: float | None  # files per second since the first file was recorded
    seconds_left: int | None
    cancel_requested: bool

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.finished else 0
        return min(100, round(100 * self.done / self.total))

    def as_json(self) -> dict:
        return {**asdict(self), "finished": self.finished, "percent": self.percent}


def batch_progress(batch: ImportBatch) -> Progress:
    row = (
        ImportBatch.objects.filter(pk=batch.pk).with_progress()
        .annotate(first_record=Min("records__created_at"))
        .values(
            "effective_status", "total", "cancel_requested", "n_records", "n_imported", "n_duplicate",
            "n_rejected", "first_record", "last_activity",
        )
        .get()
    )
    done = row["n_records"]
    rate = seconds_left = None
    if done >= 2 and row["first_record"] is not None:
        elapsed = (row["last_activity"] - row["first_record"]).total_seconds()
        if elapsed > 0:
            rate = round((done - 1) / elapsed, 1)
    if rate and row["total"] is not None:
        seconds_left = max(0, round((row["total"] - done) / rate))
    return Progress(
        status=row["effective_status"],
        status_label=ImportBatch.Status(row["effective_status"]).label,
        total=row["total"],
        done=done,
        imported=row["n_imported"],
        duplicate=row["n_duplicate"],
        rejected=row["n_rejected"],
        rate=rate,
        seconds_left=seconds_left,
        cancel_requested=row["cancel_requested"],
    )
