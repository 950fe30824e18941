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
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
