"""Admin for outlets and their alternative names."""
from django.contrib import admin

from archive.models import Outlet, OutletName


class OutletNameInline(admin.TabularInline):
    model = OutletName
    extra = 1


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "kind", "country", "language"]
    list_filter = ["kind", "country", "language"]
    search_fields = ["name", "domain", "names__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OutletNameInline]
