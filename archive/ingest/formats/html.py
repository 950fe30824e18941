"""Web pages: trafilatura (with htmldate) takes the article out of the page.

trafilatura is made for exactly this: it drops menus, cookie banners, related
links and footers, and reads the title, author, date (htmldate: JSON-LD, Open
Graph and other meta tags, the URL, the text), the canonical URL and the
language from the page's markup. The page itself is kept as the article's
original; a page with no article text is rejected with that reason.
"""
from __future__ import annotations

import re

from archive.ingest.decode import DecodeError, clean_text
from archive.ingest.formats import Readable
from archive.ingest.parse import ParseError
from archive.ingest.urls import normalize_url

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)


def html_readable(data: bytes) -> Readable:
    """The article of a web page as text for the parser, with the fields the page states."""
    import trafilatura

    html, encoding = _decode_page(data)
    document = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=False, with_metadata=True, deduplicate=True,
    )
    body = (document.text if document is not None else "") or ""
    if document is None or len(body.strip()) < 40:
        raise ParseError("the page has no article text (only navigation, a form or an empty page)")
    title = clean_text(document.title or "").strip()
    fields: dict = {}
    if title:
        fields["title"] = title
    if document.date:
        from archive.ingest.formats.records import parse_published

        try:
            fields["published"] = parse_published(document.date)
        except ValueError:
            pass
    url = normalize_url(document.url) if document.url else None
    if url:
        fields["url"] = url
    if document.author:
        fields["author"] = clean_text(document.author).strip()[:300]
    text = f"{title}\n\n{clean_text(body)}" if title else clean_text(body)
    return Readable(text, encoding, fields, original=html)


def _decode_page(data: bytes) -> tuple[str, str]:
    """The page's own charset declaration first, then the loader's detection."""
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        codec = declared.group(1).decode("ascii").lower()
        try:
            return clean_text(data.decode(codec)), codec
        except (LookupError, UnicodeDecodeError):
            pass
    from archive.ingest.decode import decode_bytes

    try:
        decoded = decode_bytes(data)
    except DecodeError:
        raise
    return decoded.text, decoded.encoding
