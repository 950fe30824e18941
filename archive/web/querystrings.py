"""Shareable links: the current query string with some parameters changed."""
from __future__ import annotations

from collections.abc import Iterable

from django.http import QueryDict


def changed_query(query: QueryDict, *, keep: Iterable[str] | None = None, **changes) -> str:
    """``?...``: ``query`` with ``changes`` applied ("" or None removes a key, a list sets its values).

    ``keep`` names the only parameters carried over (default: all of them). Any
    change other than ``page`` itself sends the reader back to page 1.
    """
    # Built from the kept keys' value lists rather than query.copy(): a copy deep-copies every
    # key and value, and a search page builds some forty links (facets, sort, chart, filters).
    kept = set(keep) if keep is not None else None
    params = QueryDict(mutable=True, encoding=getattr(query, "encoding", None))
    for key, values in query.lists():
        if (kept is None or key in kept) and (key != "page" or "page" in changes):
            params.setlist(key, list(values))
    for key, value in changes.items():
        if value is None or value == "" or value == []:
            params.pop(key, None)
        elif isinstance(value, (list, tuple)):
            params.setlist(key, [str(item) for item in value])
        else:
            params[key] = str(value)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
