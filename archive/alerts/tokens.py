"""The one-click unsubscribe token: a signature (django.core.signing) over one saved search's id.

The token names the saved search and nothing else, so it can stop only that search's
alerts; it has no expiry, because the link in an old email must still work. A changed
SECRET_KEY (or a tampered token) makes it invalid.
"""
from __future__ import annotations

from django.core import signing

SALT = "archive.alerts.unsubscribe"


class InvalidToken(Exception):
    """The token was not made by this site for a saved search (tampered, truncated, other key)."""


def unsubscribe_token(saved_search_id: int) -> str:
    return signing.dumps({"saved_search": saved_search_id}, salt=SALT, compress=False)


def saved_search_id_from(token: str) -> int:
    """The saved search id the token was made for; raises InvalidToken otherwise."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature as error:
        raise InvalidToken(str(error)) from error
    if not isinstance(data, dict) or not isinstance(data.get("saved_search"), int):
        raise InvalidToken("the token names no saved search")
    return data["saved_search"]
