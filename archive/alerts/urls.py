"""The alerts' pages: /alerts/unsubscribe/<token>/."""
from django.urls import path

from archive.alerts import views

app_name = "alerts"
urlpatterns = [
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
