"""Template helpers for the reader's pages: shareable query URLs, names in the reader's language."""
from __future__ import annotations

from django import template
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def query_url(context, **changes) -> str:
    """The current query string with ``changes`` applied ("" or None removes a key).

    Any change other than ``page`` itself sends the reader back to page 1.
    """
    request = context["request"]
    params = request.GET.copy()
    if "page" not in changes:
        params.pop("page", None)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def toggle_url(context, key: str, value) -> str:
    """Narrow to ``key=value``, or remove that filter when it is already the current one."""
    current = context["request"].GET.get(key)
    return query_url(context, **{key: None if current == str(value) else value})


@register.filter
def language_name(code: str) -> str:
    """The name of language ``code`` in the interface language ("uk" -> "Ukrainian")."""
    if not code:
        return _("Unknown language")
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


@register.filter
def event_name(event) -> str:
    """The event's name in the interface language, falling back to English."""
    language = (get_language() or "en")[:2]
    if language in {"ru", "uk"}:
        return getattr(event, f"name_{language}") or event.name_en
    return event.name_en

