"""Atom feeds: any search, each person, each event (django.contrib.syndication)."""
from __future__ import annotations

import re
from datetime import datetime, time, timezone

from django.contrib.syndication.views import Feed
from django.core.exceptions import BadRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.xmlutils import SimplerXMLGenerator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from archive.models import Article, Event
from archive.web import selectors
from archive.web.linking import linked_paragraphs
from archive.web.searching import search_request

FEED_ITEMS = 50

# The control characters XML 1.0 cannot carry (Django's generator refuses them outright).
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0B\x0C\x0E-\x1F]")


class _XmlSafeGenerator(SimplerXMLGenerator):
    def characters(self, content):
        super().characters(_NOT_IN_XML.sub("", content) if content else content)


class XmlSafeAtom1Feed(Atom1Feed):
    """Atom that drops control characters from text instead of failing.

    A search query in the feed's title, or a text an editor pasted, may hold them;
    the feed must still be served. ``write`` is Atom1Feed's, with the safe generator.
    """

    def write(self, outfile, encoding):
        handler = _XmlSafeGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")


def summary_html(text: str, *, limit: int = 600) -> str:
    """The start of an article as the HTML of an Atom ``<summary type="html">``.

    A feed reader parses the XML and then renders the summary as HTML, so the text
    must be escaped as HTML first, exactly as the article page does (paragraphs of
    escaped text); the feed generator's XML escaping then wraps that.
    """
    text = text[:limit] + ("…" if len(text) > limit else "")
    return "".join(f"<p>{block}</p>" for block in linked_paragraphs(text, []))


class ArticleFeed(Feed):
    """The shared item rendering: title, lead or start of the body, date, outlet, language."""

    feed_type = XmlSafeAtom1Feed

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return summary_html(item.lead or item.body)

    def item_link(self, item: Article) -> str:
        return reverse("web:article", args=[item.pk])

    def item_pubdate(self, item: Article):
        day = item.published or item.imported_at.date()
        return datetime.combine(day, time(12, 0), tzinfo=timezone.utc)

    def item_updateddate(self, item: Article):
        return item.imported_at

    def item_author_name(self, item: Article) -> str:
        return item.author or (item.outlet.name if item.outlet else "")

    def item_categories(self, item: Article):
        return [item.language] + [tag for tag in (item.tags or []) if isinstance(tag, str)]


class SearchFeed(ArticleFeed):
    """The newest articles matching any search URL's parameters."""

    def get_object(self, request):
        result = search_request(request, sort_default="newest")
        if not result.valid:
            raise BadRequest(_("The search parameters are not valid."))
        return result

    def title(self, result) -> str:
        query = result.query
        return _("News archive: %(query)s") % {"query": query} if query else _("News archive: search")

    def subtitle(self, result) -> str:
        return _("Articles matching the search, newest first.")

    def link(self, result) -> str:
        return reverse("web:search") + result.query_string

    def feed_url(self, result) -> str:
        # rel="self" is this feed with its query, not the bare /search/feed/.
        return reverse("web:search-feed") + result.query_string

    def items(self, result):
        return selectors.article_list(result.articles)[:FEED_ITEMS]


class PersonFeed(ArticleFeed):
    def get_object(self, request, slug):
        return selectors.person_for_slug(slug)

    def title(self, person) -> str:
        return _("News archive: %(name)s") % {"name": person.name_in(get_language())}

    def subtitle(self, person) -> str:
        return _("Articles mentioning %(name)s, newest first.") % {"name": person.name_in(get_language())}

    def link(self, person) -> str:
        return reverse("web:person", args=[person.slug])

    def items(self, person):
        return selectors.person_articles(person)[:FEED_ITEMS]


class EventFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Event, slug=slug)

    def title(self, event) -> str:
        return _("News archive: %(name)s") % {"name": event.name_in(get_language())}

    def subtitle(self, event) -> str:
        return _("Coverage of the event, newest first.")

    def link(self, event) -> str:
        return reverse("web:event", args=[event.slug])

    def items(self, event):
        return selectors.article_list(selectors.event_articles(event).order_by("-published", "-id"))[:FEED_ITEMS]
