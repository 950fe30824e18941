"""Links of the search page: facets that narrow (or widen back), removable filters, hidden fields.

Every link is the current search URL with one parameter changed, so a search is
always shareable and the back button always works.
"""
from __future__ import annotations

from django.utils.translation import gettext as _

from archive.text.languages import language_label
from archive.web.filters import FACET_KEYS, FILTER_KEYS, MULTI_KEYS
from archive.web.querystrings import changed_query



def selected_values(request, key: str) -> list[str]:
    """The non-empty values of ``key`` in the search URL, each once, in order."""
    values = []
    for value in request.GET.getlist(key):
        if value and value not in values:
            values.append(value)
    return values


def _url(request, **changes) -> str:
    """The search URL with ``changes``, back on page 1 and without unknown parameters."""
    return changed_query(request.GET, keep=FILTER_KEYS, **changes)


def facet_titles() -> dict[str, str]:
    return {"language": _("Language"), "outlet": _("Outlet"), "person": _("Person"), "event": _("Event")}


def facet_groups(request, facets: dict) -> list[dict]:
    """Each facet with its values; a click adds a value (any selected value matches), or removes it when selected."""
    groups = []
    titles = facet_titles()
    for key in FACET_KEYS:
        current = selected_values(request, key)
        items = []
        for item in facets.get(key, []):
            value = str(item["value"])
            selected = value in current
            values = [v for v in current if v != value] if selected else [*current, value]
            items.append({
                "value": value, "label": item["label"], "count": item["count"],
                "approximate": item.get("approximate", False), "selected": selected,
                "url": _url(request, **{key: values}),
            })
        groups.append({"key": key, "title": titles[key], "items": items})
    return groups


def active_filters(request, facets: dict) -> list[dict]:
    """The filters in force, each with a link that removes just that one."""
    labels = {key: {str(item["value"]): item["label"] for item in facets.get(key, [])} for key in FACET_KEYS}
    titles = {**facet_titles(), "cites": _("Cites")}
    labels["cites"] = {}
    active = []
    for key in MULTI_KEYS:
        current = selected_values(request, key)
        for value in current:
            shown = labels[key].get(value) or (language_label(value) if key == "language" else value)
            others = [v for v in current if v != value]
            active.append({"label": f"{titles[key]}: {shown}", "remove_url": _url(request, **{key: others})})
    for key, title in (("date_from", _("From")), ("date_to", _("To"))):
        value = request.GET.get(key, "")
        if value:
            active.append({"label": f"{title}: {value}", "remove_url": _url(request, **{key: None})})
    return active


def hidden_fields(request, *, exclude: set[str]) -> list[tuple[str, str]]:
    """The current filters as hidden inputs, so a form changing some keeps the others."""
    return [
        (key, value) for key in FILTER_KEYS if key not in exclude for value in selected_values(request, key)
    ]


def narrowing_link(request):
    """Chart bars on the search page narrow the search to their dates."""
    def link(bucket) -> str:
        return _url(request, date_from=bucket.start.isoformat(), date_to=bucket.end.isoformat())
    return link
