"""Readers for the file formats the loader takes, each yielding text for the one parser.

A reader turns an input into :class:`Readable`: the text the article parser reads
(title line, blank line, body), the encoding, and the fields the format states
outright (a JSON Lines row's ``published``, an HTML page's canonical URL), which
win over what the parser finds in the text.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Readable:
    text: str
    encoding: str
    fields: dict = field(default_factory=dict)  # title, published, url, language, outlet, author, tags
    original: str | None = None  # what to keep as the article's original, when it is not ``text``
