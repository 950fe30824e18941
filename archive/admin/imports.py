"""Admin for import batches and their per-file records."""
from django.contrib import admin

from archive.models import ImportBatch, ImportRecord


class ImportRecordInline(admin.TabularInline):
    model = ImportRecord
    extra = 0
    can_delete = False
    fields = ["source_name", "status", "article", "encoding", "reason"]
    readonly_fields = fields


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["__str__", "origin", "user", "status", "started_at", "finished_at"]
    list_filter = ["origin", "status"]
    inlines = [ImportRecordInline]
