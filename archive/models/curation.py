"""The editors' log of curation (merges, splits, hidden people, event links).

Django's admin ``LogEntry`` records plain edits; this log records the curation
services, which touch many rows at once, in words an editor can read.
"""
from django.conf import settings
from django.db import models


class CurationLog(models.Model):
    """One curation action: who did what, when."""

    class Action(models.TextChoices):
        MERGE = "merge", "Merged people"
        SPLIT = "split", "Split a name off"
        ADD_NAME = "add_name", "Added a name"
        EDIT_NAME = "edit_name", "Edited a name"
        REMOVE_NAME = "remove_name", "Removed a name"
        SET_ORIGIN = "set_origin", "Changed a person's origin"
        HIDE = "hide", "Hid a person"
        UNHIDE = "unhide", "Showed a person again"
        REJECT_MERGE = "reject_merge", "Rejected a merge suggestion"
        ATTACH = "attach", "Attached an article to an event"
        DETACH = "detach", "Detached an article from an event"
        EVENT_FROM_STORY = "event_from_story", "Made an event from a story"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=40, db_index=True, choices=Action.choices)
    summary = models.TextField()
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()}: {self.summary}"
