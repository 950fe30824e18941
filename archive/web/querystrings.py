"""Shareable links: the current query string with some parameters changed."""
from __future__ import annotations

from collections.abc import Iterable

from django.http import QueryDict


def changed_query(query: QueryDict, *, keep: Iterable[str] | None = None, **changes) -> str:
    """``?...``: ``query`` with ``changes`` applied ("" or None removes a key, a list sets its values).

    ``keep`` names the only parameters carried over (default: all of them). Any
    change other than ``page`` itself sends the reader back to page 1.
    """
    params = query.copy()
    if keep is not None:
        kept = set(keep)
        for key in list(params):
            if key not in kept:
                params.pop(key)
    if "page" not in changes:
        params.pop("page", None)
    for key, value in changes.items():
        if value is None or value == "" or value == []:
            params.pop(key, None)
        elif isinstance(value, (list, tuple)):
            params.setlist(key, [str(item) for item in value])
        else:
            params[key] = str(value)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
