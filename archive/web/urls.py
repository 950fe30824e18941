"""URLs of the reader's pages (namespace ``web``)."""
from django.urls import path, register_converter
from django.urls.converters import StringConverter

from archive.web import feeds
from archive.web.views import articles, dates, events, home, outlets, people, search


class NameConverter(StringConverter):
    """A slug or language code: any path segment without control characters.

    A NUL byte must not reach the database (PostgreSQL refuses it in text: a 500),
    so such a URL matches no page and is a 404.
    """

    regex = r"[^/\x00-\x1f\x7f]+"


register_converter(NameConverter, "printable")

app_name = "web"

urlpatterns = [
    path("", home.home, name="home"),
    path("search/", search.search, name="search"),
    path("search/feed/", feeds.SearchFeed(), name="search-feed"),
    path("search/help/", search.search_help, name="search-help"),
    path("search/export/", search.export, name="search-export"),
    path("articles/<int:pk>/", articles.article_detail, name="article"),
    path("people/", people.person_list, name="people"),
    path("people/<printable:slug>/", people.person_detail, name="person"),
    path("people/<printable:slug>/feed/", feeds.PersonFeed(), name="person-feed"),
    path("events/", events.event_list, name="events"),
    path("events/<printable:slug>/", events.event_detail, name="event"),
    path("events/<printable:slug>/feed/", feeds.EventFeed(), name="event-feed"),
    path("outlets/", outlets.outlet_list, name="outlets"),
    path("outlets/<printable:slug>/", outlets.outlet_detail, name="outlet"),
    path("archive/", dates.archive_index, name="archive"),
    path("archive/<int:year>/", dates.archive_year, name="archive-year"),
    path("archive/<int:year>/<int:month>/", dates.archive_month, name="archive-month"),
    path("archive/<int:year>/<int:month>/<int:day>/", dates.archive_day, name="archive-day"),
    path("languages/", articles.language_list, name="languages"),
    path("languages/<printable:code>/", articles.language_detail, name="language"),
]
