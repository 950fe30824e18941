"""Readers' saved searches and the alerts sent for them.

A saved search keeps the query string of a results page (query and filters, as the
reader saw them), so running it again is running that page again. Its Atom feed is
private: the URL carries an unguessable token that the reader can revoke (a new one
replaces it). ``SentAlert`` remembers which articles an alert already carried, so no
article is ever sent twice for the same search.
"""
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


def new_feed_token() -> str:
    """43 URL-safe characters (256 random bits)."""
    return secrets.token_urlsafe(32)


class SavedSearch(models.Model):
    """One reader's named search, with its feed token and alert frequency."""

    class Frequency(models.TextChoices):
        NONE = "none", "No alerts"
        IMMEDIATE = "immediate", "Immediately"
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(max_length=200)
    query_string = models.TextField(blank=True, help_text="The results page's query string: query and filters")
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(default=timezone.now, help_text="When the reader last looked at its results")
    feed_token = models.CharField(max_length=64, unique=True, editable=False)
    alert_frequency = models.CharField(max_length=16, choices=Frequency.choices, default=Frequency.NONE)
    last_alerted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Filled here rather than by a field default, so the migration names no project code.
        if not self.feed_token:
            self.feed_token = new_feed_token()
        super().save(*args, **kwargs)

    def revoke_feed_token(self) -> None:
        """Give the feed a new token: the old URL stops working at once."""
        self.feed_token = new_feed_token()
        self.save(update_fields=["feed_token"])


class SentAlert(models.Model):
    """An article an alert for a saved search has carried (never sent twice)."""

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="sent_alerts")
    article = models.ForeignKey("archive.Article", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["saved_search", "article"], name="sent_alert_once_per_article"),
        ]
