"""A reader's saved searches: save, list (with new matches), open, edit, delete, revoke the feed."""
from __future__ import annotations

from urllib.parse import unquote_plus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from archive.accounts.forms import SaveSearchForm, SavedSearchForm
from archive.accounts.matching import clean_query_string, matching_articles, search_run
from archive.models import SavedSearch


def own_search(request, pk: int) -> SavedSearch:
    """The reader's own saved search ``pk``; anyone else's is a 404, as if it did not exist."""
    return get_object_or_404(SavedSearch, pk=pk, user=request.user)


def search_url(saved: SavedSearch) -> str:
    return reverse("web:search") + (f"?{saved.query_string}" if saved.query_string else "")


@require_POST
def save_search(request):
    """Save the search of the results page the form was on, then go back to it."""
    form = SaveSearchForm(request.POST)
    query_string = clean_query_string(request.POST.get("query_string", ""))
    back = reverse("web:search") + (f"?{query_string}" if query_string else "")
    if not request.user.is_authenticated:
        # Log in first, then back to the same results page, where the form is again.
        return redirect_to_login(back)
    if not form.is_valid():
        messages.error(request, _("Give the search a name to save it."))
        return redirect(back)
    if not search_run(query_string).valid:
        messages.error(request, _("This search has parameters that are not valid, so it cannot be saved."))
        return redirect(back)
    saved = SavedSearch.objects.create(user=request.user, name=form.cleaned_data["name"], query_string=query_string)
    messages.success(request, _("Saved as “%(name)s”.") % {"name": saved.name})
    return redirect(back)


@login_required
def saved_search_list(request):
    """Every saved search of the reader with its count of articles new since last opened."""
    rows = []
    for saved in request.user.saved_searches.all():
        rows.append({
            "search": saved,
            "parameters": unquote_plus(saved.query_string),  # as the reader typed it, not %-encoded
            "new": matching_articles(saved, since=saved.last_seen_at).count(),
            "form": SavedSearchForm(instance=saved, prefix=f"s{saved.pk}"),
            "feed_url": request.build_absolute_uri(reverse("accounts:saved-search-feed", args=[saved.feed_token])),
        })
    return render(request, "accounts/saved_search_list.html", {"rows": rows})


@login_required
def open_saved_search(request, pk: int):
    """Go to the search's results; what it finds now counts as seen."""
    saved = own_search(request, pk)
    saved.last_seen_at = timezone.now()
    saved.save(update_fields=["last_seen_at"])
    return redirect(search_url(saved))


@login_required
def edit_saved_search(request, pk: int):
    """Rename it and choose its alert frequency (the list page's form posts here too)."""
    saved = own_search(request, pk)
    form = SavedSearchForm(request.POST or None, instance=saved, prefix=f"s{saved.pk}")
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("“%(name)s” is saved.") % {"name": saved.name})
        return redirect("accounts:saved-searches")
    return render(request, "accounts/saved_search_edit.html", {"search": saved, "form": form},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def delete_saved_search(request, pk: int):
    saved = own_search(request, pk)
    saved.delete()
    messages.success(request, _("“%(name)s” is deleted.") % {"name": saved.name})
    return redirect("accounts:saved-searches")


@login_required
@require_POST
def revoke_feed(request, pk: int):
    """A new feed address: the old one answers 404 from now on."""
    saved = own_search(request, pk)
    saved.revoke_feed_token()
    messages.success(request, _("The feed of “%(name)s” has a new address; the old one no longer works.") % {"name": saved.name})
    return redirect("accounts:saved-searches")
