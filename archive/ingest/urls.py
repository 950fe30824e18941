"""Source addresses in article files: the original article's URL and its domain.

A file copied from the web often carries the page's address on a line of its
own, or in a ``Source: …`` / ``Джерело: …`` / ``Источник: …`` line. That address
is the article's ``url`` (the reader's link to the original), never a paragraph
of the body; its domain may name the publisher (see :func:`domain_candidates`).
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

URL_MAX = 2000  # Article.url's max_length
_BARE = re.compile(r"^<?(?P<url>(?:https?://|www\.)\S+?)>?$", re.IGNORECASE)
_LABELLED = re.compile(
    r"^(?:источник|джерело|source|sources|url|посилання|ссылка|link|оригинал|оригінал)\s*[:：]\s*"
    r"<?(?P<url>(?:https?://|www\.)\S+?)>?\.?$",
    re.IGNORECASE,
)
_validate = URLValidator(schemes=["http", "https"])
# Second-level labels under which sites register (bbc.co.uk, unian.com.ua).
_REGISTRY_LABELS = {"co", "com", "org", "net", "gov", "edu", "ac", "in", "kiev", "kyiv"}


def url_line(line: str) -> str | None:
    """The URL of a line that is only an address, or a source line whose value is one."""
    line = line.strip()
    match = _BARE.match(line) or _LABELLED.match(line)
    return normalize_url(match["url"]) if match else None


def normalize_url(raw: str) -> str | None:
    """``raw`` as a valid http(s) URL (``www.`` gets ``https://``), or None."""
    url = raw.strip().rstrip(".,;")
    if url.lower().startswith("www."):
        url = "https://" + url
    if len(url) > URL_MAX:
        return None
    try:
        _validate(url)
    except ValidationError:
        return None
    return url


def url_domain(url: str) -> str:
    """``https://www.Bbc.com/news/x`` -> ``bbc.com``."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def domain_candidates(url: str) -> list[str]:
    """The domains an outlet of this URL may be registered under, most specific first.

    ``news.sky.com`` -> ``news.sky.com``, ``sky.com``; ``www.bbc.co.uk`` -> ``bbc.co.uk``.
    An outlet's main domain is ``Outlet.domain``; its other domains are OutletName rows
    (as ``tass.com`` for ТАСС), so no separate list of domains is kept.
    """
    labels = url_domain(url).split(".")
    candidates = []
    for start in range(len(labels) - 1):
        rest = labels[start:]
        if len(rest) == 2 and rest[0] in _REGISTRY_LABELS:
            break
        candidates.append(".".join(rest))
    return candidates


def outlet_of_url(url: str):
    """The known Outlet whose domain ``url`` is on (most specific domain first), or None.

    An unknown domain creates no outlet: a domain alone says too little about who
    publishes there. The import and the admin preview both name the publisher this
    way when the text itself does not.
    """
    from archive.nlp.outlets import resolve_outlet

    for domain in domain_candidates(url) if url else []:
        outlet = resolve_outlet(domain)
        if outlet is not None:
            return outlet
    return None
