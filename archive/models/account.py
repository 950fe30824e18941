"""Sign-up attempts, counted per client address so that sign-ups can be rate-limited.

Logins are limited by django-axes, which counts failed logins; a sign-up is no login,
and the rate-limiting libraries need a cache with atomic increments (Redis, memcached)
the archive does not run. Counting rows in the database is atomic enough and works
with every process of every deployment.
"""
from django.db import models


class SignupAttempt(models.Model):
    """One sign-up form submitted from ``ip_address`` (see archive/accounts/throttle.py)."""

    ip_address = models.GenericIPAddressField(null=True)
    attempted_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["ip_address", "attempted_at"], name="signup_attempt_by_address")]
