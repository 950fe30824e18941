"""Admin for import batches and their per-file records, and the home of the upload pages.

Batches are written by the loader only, so the admin shows them read-only: who
imported, when, with which options, and what happened to every file.
"""
from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html

from archive.admin import batch_pages, upload
from archive.models import ImportBatch, ImportRecord


class ImportRecordInline(admin.TabularInline):
    model = ImportRecord
    extra = 0
    can_delete = False
    fields = ["source_name", "status", "article", "encoding", "size", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # The records are part of the batch: whoever may see the batch sees them.
        return request.user.has_perm("archive.view_importbatch") or request.user.has_perm(
            "archive.change_importbatch"
        )


class EffectiveStatusFilter(admin.SimpleListFilter):
    """Status as shown: a running batch with no recent activity counts as interrupted."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return ImportBatch.Status.choices

    def queryset(self, request, queryset):
        if self.value() in ImportBatch.Status.values:
            return queryset.filter(effective_status=self.value())  # annotated by get_queryset
        return queryset


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["__str__", "origin", "user", "shown_status", "counts", "started_at", "finished_at", "result_link"]
    list_filter = ["origin", EffectiveStatusFilter]
    list_select_related = ["user"]
    readonly_fields = ["origin", "user", "options", "shown_status", "counts", "started_at", "finished_at", "result_link"]
    fields = readonly_fields
    inlines = [ImportRecordInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_progress()

    def has_add_permission(self, request):
        return False  # batches come from the loader; "Import articles" makes one

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="status", ordering="effective_status")
    def shown_status(self, batch):
        return ImportBatch.Status(batch.effective_status).label

    @admin.display(description="imported / duplicate / rejected")
    def counts(self, batch):
        return f"{batch.n_imported} / {batch.n_duplicate} / {batch.n_rejected}"

    @admin.display(description="result")
    def result_link(self, batch):
        return format_html('<a href="{}">Result</a>', reverse("admin:archive_importbatch_result", args=[batch.pk]))

    def get_urls(self):
        def view(function):
            def wrapper(request, *args, **kwargs):
                return function(request, self, *args, **kwargs)

            wrapper.csrf_exempt = getattr(function, "csrf_exempt", False)
            return self.admin_site.admin_view(wrapper)

        custom = [
            path("upload/", view(upload.upload_view), name="archive_importbatch_upload"),
            path("upload/<str:token>/", view(upload.preview_view), name="archive_importbatch_preview"),
            path("<int:batch_id>/result/", view(batch_pages.result_view), name="archive_importbatch_result"),
            path("<int:batch_id>/progress/", view(batch_pages.progress_view), name="archive_importbatch_progress"),
            path("<int:batch_id>/cancel/", view(batch_pages.cancel_view), name="archive_importbatch_cancel"),
            path("<int:batch_id>/resume/", view(batch_pages.resume_view), name="archive_importbatch_resume"),
        ]
        return custom + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import_articles": request.user.has_perm(upload.UPLOAD_PERMISSION)}
        return super().changelist_view(request, extra_context)
