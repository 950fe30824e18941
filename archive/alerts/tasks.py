"""Alerts on the task queue: immediate alerts after an import, retries with backoff.

    alerts_after_import()      called where an import batch ends: enqueues
                               send_immediate_alerts once the batch's transaction commits
    send_immediate_alerts      one send_saved_search_alert task per "immediate" saved search
    send_saved_search_alert    one saved search's email; on failure, tried again later

Daily and weekly digests are started by ``manage.py send_alerts`` (cron, or the
docker-compose ``alerts`` service), which uses the same per-search task.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from archive.alerts import sending
from archive.models import SavedSearch

logger = logging.getLogger(__name__)

#: Seconds to wait before the 2nd, 3rd and 4th try of a failed alert; after those the
#: next regular run (the next import, the next digest) sends it, since nothing was recorded.
RETRY_DELAYS = (60, 600, 3600)


def alerts_after_import() -> None:
    """Queue the immediate alerts, once the current transaction (if any) commits.

    Cheap when no reader asked for immediate alerts: nothing is queued. Never lets
    a queue problem stop the import that calls it.
    """
    def enqueue() -> None:
        try:
            if SavedSearch.objects.filter(alert_frequency=SavedSearch.Frequency.IMMEDIATE).exists():
                send_immediate_alerts.enqueue()
        except Exception:
            logger.exception("Immediate alerts could not be queued after an import")

    transaction.on_commit(enqueue)


@task()
def send_immediate_alerts() -> int:
    """Queue one alert task per saved search with immediate alerts; returns how many."""
    searches = sending.alerting_searches(SavedSearch.Frequency.IMMEDIATE)
    for saved_search_id in searches:
        send_saved_search_alert.enqueue(saved_search_id)
    return len(searches)


@task()
def send_saved_search_alert(saved_search_id: int, attempt: int = 1) -> int:
    """Send one saved search's alert; returns the number of articles it carried.

    A failed send records nothing (archive.alerts.sending), is logged, and is queued
    again after RETRY_DELAYS[attempt - 1] seconds; the task itself then fails, so the
    queue's table shows the failure.
    """
    try:
        return sending.send_alert(saved_search_id)
    except sending.AlertFailed:
        schedule_retry(saved_search_id, attempt)
        raise


def schedule_retry(saved_search_id: int, attempt: int) -> bool:
    """Queue try ``attempt + 1`` with its delay; False when the tries are used up or the backend cannot wait."""
    if attempt > len(RETRY_DELAYS):
        logger.error("Alert for saved search #%s failed %d times; the next regular run sends it",
                     saved_search_id, attempt)
        return False
    if not send_saved_search_alert.get_backend().supports_defer:
        # The immediate backend (tests, ARCHIVE_TASKS_BACKEND=immediate) cannot wait: retrying
        # at once would only fail again, so the next regular run sends it.
        logger.warning("Alert for saved search #%s: this task backend cannot delay a retry; "
                       "the next regular run sends it", saved_search_id)
        return False
    delay = timedelta(seconds=RETRY_DELAYS[attempt - 1])
    send_saved_search_alert.using(run_after=timezone.now() + delay).enqueue(saved_search_id, attempt + 1)
    logger.warning("Alert for saved search #%s: try %d queued in %d s",
                   saved_search_id, attempt + 1, RETRY_DELAYS[attempt - 1])
    return True
