"""Admin for events and story clusters; attaching and detaching articles is remembered."""
from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename

from archive.models import CurationLog, Event, EventArticle, Person, StoryCluster
from archive import curation


class EventArticleInline(admin.TabularInline):
    model = EventArticle
    extra = 1
    raw_id_fields = ["article"]
    fields = ["article", "source", "score"]
    readonly_fields = ["score"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name_en", "start_date", "place"]
    search_fields = ["name_en", "name_ru", "name_uk"]
    # One block per language, so an editor sees at once what a reader of each language gets
    # (an empty Russian or Ukrainian field shows the English one to that reader).
    fieldsets = [
        (None, {"fields": ["slug", ("start_date", "end_date"), "participants", "key_terms", "place_names"]}),
        ("English", {"fields": ["name_en", "place", "description"]}),
        ("Русский (ru)", {"fields": ["name_ru", "place_ru", "description_ru"]}),
        ("Українська (uk)", {"fields": ["name_uk", "place_uk", "description_uk"]}),
    ]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["participants"]
    inlines = [EventArticleInline]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "participants":  # merged-away records are no choice (a merge moved their events)
            kwargs["queryset"] = Person.objects.unmerged()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_formset(self, request, form, formset, change):
        """Deleting an automatic link keeps it as 'rejected'; added links are the editor's."""
        if formset.model is not EventArticle:
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        for link in formset.deleted_objects:
            if link.source == EventArticle.Source.AUTO:
                curation.detach_article(link.event, link.article, acting_user=request.user)
            else:
                curation.log(request.user, CurationLog.Action.DETACH, f"Removed article #{link.article_id} from {link.event}")
                link.delete()
        for link in instances:
            if link.pk is None or link.source == EventArticle.Source.AUTO:
                curation.attach_article(link.event, link.article, acting_user=request.user)
            elif link.source == EventArticle.Source.REJECTED:
                curation.detach_article(link.event, link.article, acting_user=request.user)
            else:
                link.save()
        formset.save_m2m()


class ProposedFilter(admin.SimpleListFilter):
    title = "event"
    parameter_name = "proposed"

    def lookups(self, request, model_admin):
        return [("yes", "Proposed (no event yet)"), ("no", "Linked to an event")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(event__isnull=True)
        if self.value() == "no":
            return queryset.filter(event__isnull=False)
        return queryset


@admin.register(StoryCluster)
class StoryClusterAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "start_date", "end_date", "created_at"]
    list_filter = [ProposedFilter]
    actions = ["create_event"]

    def has_create_event_permission(self, request):
        """Making an event of a story adds an Event and changes the story (its event link)."""
        add_event = f"{Event._meta.app_label}.{get_permission_codename('add', Event._meta)}"
        return request.user.has_perm(add_event) and self.has_change_permission(request)

    @admin.action(description="Create an event from the selected proposed stories", permissions=["create_event"])
    def create_event(self, request, queryset):
        for cluster in queryset.filter(event__isnull=True):
            event = curation.event_from_cluster(cluster, acting_user=request.user)
            self.log_addition(request, event, f"Created from story #{cluster.pk}")
            self.message_user(request, f"Created event {event}.", messages.SUCCESS)
