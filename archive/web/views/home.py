"""The front page: search box, newest articles, most-mentioned people, latest events, a chart."""
from django.shortcuts import render
from django.utils.translation import gettext as _

from archive.models import Article
from archive.web import selectors
from archive.web.views.common import language_chart


def home(request):
    context = {
        "articles": selectors.newest_articles(limit=8),
        "people": selectors.most_mentioned_people(limit=10),
        "events": selectors.latest_events(limit=5),
        "article_total": Article.objects.count(),
        "languages": selectors.languages_with_counts(),
        "chart": language_chart(Article.objects.all(), title=_("Articles per day"), width=320),
    }
    return render(request, "web/home.html", context)
