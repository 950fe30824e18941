"""The unsubscribe page an alert links to: it works without logging in.

GET shows what will stop and a button; POST stops the saved search's alerts. The
link itself never changes anything, because mail scanners and link previews open
links on their own; a mail program's own unsubscribe button (RFC 8058) POSTs
``List-Unsubscribe=One-Click`` to the same address. The signed token is the
credential, so the POST needs no CSRF cookie (a forged request could only do what
the token's holder may: stop that one search's alerts).
"""
from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from archive.alerts.tokens import InvalidToken, saved_search_id_from
from archive.models import SavedSearch


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    try:
        saved_search_id = saved_search_id_from(token)
    except InvalidToken:
        return render(request, "alerts/unsubscribe_invalid.html", status=400)
    saved_search = SavedSearch.objects.filter(pk=saved_search_id).first()
    if saved_search is None:
        return render(request, "alerts/unsubscribe_gone.html", status=404)
    if request.method == "POST":
        SavedSearch.objects.filter(pk=saved_search.pk).update(alert_frequency=SavedSearch.Frequency.NONE)
        return render(request, "alerts/unsubscribe_done.html", {"saved_search": saved_search})
    return render(request, "alerts/unsubscribe_confirm.html", {"saved_search": saved_search})
