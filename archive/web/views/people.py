"""People: the index and each person's page."""
from collections import OrderedDict

from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from archive.models import Person
from archive.web import selectors
from archive.text.languages import language_label
from archive.web.views.common import language_chart, paginate

def person_list(request):
    people = (
        Person.objects.visible()
        .annotate(article_count=Count("mentions__article", distinct=True))
        .filter(article_count__gt=0)
        .order_by("-article_count", "name")
        .with_display_names()
    )
    return render(request, "web/person_list.html", {"page": paginate(request, people, per_page=60)})


def other_display_names(names: "OrderedDict[str, list]", shown: str) -> list[str]:
    """The person's canonical names in other languages than the one shown, each once."""
    others = []
    for forms in names.values():
        for form in forms:
            if form.kind == form.Kind.CANONICAL and form.name != shown and form.name not in others:
                others.append(form.name)
    return others


def person_detail(request, slug: str):
    person = selectors.person_for_slug(slug)
    if person.slug != slug:
        return redirect("web:person", slug=person.slug, permanent=True)
    articles = selectors.person_articles(person)
    names = OrderedDict()
    for name in person.names.order_by("language", "kind", "name"):
        names.setdefault(name.language, []).append(name)
    shown = person.name_in(get_language())
    context = {
        "person": person,
        "display_name": shown,
        # The name in the title is the reader's; the others are said once, under it.
        "other_names": other_display_names(names, shown),
        "names": [(code, language_label(code) if code else _("Any language"), forms) for code, forms in names.items()],
        "page": paginate(request, articles),
        "total": articles.count(),
        "chart": language_chart(articles, title=_("Mentions over time")),
        "events": person.events.order_by("-start_date"),
        "co_mentioned": selectors.co_mentioned_people(person),
    }
    return render(request, "web/person_detail.html", context)
