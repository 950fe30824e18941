"""URLs of the reader's pages (namespace ``web``)."""
from django.urls import path

from archive.web import feeds
from archive.web.views import articles, dates, events, home, outlets, people, search

app_name = "web"

urlpatterns = [
    path("", home.home, name="home"),
    path("search/", search.search, name="search"),
    path("search/feed/", feeds.SearchFeed(), name="search-feed"),
    path("articles/<int:pk>/", articles.article_detail, name="article"),
    path("people/", people.person_list, name="people"),
    path("people/<str:slug>/", people.person_detail, name="person"),
    path("people/<str:slug>/feed/", feeds.PersonFeed(), name="person-feed"),
    path("events/", events.event_list, name="events"),
    path("events/<str:slug>/", events.event_detail, name="event"),
    path("events/<str:slug>/feed/", feeds.EventFeed(), name="event-feed"),
    path("outlets/", outlets.outlet_list, name="outlets"),
    path("outlets/<str:slug>/", outlets.outlet_detail, name="outlet"),
    path("archive/", dates.archive_index, name="archive"),
    path("archive/<int:year>/", dates.archive_year, name="archive-year"),
    path("archive/<int:year>/<int:month>/", dates.archive_month, name="archive-month"),
    path("archive/<int:year>/<int:month>/<int:day>/", dates.archive_day, name="archive-day"),
    path("languages/", articles.language_list, name="languages"),
    path("languages/<str:code>/", articles.language_detail, name="language"),
]
