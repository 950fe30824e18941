"""The Django admin, one module per area (importing them registers the ModelAdmins)."""
from django.contrib import admin

from . import articles, events, imports, outlets, people  # noqa: F401

admin.site.site_header = "News archive administration"
admin.site.site_title = "News archive"
admin.site.index_title = "Articles, people, events and imports"
