"""The alert email for one saved search: plain text with an HTML alternative.

Written in the reader's language (:func:`alert_language`), with each new article's
title, date, outlet and absolute link (``SITE_URL``), a link to the whole search and
a one-click unsubscribe link, which the ``List-Unsubscribe`` and
``List-Unsubscribe-Post`` headers (RFC 2369, RFC 8058) also carry so mail programs
can offer their own unsubscribe button.
"""
from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.http import QueryDict
from django.utils.translation import gettext_lazy, ngettext

from archive.alerts.tokens import unsubscribe_token
from archive.models import Article, SavedSearch

#: The most articles listed in one email; the rest are counted and reached through the search link.
MAX_LISTED = 50
#: How often, as the email's last paragraph says it (the model's labels are not translated).
FREQUENCY_WORDS = {
    SavedSearch.Frequency.IMMEDIATE: gettext_lazy("after every import"),
    SavedSearch.Frequency.DAILY: gettext_lazy("daily"),
    SavedSearch.Frequency.WEEKLY: gettext_lazy("weekly"),
}


def absolute_url(path: str) -> str:
    """``path`` on the site's public address (``SITE_URL``: emails are read away from any request)."""
    return settings.SITE_URL.rstrip("/") + path


def alert_language(saved_search: SavedSearch) -> str:
    """The language the reader's email is written in: the one stored for the reader, else the site default.

    Readers' accounts store no language preference yet; when they do, it is read here.
    """
    stored = ""
    return stored if stored in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def unsubscribe_url(saved_search: SavedSearch) -> str:
    return absolute_url(reverse("alerts:unsubscribe", args=[unsubscribe_token(saved_search.pk)]))


def search_url(saved_search: SavedSearch) -> str:
    query = QueryDict(saved_search.query_string.lstrip("?")).urlencode()  # percent-encoded for mail programs
    return absolute_url(reverse("web:search") + (f"?{query}" if query else ""))


def alert_message(saved_search: SavedSearch, articles: Sequence[Article]) -> EmailMultiAlternatives:
    """The email announcing ``articles`` (newest first) to the saved search's reader."""
    listed = list(articles[:MAX_LISTED])
    with translation.override(alert_language(saved_search)):
        context = {
            "saved_search": saved_search,
            "articles": [
                {"title": article.title, "published": article.published,
                 "outlet": article.outlet.name if article.outlet_id else "",
                 "url": absolute_url(reverse("web:article", args=[article.pk]))}
                for article in listed
            ],
            "total": len(articles),
            "more": len(articles) - len(listed),
            "search_url": search_url(saved_search),
            "unsubscribe_url": unsubscribe_url(saved_search),
            "frequency": FREQUENCY_WORDS.get(saved_search.alert_frequency, ""),
        }
        subject = ngettext("%(count)d new article for “%(name)s”", "%(count)d new articles for “%(name)s”",
                           len(articles)) % {"count": len(articles), "name": saved_search.name}
        text = render_to_string("alerts/email.txt", context)
        html = render_to_string("alerts/email.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),  # a name with line breaks must not break the header
        body=text,
        to=[saved_search.user.email],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message
