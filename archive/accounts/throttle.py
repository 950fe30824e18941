"""Rate-limiting sign-ups: at most ``ACCOUNT_SIGNUP_LIMIT`` per client address per hour.

The address is the one django-axes uses for logins (``axes.helpers.get_client_ip_address``,
so a proxy setting serves both). Attempts older than the window are deleted as new ones
arrive, so the table stays small.
"""
from __future__ import annotations

from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.utils import timezone

from archive.models import SignupAttempt

WINDOW = timedelta(hours=1)


def allow_signup(request) -> bool:
    """Record a sign-up attempt from ``request``'s address; False when the address is over its limit."""
    now = timezone.now()
    address = get_client_ip_address(request)
    SignupAttempt.objects.filter(attempted_at__lt=now - WINDOW).delete()
    recent = SignupAttempt.objects.filter(ip_address=address, attempted_at__gte=now - WINDOW).count()
    if recent >= settings.ACCOUNT_SIGNUP_LIMIT:
        return False
    SignupAttempt.objects.create(ip_address=address)
    return True
