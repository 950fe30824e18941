"""The private Atom feed of a saved search: /saved/<token>/feed/."""
from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from archive.accounts.matching import matching_articles
from archive.models import SavedSearch
from archive.web import selectors
from archive.web.feeds import FEED_ITEMS, ArticleFeed


class SavedSearchFeed(ArticleFeed):
    """The search's newest matches, like the search feed; the token is the only key (a revoked one is a 404)."""

    def get_object(self, request, token):
        return get_object_or_404(SavedSearch, feed_token=token)

    def title(self, saved) -> str:
        return _("News archive: %(query)s") % {"query": saved.name}

    def subtitle(self, saved) -> str:
        return _("Articles matching the search, newest first.")

    def link(self, saved) -> str:
        return reverse("web:search") + (f"?{saved.query_string}" if saved.query_string else "")

    def feed_url(self, saved) -> str:
        return reverse("accounts:saved-search-feed", args=[saved.feed_token])

    def items(self, saved):
        return selectors.article_list(matching_articles(saved).order_by("-imported_at", "-id"))[:FEED_ITEMS]
