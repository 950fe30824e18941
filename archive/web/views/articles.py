"""An article's page, and browsing by language."""
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from archive.models import Article, Event, EventArticle
from archive.web import selectors
from archive.web.citation import Citation
from archive.text.languages import language_label
from archive.web.linking import NameLink, linked_paragraphs, linked_text
from archive.web.views.common import language_chart, paginate


def _name_links(mentions) -> list[NameLink]:
    links = []
    language = get_language()
    for mention in mentions:
        url = reverse("web:person", args=[mention.person.slug])
        forms = list(mention.surface_forms or [])
        for form in forms:
            if isinstance(form, str) and form.strip():
                links.append(NameLink(surface=form, url=url, title=mention.person.name_in(language)))
    return links


def article_detail(request, pk: int):
    article = get_object_or_404(selectors.article_list(Article.objects.all()), pk=pk)
    mentions = article.visible_mentions
    links = _name_links(mentions)
    story = []
    if article.story_id:
        story = list(
            selectors.article_list(article.story.articles.exclude(pk=article.pk))
            .order_by("language", "-published")
        )
    permalink = request.build_absolute_uri(reverse("web:article", args=[article.pk]))
    events = Event.objects.filter(pk__in=EventArticle.objects.counted().filter(article=article).values("event")).order_by("-start_date")
    context = {
        "article": article,
        "title_html": linked_text(article.title, links),
        "lead_html": linked_text(article.lead, links) if article.lead else "",
        "paragraphs": linked_paragraphs(article.body, links),
        "people": sorted(mentions, key=lambda m: (-m.count, m.first_position)),
        "cited": article.cited_outlets.order_by("name"),
        "events": events,
        "story": story,
        "tags": [tag for tag in (article.tags or []) if isinstance(tag, str)],
        "permalink": permalink,
        "citation": Citation.of(article, permalink=permalink, accessed=timezone.localdate()),
        # A local file name says nothing to a reader and something about the server: staff only.
        "show_source_name": request.user.is_staff,
    }
    return render(request, "web/article_detail.html", context)


def language_list(request):
    languages = [
        {"code": row["language"], "name": language_label(row["language"]), "count": row["count"]}
        for row in selectors.languages_with_counts()
    ]
    return render(request, "web/language_list.html", {"languages": languages})


def language_detail(request, code: str):
    articles = Article.objects.filter(language=code)
    if not articles.exists():
        raise Http404(_("No articles in this language."))
    context = {
        "code": code,
        "name": language_label(code),
        "page": paginate(request, selectors.article_list(articles.order_by("-published", "-id"))),
        "total": articles.count(),
        "chart": language_chart(articles, title=_("Articles per day")),
        "people": selectors.most_mentioned_people(limit=10, articles=articles),
    }
    return render(request, "web/language_detail.html", context)

