"""URLs of the JSON API (namespace ``api``)."""
from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import views

app_name = "api"

urlpatterns = [
    path("articles/", views.ArticleList.as_view(), name="article-list"),
    path("articles/<int:pk>/", views.ArticleDetail.as_view(), name="article-detail"),
    path("people/", views.PersonList.as_view(), name="person-list"),
    path("people/<int:pk>/", views.PersonDetail.as_view(), name="person-detail"),
    path("events/", views.EventList.as_view(), name="event-list"),
    path("events/<slug:slug>/", views.EventDetail.as_view(), name="event-detail"),
    path("outlets/", views.OutletList.as_view(), name="outlet-list"),
    path("outlets/<slug:slug>/", views.OutletDetail.as_view(), name="outlet-detail"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
