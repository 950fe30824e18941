"""URL configuration: the admin, readers' accounts and saved searches, the reader's pages and the JSON API."""
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("archive.api.urls")),
    path("alerts/", include("archive.alerts.urls")),
    path("", include("archive.accounts.urls")),
    path("", include("archive.web.urls")),
]

# A database outage is a 503 page (or JSON under /api/), any other error the plain 500 page.
handler500 = "archive.web.outage.server_error"
