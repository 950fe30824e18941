"""The links of result rows (an article, its outlet, its people), without a ``reverse()`` each.

A result page links some hundred articles, outlets and people, and ``reverse()`` walks
the URL resolver for every one (about a tenth of the page's time). The pages they link
to take one value each (``articles/<int:pk>/``, ``people/<printable:slug>/``...), so each
is reversed once per URL configuration and script prefix, with a mark where the value
goes, and a link is that template with the value put in, quoted as ``reverse()`` quotes
it.
"""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS

#: Stands for the value while reversing: every converter of these pages accepts it (digits
#: for ``int``), and no other part of their paths holds it.
MARK = "7310945826"


@lru_cache(maxsize=128)
def _template(name: str, prefix: str, urlconf) -> str:
    path = reverse(name, args=[MARK], urlconf=urlconf)
    if path.count(MARK) != 1:
        raise ValueError(f"{name}: its path does not hold its value once")
    return path


def page_url(name: str, value) -> str:
    """``reverse(name, args=[value])`` for a URL with one value (``web:article``, ``web:person``...)."""
    return _template(name, get_script_prefix(), get_urlconf()).replace(
        MARK, quote(str(value), safe=RFC3986_SUBDELIMS + "/~:@"))
