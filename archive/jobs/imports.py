"""Import batches as jobs: queued, shared by workers, cancellable and resumable.

    batch = create_batch(source={"staging": token}, options=options, origin=..., user=...)
    enqueue_batch(batch)     # plan_batch runs on a worker and enqueues the chunks
    request_cancel(batch)    # the workers stop within half a second, keeping what they analyzed
    resume_batch(batch)      # after a worker died or a cancel: imports what is left

Every input of a batch has a position (its place in the order the loader reads
the batch's files). ``plan_batch`` counts the inputs and enqueues one
``import_chunk`` task per ``ARCHIVE_IMPORT_CHUNK_FILES`` positions that are not
all recorded yet; any worker may take any chunk, so two workers on PostgreSQL
share a batch. A chunk skips positions already recorded, and the database holds
at most one record per position (a unique constraint), so a resumed batch or two
workers racing never import a file twice. A chunk's files are analyzed and
written in batches by archive.ingest.bulk (a file's article, mentions and record
commit together); a cancel stops the chunk within half a second, keeping what
was analyzed until then.

The staged upload (archive/ingest/staging.py) stays until the batch is done or
cancelled; the task that finishes the batch discards it.
"""
from __future__ import annotations

import logging
import math
import time
from collections.abc import Iterator
from datetime import date

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from archive.ingest import staging
from archive.ingest.bulk import BatchWriter, analyze_input, load_reference
from archive.ingest.options import ImportOptions
from archive.ingest.sources import InputFile, Rejected, collect_paths, expand_upload
from archive.ingest.store import outlet_groups_run
from archive.models import ImportBatch, Outlet

logger = logging.getLogger(__name__)

Status = ImportBatch.Status
ACTIVE = (Status.QUEUED, Status.RUNNING)
#: How often a chunk asks whether its batch was cancelled (a query, so not for every file).
CANCEL_CHECK_SECONDS = 0.5


class InputsGone(Exception):
    """The batch's files are no longer there (staged upload discarded or expired)."""


def create_batch(*, source: dict, options: ImportOptions, origin: str, user=None) -> ImportBatch:
    """A queued batch whose files are ``source``: {"staging": token} or {"paths": [absolute paths]}."""
    return ImportBatch.objects.create(
        origin=origin, user=user, options=options.as_json(), source=source, status=Status.QUEUED
    )


def enqueue_batch(batch: ImportBatch) -> None:
    """Hand ``batch`` to the queue (it must be committed: a worker reads it from the database)."""
    plan_batch.enqueue(batch.pk)


def request_cancel(batch: ImportBatch) -> None:
    """Ask the batch to stop (each worker writes what it analyzed, then stops); what is stored is kept.

    A batch no worker has started yet is cancelled at once.
    """
    ImportBatch.objects.filter(pk=batch.pk, status__in=ACTIVE).update(cancel_requested=True)
    if ImportBatch.objects.filter(pk=batch.pk, status=Status.QUEUED).update(
        status=Status.CANCELLED, finished_at=timezone.now()
    ):
        _discard_source(batch.pk)


def can_resume(batch: ImportBatch) -> bool:
    """Whether the files of ``batch`` are still there to import what is left."""
    return _inputs_available(batch.source)


def resume_batch(batch: ImportBatch) -> None:
    """Queue ``batch`` again: the positions not recorded yet are imported, the others skipped."""
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=Status.QUEUED, cancel_requested=False, finished_at=None
    )
    plan_batch.enqueue(batch.pk)


@task()
def plan_batch(batch_id: int) -> int:
    """Count the batch's inputs and enqueue a chunk task for each range with work left."""
    if not ImportBatch.objects.filter(pk=batch_id, status=Status.QUEUED).update(status=Status.RUNNING):
        return 0  # cancelled (or already planned by another worker)
    batch = ImportBatch.objects.get(pk=batch_id)
    try:
        total = sum(1 for _ in batch_inputs(batch.source))
    except InputsGone:
        _end(batch_id, Status.INTERRUPTED)
        return 0
    ImportBatch.objects.filter(pk=batch_id).update(total=total)
    done = set(batch.records.filter(position__isnull=False).values_list("position", flat=True))
    size = max(1, settings.ARCHIVE_IMPORT_CHUNK_FILES)
    chunks = 0
    for index in range(math.ceil(total / size)):
        start, stop = index * size, min(total, (index + 1) * size)
        if any(position not in done for position in range(start, stop)):
            import_chunk.enqueue(batch_id, start, stop)
            chunks += 1
    if not chunks:
        _finish_if_complete(batch_id)
    return chunks


