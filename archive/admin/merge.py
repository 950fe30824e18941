"""The merge confirmation page: the chosen people side by side, the editor picks the survivor.

Every place the admin offers a merge (the people list's action, "Merge this person
into" on a person's page, accepting a merge suggestion) leads here first; nothing is
merged until the editor confirms. ``?ids=1&ids=2`` names the people,
``survivor`` preselects one (else the curated or oldest), ``suggestion`` the merge
suggestion being accepted. Cancel goes back and changes nothing.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode

from archive import curation
from archive.models import MergeSuggestion, Person, PersonName

CHANGELIST = "admin:archive_person_changelist"


def merge_url(ids, *, survivor=None, suggestion=None) -> str:
    """The confirmation page for merging the people ``ids``."""
    query = [("ids", pk) for pk in ids]
    if survivor is not None:
        query.append(("survivor", survivor))
    if suggestion is not None:
        query.append(("suggestion", suggestion))
    return reverse("admin:archive_person_merge") + "?" + urlencode(query)


def default_survivor(people: list[Person]) -> Person:
    """The record kept unless the editor chooses another: the curated one, else the oldest."""
    return sorted(people, key=lambda p: (p.origin != Person.Origin.CURATED, p.pk))[0]


def _ids(values) -> list[int]:
    return list(dict.fromkeys(int(v) for v in values if str(v).isdigit()))


def _people(ids: list[int]) -> list[Person]:
    """The unmerged people among ``ids``, with what the page shows of each."""
    return list(Person.objects.unmerged().filter(pk__in=ids)
                .annotate(article_count=Count("mentions__article", distinct=True))
                .prefetch_related("events").order_by("pk"))


def _names(person: Person) -> list[PersonName]:
    return list(person.names.exclude(kind=PersonName.Kind.INFLECTED).order_by("language", "kind", "name"))


def merge_view(model_admin, request):
    """GET: the confirmation page; POST: merge into the chosen survivor (or go back on cancel)."""
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else request.GET
    ids = _ids(data.getlist("ids"))
    people = _people(ids)
    back = reverse(CHANGELIST)
    if len(people) < 2:
        model_admin.message_user(request, "Select at least two people (not merged already) to merge.",
                                 messages.WARNING)
        return HttpResponseRedirect(back)
    suggestion = MergeSuggestion.objects.filter(pk=data.get("suggestion") or None,
                                                status=MergeSuggestion.Status.PENDING).first()
    chosen = next((p for p in people if str(p.pk) == data.get("survivor")), None)
    if request.method == "POST":
        if "cancel" in request.POST:
            model_admin.message_user(request, "Nothing was merged.", messages.INFO)
            return HttpResponseRedirect(back)
        if chosen is None:
            model_admin.message_user(request, "Choose the record to keep.", messages.ERROR)
        else:
            return _merge(model_admin, request, chosen, [p for p in people if p.pk != chosen.pk], suggestion)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Merge people",
        "opts": model_admin.model._meta,
        "rows": [(person, _names(person)) for person in people],
        "survivor": chosen or default_survivor(people),
        "suggestion": suggestion,
        "cancel_url": back,
    }
    return TemplateResponse(request, "admin/archive/person/merge_confirmation.html", context)


def _merge(model_admin, request, keep: Person, others: list[Person], suggestion) -> HttpResponseRedirect:
    for other in others:
        try:
            curation.merge_people(keep, other, acting_user=request.user)
        except ValueError as error:
            model_admin.message_user(request, f"{other} not merged: {error}.", messages.ERROR)
            continue
        model_admin.log_change(request, other, f"Merged into {keep} (#{keep.pk})")
    if suggestion is not None:  # merge_people accepted the pair's own suggestion; a retargeted one too
        suggestion.refresh_from_db()
        if suggestion.status == MergeSuggestion.Status.PENDING:
            curation.decide_suggestion(suggestion, True, acting_user=request.user)
    names = ", ".join(str(p) for p in others)
    model_admin.message_user(request, f"Merged {names} into {keep}.", messages.SUCCESS)
    return HttpResponseRedirect(reverse("admin:archive_person_change", args=[keep.pk]))
