"""The editors' log of curation (merges, splits, hidden people, event links).

Django's admin ``LogEntry`` records plain edits; this log records the curation
services, which touch many rows at once, in words an editor can read.
"""
from django.conf import settings
from django.db import models


class CurationLog(models.Model):
    """One curation action: who did what, when."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=40, db_index=True)
    summary = models.TextField()
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}: {self.summary}"
