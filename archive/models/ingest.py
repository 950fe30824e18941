"""The record of every import: one batch per run, one record per file."""
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Case, CharField, Count, Max, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone


def stale_cutoff():
    """A running batch with no activity since this moment is shown as interrupted."""
    return timezone.now() - timedelta(minutes=settings.ARCHIVE_IMPORT_STALE_MINUTES)


class ImportBatchQuerySet(models.QuerySet):
    def with_progress(self):
        """Annotate record counts per status (``n_records``, ``n_imported``, ``n_duplicate``,
        ``n_rejected``), ``last_activity`` and ``effective_status`` (the status as shown: a
        running batch silent since :func:`stale_cutoff` is interrupted)."""
        status = ImportRecord.Status
        annotated = self.annotate(
            n_records=Count("records"),
            n_imported=Count("records", filter=Q(records__status=status.IMPORTED)),
            n_duplicate=Count("records", filter=Q(records__status=status.DUPLICATE)),
            n_rejected=Count("records", filter=Q(records__status=status.REJECTED)),
            last_activity=Coalesce(Max("records__created_at"), "started_at"),
        )
        return annotated.annotate(
            effective_status=Case(
                When(status=ImportBatch.Status.RUNNING, last_activity__lt=stale_cutoff(),
                     then=Value(ImportBatch.Status.INTERRUPTED)),
                default="status",
                output_field=CharField(),
            )
        )

    def shown_as(self, status: str):
        """Batches whose status as shown (see :meth:`with_progress`) is ``status``."""
        return self.with_progress().filter(effective_status=status)


class ImportBatch(models.Model):
    """One run of the loader (command line, admin upload or demo)."""

    class Origin(models.TextChoices):
        COMMAND = "command", "Command line"
        ADMIN = "admin", "Admin upload"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        INTERRUPTED = "interrupted", "Interrupted"
        CANCELLED = "cancelled", "Cancelled"

    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.COMMAND)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    options = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, help_text="Why the batch was interrupted, when it was.")
    # Run as a job (archive/jobs): where its files are, how many, and whether an
    # editor asked it to stop. ``source`` is {"staging": token} or {"paths": [...]}.
    source = models.JSONField(default=dict, blank=True)
    total = models.PositiveIntegerField(null=True, blank=True)
    cancel_requested = models.BooleanField(default=False)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        verbose_name_plural = "import batches"

    def __str__(self):
        return f"Import #{self.pk} ({self.get_origin_display()}, {self.started_at:%Y-%m-%d %H:%M})"


class ImportRecord(models.Model):
    """What happened to one input file."""

    class Status(models.TextChoices):
        IMPORTED = "imported", "Imported"
        DUPLICATE = "duplicate", "Duplicate"
        REJECTED = "rejected", "Rejected"

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="records")
    source_name = models.CharField(max_length=1000)
    content_hash = models.CharField(max_length=64, blank=True)
    encoding = models.CharField(max_length=32, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    status = models.CharField(max_length=16, choices=Status.choices)
    article = models.ForeignKey(
        "Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="import_records"
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The input's place in its batch (jobs only): a resumed or shared batch skips what is done.
    position = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "position"], condition=models.Q(position__isnull=False),
                name="importrecord_one_per_position",
            ),
        ]

    def __str__(self):
        return f"{self.source_name}: {self.status}"
