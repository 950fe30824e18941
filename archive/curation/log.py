"""The curation log: every editor's action written in words an editor can read."""
from archive.models import CurationLog


def editor(acting_user):
    """The user to record for ``acting_user`` (None for the command line and analysis)."""
    return acting_user if getattr(acting_user, "pk", None) else None


def log(acting_user, action: CurationLog.Action, summary: str, **details) -> CurationLog:
    """Record one curation action."""
    return CurationLog.objects.create(user=editor(acting_user), action=action, summary=summary, details=details)
