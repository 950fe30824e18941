"""Admin for articles and their mentions."""
from django.contrib import admin

from archive.models import Article, Mention


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "published", "language", "outlet", "imported_at"]
    list_filter = ["language", "outlet"]
    search_fields = ["title", "body"]
    date_hierarchy = "published"
    inlines = [MentionInline]
    filter_horizontal = ["cited_outlets"]
