"""Admin for events and story clusters."""
from django.contrib import admin

from archive.models import Event, EventArticle, StoryCluster


class EventArticleInline(admin.TabularInline):
    model = EventArticle
    extra = 0
    raw_id_fields = ["article"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name_en", "start_date", "place"]
    search_fields = ["name_en", "name_ru", "name_uk"]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["participants"]
    inlines = [EventArticleInline]


@admin.register(StoryCluster)
class StoryClusterAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "created_at"]
