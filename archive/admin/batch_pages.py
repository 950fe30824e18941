"""The page of one import batch: its progress while a worker runs it, then its result.

    GET   admin/archive/importbatch/<id>/result/    progress bar, counts, Cancel; the table when done
    GET   admin/archive/importbatch/<id>/progress/  the same figures as JSON (the page polls it)
    POST  admin/archive/importbatch/<id>/cancel/    stop after the current file, keep what is done
    POST  admin/archive/importbatch/<id>/resume/    import what an interrupted batch left

The page updates itself with static/archive/admin/import-progress.js (allowed by the
strict Content-Security-Policy: a file from this server, no inline script); without
JavaScript a meta refresh reloads it every few seconds while the batch runs.
"""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from archive.admin.batch_status import batch_summary
from archive.admin.upload import UPLOAD_PERMISSION, _context, require_upload_permission
from archive.jobs import imports as import_jobs
from archive.jobs.progress import batch_progress
from archive.models import ImportBatch

RESUMABLE = {ImportBatch.Status.INTERRUPTED, ImportBatch.Status.CANCELLED}


def _may_view(request, model_admin) -> None:
    if not (request.user.has_perm(UPLOAD_PERMISSION) or model_admin.has_view_permission(request)):
        raise PermissionDenied


def result_view(request, model_admin, batch_id: str):
    """The batch: progress while it runs, counts and a row per file when it has stopped."""
    _may_view(request, model_admin)
    batch = get_object_or_404(ImportBatch.objects.select_related("user"), pk=batch_id)
    progress = batch_progress(batch)
    running = progress.status in (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING)
    context = _context(
        model_admin,
        request,
        title=f"Import #{batch.pk}",
        batch=batch,
        records=batch.records.select_related("article") if not running else None,
        summary=batch_summary(batch),
        progress=progress,
        running=running,
        may_act=request.user.has_perm(UPLOAD_PERMISSION),
        resumable=progress.status in RESUMABLE and import_jobs.can_resume(batch),
    )
    return TemplateResponse(request, "admin/archive/importbatch/result.html", context)


def progress_view(request, model_admin, batch_id: str):
    _may_view(request, model_admin)
    batch = get_object_or_404(ImportBatch, pk=batch_id)
    return JsonResponse(batch_progress(batch).as_json())


@require_POST
def cancel_view(request, model_admin, batch_id: str):
    require_upload_permission(request)
    batch = get_object_or_404(ImportBatch, pk=batch_id)
    import_jobs.request_cancel(batch)
    messages.info(request, "The import stops after the file it is on; what is imported is kept.")
    return HttpResponseRedirect(reverse("admin:archive_importbatch_result", args=[batch.pk]))


@require_POST
def resume_view(request, model_admin, batch_id: str):
    require_upload_permission(request)
    batch = get_object_or_404(ImportBatch, pk=batch_id)
    if batch_progress(batch).status in RESUMABLE and import_jobs.can_resume(batch):
        import_jobs.resume_batch(batch)
        messages.info(request, "The import continues with the files it had not done yet.")
    else:
        messages.warning(request, "This import cannot be resumed (it is running, finished, or its files are gone).")
    return HttpResponseRedirect(reverse("admin:archive_importbatch_result", args=[batch.pk]))