@task()
def import_chunk(batch_id: int, start: int, stop: int) -> int:
    """Import the inputs at positions ``start`` to ``stop - 1`` not recorded yet; returns how many.

    A position another worker recorded meanwhile is left to it (its batch write
    fails on the unique position, and archive.ingest.bulk stores the rest one by one).
    """
    batch = ImportBatch.objects.filter(pk=batch_id, status=Status.RUNNING).first()
    if batch is None:
        return 0
    options = options_from_json(batch.options)
    done = set(
        batch.records.filter(position__gte=start, position__lt=stop).values_list("position", flat=True)
    )
    handled = 0

    def count(outcome) -> None:
        nonlocal handled
        handled += 1

    from archive.nlp.pipeline import analysis_run

    try:
        # Reference data (outlet names, people's names, events) is read once per chunk;
        # the files are written a batch at a time; a cancel is looked for twice a second.
        with outlet_groups_run(), analysis_run():
            reference = load_reference(fixed_outlets=False)
            writer = BatchWriter(batch=batch, options=options, on_outcome=count,
                                 size=settings.ARCHIVE_IMPORT_WRITE_BATCH)
            checked = time.monotonic()
            for position, item in batch_inputs(batch.source, start=start, stop=stop):
                if position in done:
                    continue
                if time.monotonic() - checked >= CANCEL_CHECK_SECONDS:
                    checked = time.monotonic()
                    if _cancel_requested(batch_id):
                        writer.flush()  # what is analyzed is kept
                        _end(batch_id, Status.CANCELLED)
                        return handled
                writer.add(analyze_input(item, options=options, reference=reference, position=position))
            writer.flush()
    except InputsGone:
        if not _cancel_requested(batch_id):
            _end(batch_id, Status.INTERRUPTED)
        return handled
    _finish_if_complete(batch_id)
    return handled


def batch_inputs(source: dict, *, start: int = 0, stop: int | None = None) -> Iterator[tuple[int, InputFile | Rejected]]:
    """The batch's inputs with their positions, from ``start`` on, until ``stop``."""
    position = 0
    if "staging" in source:
        staged = staging.load_for_job(source["staging"])
        if staged is None:
            raise InputsGone(source["staging"])
        staging.keep_alive(source["staging"])
        for item in staged.files:
            if stop is not None and position >= stop:
                return
            try:
                data = item.read()
            except OSError as error:
                raise InputsGone(str(item.path)) from error
            for expanded in expand_upload(item.name, data):
                if start <= position and (stop is None or position < stop):
                    yield position, expanded
                position += 1
        return
    for item in collect_paths(source.get("paths", [])):
        if stop is not None and position >= stop:
            return
        if position >= start:
            yield position, item
        position += 1


def options_from_json(data: dict) -> ImportOptions:
    """The ImportOptions stored on a batch (``ImportOptions.as_json``)."""
    outlet = Outlet.objects.filter(slug=data["outlet"]).first() if data.get("outlet") else None
    return ImportOptions(
        outlet=outlet,
        language=data.get("language") or None,
        default_date=date.fromisoformat(data["default_date"]) if data.get("default_date") else None,
        default_year=data.get("default_year"),
    )


def _cancel_requested(batch_id: int) -> bool:
    return ImportBatch.objects.filter(pk=batch_id, cancel_requested=True).exists()


def _finish_if_complete(batch_id: int) -> None:
    """Mark the batch done once every position is recorded (exactly one task does)."""
    batch = ImportBatch.objects.get(pk=batch_id)
    recorded = batch.records.filter(position__isnull=False).count()
    if batch.total is not None and recorded >= batch.total:
        _end(batch_id, Status.DONE)


def _end(batch_id: int, status: str) -> None:
    if ImportBatch.objects.filter(pk=batch_id, status__in=ACTIVE).update(status=status, finished_at=timezone.now()):
        if status != Status.INTERRUPTED:
            _discard_source(batch_id)
        # Exactly one task ends a batch: it queues the readers' immediate alerts for what it stored.
        from archive.alerts.tasks import alerts_after_import

        alerts_after_import()


def _discard_source(batch_id: int) -> None:
    source = ImportBatch.objects.values_list("source", flat=True).get(pk=batch_id)
    if source.get("staging"):
        staging.discard(source["staging"])


def _inputs_available(source: dict) -> bool:
    if "staging" in source:
        return staging.load_for_job(source["staging"]) is not None
    return bool(source.get("paths"))
