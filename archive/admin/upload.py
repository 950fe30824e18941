"""The admin's "Import articles" page: choose files, preview, confirm, see the result.

    GET/POST  admin/archive/importbatch/upload/          choose files and defaults
    GET       admin/archive/importbatch/upload/<token>/  preview (writes nothing)
    POST      admin/archive/importbatch/upload/<token>/  import (or cancel)
    GET       admin/archive/importbatch/<id>/result/     the batch: progress, then the result
                                                         (archive/admin/batch_pages.py)

The views are mounted by ImportBatchAdmin.get_urls (archive/admin/imports.py).
Only active staff with ``archive.add_article`` may use them. The files go through
the loader's own code path (archive.ingest.service), as ``import_articles`` does;
confirming an upload queues it as a job (archive/jobs/imports.py).
"""
from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponseRedirect
from django.http.multipartparser import MultiPartParserError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from archive.ingest import staging
from archive.admin.forms import UploadForm, too_large_message, too_many_files_message, upload_limits
from archive.admin.preview_rows import outcome_rows
from archive.admin.upload_names import FileNameRepairHandler
from archive.ingest import service
from archive.jobs import imports as import_jobs
from archive.models import ImportBatch, Outlet

UPLOAD_PERMISSION = "archive.add_article"


def require_upload_permission(request) -> None:
    if not request.user.has_perm(UPLOAD_PERMISSION):
        raise PermissionDenied("Importing articles needs the “add article” permission.")


def _context(model_admin, request, *, title: str, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        **extra,
    }


@csrf_exempt  # the CSRF check runs below, after the size checks (see upload_view)
def upload_view(request, model_admin):
    """Step 1. Django's CSRF middleware would parse the body before any check of ours,
    so a too-large or too-many-files request would end as a 400 page; here the request
    size is checked before the body is read, the parser's limits become form errors,
    and the CSRF check follows."""
    require_upload_permission(request)
    limits = upload_limits()
    if request.method == "POST":
        try:
            error = _request_limit_error(request, limits)
        except staging.StorageFull as full:
            return _render_upload_form(request, model_admin, UploadForm(limits=limits), error=str(full), status=507)
        if error:
            return _render_upload_form(request, model_admin, UploadForm(limits=limits), error=error, status=400)
    return csrf_protect(_upload_view)(request, model_admin, limits)


def _request_limit_error(request, limits) -> str | None:
    """A message if the request is over the limits, without reading more than Django allows."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    # Room for the form fields and multipart boundaries beyond the files themselves.
    allowance = 64 * 1024 + 1024 * limits.max_files
    if length > limits.max_total_bytes + allowance:
        return too_large_message(limits, length)
    # First handler: file names that are not UTF-8 arrive with U+FFFD instead of being dropped.
    request.upload_handlers.insert(0, FileNameRepairHandler(request))
    try:
        request.POST, request.FILES  # noqa: B018 - parse now, under our own error handling
    except TooManyFilesSent:
        return too_many_files_message(limits)
    except (RequestDataTooBig, TooManyFieldsSent):
        return "The form sent too much data; choose fewer files."
    except MultiPartParserError:
        return "The upload arrived incomplete or malformed; please try again."
    except OSError as error:
        # Django spools large files to FILE_UPLOAD_TEMP_DIR; on a failed write the file being
        # spooled stays open (and on disk) until collected: the handlers remove it now.
        for handler in request.upload_handlers:
            handler.upload_interrupted()
        if staging.is_disk_full(error):
            raise staging.StorageFull(staging.folder_full_message("FILE_UPLOAD_TEMP_DIR")) from error
        raise
    return None


def _upload_view(request, model_admin, limits):
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, limits=limits)
        if form.is_valid():
            staging.sweep_expired()
            try:
                staged = staging.stage(
                    user_id=request.user.pk, options=form.options_json(), uploads=form.cleaned_data["files"]
                )
            except staging.StorageFull as full:
                return _render_upload_form(request, model_admin, form, error=str(full), status=507)
            staging.remember(request.session, staged.token)
            return HttpResponseRedirect(reverse("admin:archive_importbatch_preview", args=[staged.token]))
        return _render_upload_form(request, model_admin, form, status=400)
    return _render_upload_form(request, model_admin, UploadForm(limits=limits))


def _render_upload_form(request, model_admin, form, *, error: str = "", status=200):
    """The form; ``error`` is a problem with the request as a whole (its files were not read)."""
    context = _context(
        model_admin, request, title="Import articles", form=form, limits=form.limits, request_error=error
    )
    return TemplateResponse(request, "admin/archive/importbatch/upload.html", context, status=status)


@require_http_methods(["GET", "POST"])
def preview_view(request, model_admin, token: str):
    """Step 2 (GET): what the loader makes of the staged files. Step 3 (POST): import."""
    require_upload_permission(request)
    staged = None
    if staging.belongs_to_session(request.session, token):
        staged = staging.load(token, user_id=request.user.pk)
    if staged is None:
        messages.warning(
            request, "That upload is no longer waiting (imported, cancelled or expired). Choose the files again."
        )
        return HttpResponseRedirect(reverse("admin:archive_importbatch_upload"))
    options = _import_options(staged.options)
    if options is None:
        staging.discard(token)
        messages.error(request, "The outlet chosen for this upload no longer exists. Choose the files again.")
        return HttpResponseRedirect(reverse("admin:archive_importbatch_upload"))

    if request.method == "POST":
        if "cancel" in request.POST:
            staging.discard(token)
            staging.forget(request.session, token)
            messages.info(request, "Upload cancelled; nothing was imported.")
            return HttpResponseRedirect(reverse("admin:archive_importbatch_upload"))
        staging.forget(request.session, token)
        claimed = staging.claim(token, user_id=request.user.pk)
        if claimed is None:  # a second click on "Import": the first request has queued it
            messages.info(request, "This upload is already being imported; see the list of import batches.")
            return HttpResponseRedirect(reverse("admin:archive_importbatch_changelist"))
        # The job owns the claimed folder from here on and discards it when done.
        batch = import_jobs.create_batch(
            source={"staging": claimed.token}, options=options, origin=ImportBatch.Origin.ADMIN, user=request.user
        )
        import_jobs.enqueue_batch(batch)
        return HttpResponseRedirect(reverse("admin:archive_importbatch_result", args=[batch.pk]))

    outcomes = service.preview(_inputs(staged), options=options)
    rows = outcome_rows(outcomes, options=options)
    counts = {status: sum(1 for row in rows if row.status == status) for status in ("new", "duplicate", "rejected")}
    context = _context(
        model_admin,
        request,
        title="Preview of the import",
        rows=rows,
        counts=counts,
        options=options,
        staged=staged,
    )
    return TemplateResponse(request, "admin/archive/importbatch/preview.html", context)


def _inputs(staged: staging.StagedUpload):
    """The loader's inputs for the staged files, read one upload at a time."""
    for item in staged.files:
        yield from service.expand_upload(item.name, item.read())


def _import_options(data: dict) -> service.ImportOptions | None:
    """Rebuild the options stored with a staged upload (None if its outlet was deleted)."""
    outlet = None
    if data.get("outlet") is not None:
        outlet = Outlet.objects.filter(pk=data["outlet"]).first()
        if outlet is None:
            return None
    return service.ImportOptions(
        outlet=outlet,
        language=data.get("language") or None,
        default_date=date.fromisoformat(data["default_date"]) if data.get("default_date") else None,
        default_year=data.get("default_year"),
    )
