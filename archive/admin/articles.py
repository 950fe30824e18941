"""Admin for articles and their mentions, with the "Re-run analysis" action."""
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList

from archive.admin.upload import UPLOAD_PERMISSION
from archive.models import Article, ImportBatch, ImportRecord, Mention, Person
from archive.nlp.reanalysis import reanalyze_articles

BATCH_CHOICES = 30  # the newest batches offered in the filter; older ones via ?import_batch=<id>


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "count", "first_position", "surface_forms"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "person":  # a merged-away record is no choice (its autocomplete offers none)
            kwargs["queryset"] = Person.objects.unmerged()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ImportBatchFilter(admin.SimpleListFilter):
    """Articles a given upload or command-line run brought in."""

    title = "import batch"
    parameter_name = "import_batch"

    def lookups(self, request, model_admin):
        batches = ImportBatch.objects.select_related("user")[:BATCH_CHOICES]
        return [(str(batch.pk), str(batch)) for batch in batches]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isdigit():
            return queryset.none()
        return queryset.filter(
            import_records__batch_id=int(value), import_records__status=ImportRecord.Status.IMPORTED
        ).distinct()


class ArticleChangeList(ChangeList):
    """The article list, with date drill-down values Django cannot compute refused as invalid."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            # ?published__year=9999: the date hierarchy computes year + 1 and overflows.
            # IncorrectLookupParameters makes the admin show the list with its "?e=1" notice.
            raise IncorrectLookupParameters(error) from error


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "published", "date_inferred", "language", "outlet", "imported_at"]
    list_filter = ["language", ("outlet", admin.RelatedOnlyFieldListFilter), "date_inferred", ImportBatchFilter]
    list_select_related = ["outlet"]
    search_fields = ["title", "lead", "body", "author", "source_name"]
    date_hierarchy = "published"
    inlines = [MentionInline]
    filter_horizontal = ["cited_outlets"]
    readonly_fields = ["content_hash", "encoding", "source_name", "imported_at", "original_text", "story"]
    actions = ["rerun_analysis"]

    @admin.action(description="Re-run analysis (language, people, events) on selected articles",
                  permissions=["change"])
    def rerun_analysis(self, request, queryset):
        result = reanalyze_articles(queryset.iterator(chunk_size=200), redetect_language=True)
        for pk, error in result.failures:  # the editor sees which one failed
            self.message_user(request, f"Analysis of article #{pk} failed: {error}", messages.ERROR)
        summary = f"Re-analysed {result.done} article(s); language changed on {result.language_changed}"
        self.message_user(request, summary + ".", messages.SUCCESS if not result.failures else messages.WARNING)

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import_articles": request.user.has_perm(UPLOAD_PERMISSION)}
        return super().changelist_view(request, extra_context)

