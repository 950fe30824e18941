"""Events: the index and each event's page with its coverage."""
from collections import OrderedDict

from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from archive.models import Event, Person
from archive.web import selectors
from archive.text.languages import language_label


def event_list(request):
    return render(request, "web/event_list.html", {"events": selectors.events_with_counts()})


def event_detail(request, slug: str):
    event = get_object_or_404(Event, slug=slug)
    articles = list(selectors.article_list(selectors.event_articles(event).order_by("language", "outlet__name", "-published")))
    # Coverage grouped by language, then by outlet, as a reader compares the press.
    coverage: "OrderedDict[str, OrderedDict[str, list]]" = OrderedDict()
    for article in articles:
        outlets = coverage.setdefault(article.language, OrderedDict())
        outlets.setdefault(article.outlet.name if article.outlet else "", []).append(article)
    groups = [
        {
            "code": code,
            "name": language_label(code),
            "count": sum(len(items) for items in outlets.values()),
            "outlets": [{"name": name, "articles": items} for name, items in outlets.items()],
        }
        for code, outlets in coverage.items()
    ]
    language = get_language()
    participants = sorted(
        Person.objects.visible().filter(pk__in=event.participants.values("pk")).with_display_names(),
        key=lambda person: person.name_in(language).casefold(),
    )
    context = {"event": event, "groups": groups, "total": len(articles), "participants": participants}
    return render(request, "web/event_detail.html", context)
