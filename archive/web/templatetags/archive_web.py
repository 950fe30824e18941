"""Template helpers for the reader's pages: shareable query URLs, names in the reader's language."""
from __future__ import annotations

from django import template
from django.utils.translation import get_language

from archive.text.languages import language_label
from archive.web import links
from archive.web.querystrings import changed_query

register = template.Library()


@register.simple_tag(takes_context=True)
def query_url(context, **changes) -> str:
    """The current query string with ``changes`` applied ("" or None removes a key).

    Any change other than ``page`` itself sends the reader back to page 1.
    """
    return changed_query(context["request"].GET, **changes)


#: ``{% page_url "web:article" article.pk %}``: ``{% url %}`` for the one-value pages a result
#: row links, without a ``reverse()`` each (archive.web.links).
register.simple_tag(links.page_url, name="page_url")


#: ``{{ code|language_name }}``: the name of a language in the interface language ("uk" -> "Ukrainian").
register.filter("language_name", language_label)


@register.filter
def event_name(event) -> str:
    """The event's name in the interface language, falling back to English."""
    return event.name_in(get_language())


@register.filter
def event_place(event) -> str:
    """Where the event happened, in the interface language (falling back to English)."""
    return event.place_in(get_language())


@register.filter
def event_description(event) -> str:
    """The event's description in the interface language (falling back to English)."""
    return event.description_in(get_language())


@register.filter
def person_name(person) -> str:
    """``{{ person|person_name }}``: the person's name in the interface language (see ``Person.name_in``)."""
    return person.name_in(get_language())
