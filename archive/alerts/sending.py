"""Sending one saved search's alert, and choosing which saved searches are due.

The order of one alert, chosen so no article is ever sent twice (at most once):

1. in one transaction, with the saved search's row locked: find the matching
   articles no SentAlert records yet, write their SentAlert rows and move
   ``last_alerted_at`` to now: the articles are claimed;
2. after the commit, build and send the email;
3. if sending raises (the mail server refused or is down), delete those SentAlert
   rows and put ``last_alerted_at`` back, in one transaction, and log the saved
   search's id with the error: nothing is recorded as sent, so the retry (or the
   next run) sends the same articles.

A process killed between 1 and 2 (power cut, SIGKILL) loses that one email: its
articles count as sent. The other order (send, then record) would instead send
them twice after such a crash; a reader is better served by a rare missing alert
than by duplicates, and the articles stay on the search page and in its feed.
Two workers alerting the same search take turns on its row (PostgreSQL's row
lock, SQLite's single writer), and the unique (saved search, article) constraint
stands behind that.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from archive.alerts.emails import alert_message
from archive.accounts.matching import matching_articles
from archive.models import SavedSearch, SentAlert

logger = logging.getLogger(__name__)

Frequency = SavedSearch.Frequency
#: How far before the last alert a new one looks again: an article whose transaction
#: began before that alert but committed after it is still found (SentAlert keeps it
#: from being sent twice).
LOOK_BACK = timedelta(hours=1)


class AlertFailed(Exception):
    """Sending a saved search's alert raised; nothing was recorded as sent."""

    def __init__(self, saved_search_id: int, error: BaseException):
        super().__init__(f"saved search #{saved_search_id}: {type(error).__name__}: {error}")
        self.saved_search_id = saved_search_id
        self.error = error


@dataclass(frozen=True)
class Claim:
    saved_search: SavedSearch
    articles: list
    previous_alerted_at: datetime | None


def send_alert(saved_search_id: int, *, now: datetime | None = None) -> int:
    """Send the saved search's new matches in one email; returns how many articles it carried.

    0 when the search is gone, has alerts off, its reader has no email address, or
    nothing new matched. Raises :class:`AlertFailed` when sending fails (logged, and
    nothing recorded).
    """
    claim = _claim(saved_search_id, now or timezone.now())
    if claim is None or not claim.articles:
        return 0
    try:
        alert_message(claim.saved_search, claim.articles).send()
    except Exception as error:
        _release(claim)
        logger.error("Alert for saved search #%s not sent (%d articles left unsent for a retry): %s: %s",
                     saved_search_id, len(claim.articles), type(error).__name__, error)
        raise AlertFailed(saved_search_id, error) from error
    logger.info("Alert for saved search #%s sent with %d articles", saved_search_id, len(claim.articles))
    return len(claim.articles)


def _claim(saved_search_id: int, now: datetime) -> Claim | None:
    with transaction.atomic():
        search = (SavedSearch.objects.select_for_update(of=("self",)).select_related("user")
                  .filter(pk=saved_search_id).first())
        if search is None or search.alert_frequency == Frequency.NONE:
            return None
        if not search.user.is_active or not search.user.email:
            logger.warning("Saved search #%s has alerts on but its reader has no email address", search.pk)
            return None
        previous = search.last_alerted_at
        since = max(previous - LOOK_BACK, search.created_at) if previous else search.created_at
        sent = SentAlert.objects.filter(saved_search=search).values("article_id")
        # newest first whatever order the reader's page had: an alert is about what is new
        articles = list(matching_articles(search, since).exclude(pk__in=sent).select_related("outlet")
                        .order_by("-published", "-id"))
        search.last_alerted_at = now
        search.save(update_fields=["last_alerted_at"])
        SentAlert.objects.bulk_create([SentAlert(saved_search=search, article=article) for article in articles])
    return Claim(saved_search=search, articles=articles, previous_alerted_at=previous)


def _release(claim: Claim) -> None:
    """Undo a claim whose email was not sent: the articles count as unsent again."""
    with transaction.atomic():
        SentAlert.objects.filter(saved_search=claim.saved_search,
                                 article_id__in=[article.pk for article in claim.articles]).delete()
        SavedSearch.objects.filter(pk=claim.saved_search.pk).update(last_alerted_at=claim.previous_alerted_at)


def alerting_searches(frequency: str) -> list[int]:
    """The ids of the saved searches with alerts at ``frequency``, in id order."""
    return list(SavedSearch.objects.filter(alert_frequency=frequency).order_by("pk").values_list("pk", flat=True))


def due_digests(*, now: datetime | None = None) -> list[int]:
    """The daily searches whose last digest was on an earlier day, and the weekly ones 7 days or more ago.

    Days are calendar days in ``TIME_ZONE``, so a check every hour sends each daily
    digest once, soon after midnight, whatever minute the last one went out.
    """
    today = timezone.localdate(now or timezone.now())
    due = []
    for pk, frequency, last in (SavedSearch.objects.filter(alert_frequency__in=(Frequency.DAILY, Frequency.WEEKLY))
                                .order_by("pk").values_list("pk", "alert_frequency", "last_alerted_at")):
        days = (today - timezone.localdate(last)).days if last else None
        if days is None or days >= (1 if frequency == Frequency.DAILY else 7):
            due.append(pk)
    return due
