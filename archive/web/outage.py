"""A database that cannot be reached is a 503 with a clear message, never a 500 page.

Django calls ``handler500`` for any exception that escapes a view or a
middleware, from inside the ``except`` block, so the exception is at hand. When
it is the database's (connection refused, pool exhausted, SQLite locked past
its timeout), the reader gets a page in the interface language saying the
archive's database is unreachable and to try again shortly, and the API a JSON
body; both with status 503 and ``Retry-After``. The page is rendered without
context processors: they would read the session, that is the database.
"""
from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

RETRY_AFTER_SECONDS = 10


def is_database_outage(error: BaseException | None) -> bool:
    """True for errors of the database itself, wherever Django raised them."""
    while error is not None:
        if isinstance(error, (OperationalError, InterfaceError)):
            return True
        error = error.__cause__
    return False


def outage_response(request) -> HttpResponse:
    """The 503 for ``request``: JSON under /api/, else a page in the reader's language."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        message = _("The archive's database is unreachable. Please try again shortly.")
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": message, "code": "database_unavailable"}, status=503)
        else:
            html = loader.render_to_string("503.html", {"message": message, "LANGUAGE_CODE": language})
            response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """``handler500``: the database outage page, or Django's plain 500 page."""
    if is_database_outage(sys.exc_info()[1]):
        return outage_response(request)
    return HttpResponseServerError(loader.get_template(template_name).render())
