"""Admin for people, their names and merge suggestions."""
from django.contrib import admin

from archive.models import MergeSuggestion, Person, PersonName


class PersonNameInline(admin.TabularInline):
    model = PersonName
    extra = 1


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "origin", "hidden", "merged_into"]
    list_filter = ["origin", "hidden"]
    search_fields = ["name", "names__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PersonNameInline]


@admin.register(MergeSuggestion)
class MergeSuggestionAdmin(admin.ModelAdmin):
    list_display = ["person", "other", "score", "status", "created_at"]
    list_filter = ["status"]
