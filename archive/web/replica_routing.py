"""Which requests may read from a replica, and the cookie that keeps a writer on the primary.

With replicas configured (``DATABASE_REPLICA_URLS``), a request reads from a
replica unless it must see the primary's latest state:

- it is not a GET, HEAD or OPTIONS request (a form post reads what it checks);
- it is in the admin (editors must see their own changes at once);
- it comes from a staff user, on any page (an editor checking the public page
  of an article they just fixed);
- it carries the ``archive_primary`` cookie, which every POST (PUT, PATCH, DELETE)
  response sets for ``DATABASE_REPLICA_PIN_SECONDS``: the next pages of anyone who
  just wrote (logged in, changed a setting) read from the primary until the replicas
  have surely caught up.

The cookie holds no secret and grants nothing: a client that forges it only reads
from the primary. A streamed response (a search download) reads as it is sent, so
its content is read under the same choice as the view.
"""
from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from archive.db_router import ReplicaChoice, replica_aliases, replica_reads

PRIMARY_COOKIE = "archive_primary"
READ_ONLY_METHODS = {"GET", "HEAD", "OPTIONS"}


def must_read_primary(request) -> bool:
    """True when ``request`` must read from the primary (see the module's rules)."""
    if request.method not in READ_ONLY_METHODS or PRIMARY_COOKIE in request.COOKIES:
        return True
    if request.path.startswith(reverse("admin:index")):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_staff)


def _read_from_replica(chunks, choice: ReplicaChoice):
    """Yield the streamed ``chunks``, each produced on the database the view read from.

    The block is opened around each chunk, not across the ``yield``: a context
    variable set in a generator would otherwise stay set in the server's code
    between chunks.
    """
    iterator = iter(chunks)
    while True:
        with replica_reads(choice):
            try:
                chunk = next(iterator)
            except StopIteration:
                return
        yield chunk


class ReplicaRoutingMiddleware:
    """Opens ``replica_reads()`` around the requests that may read from a replica.

    Placed after AuthenticationMiddleware: the staff check reads the session, from a
    replica (a session younger than the cookie's lifetime is read from the primary).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_aliases():
            return self.get_response(request)
        with replica_reads():
            on_primary = must_read_primary(request)
        if on_primary:
            response = self.get_response(request)
        else:
            with replica_reads() as choice:
                response = self.get_response(request)
            if response.streaming and not response.is_async:
                response.streaming_content = _read_from_replica(response.streaming_content, choice)
        if request.method not in READ_ONLY_METHODS:
            response.set_cookie(
                PRIMARY_COOKIE, "1", max_age=settings.DATABASE_REPLICA_PIN_SECONDS,
                httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
