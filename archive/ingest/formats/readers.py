"""Which reader an input goes to, and how the fields a format states reach the parsed article."""
from __future__ import annotations

from pathlib import PurePosixPath

from archive.ingest.decode import decode_bytes
from archive.ingest.formats import Readable
from archive.ingest.formats.records import InputRow, row_readable

HTML_SUFFIXES = (".html", ".htm")


def read_input(item) -> Readable:
    """The text of an input for the parser; raises DecodeError, ParseError or ValueError with a reason."""
    if isinstance(item, InputRow):
        return row_readable(item)
    if PurePosixPath(item.name).suffix.lower() in HTML_SUFFIXES:
        from archive.ingest.formats.html import html_readable

        return html_readable(item.data)
    decoded = decode_bytes(item.data)
    return Readable(decoded.text, decoded.encoding)


def apply_stated_fields(parsed, readable: Readable) -> None:
    """What the format states outright (a row's date, a page's canonical URL) wins over the parser's finds."""
    fields = readable.fields
    if fields.get("title"):
        parsed.title = fields["title"]
    if fields.get("published"):
        parsed.published, parsed.date_inferred, parsed.date_note = fields["published"], False, "stated field"
    for name in ("url", "language", "author"):
        if fields.get(name):
            setattr(parsed, name, fields[name])
    if fields.get("outlet"):
        parsed.publisher = fields["outlet"]
    if fields.get("tags"):
        parsed.tags = fields["tags"]
    if readable.original is not None:
        parsed.text = readable.original
