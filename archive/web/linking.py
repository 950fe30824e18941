"""Article text as safe HTML: paragraphs, with the people it mentions linked.

The text is never trusted: it is split around the mention matches, every piece
is escaped, and only the anchors we build ourselves are marked safe.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

# A name must not be glued to other letters or digits (Unicode-aware boundaries).
_BEFORE = r"(?<![^\W_])"
_AFTER = r"(?![^\W_])"


@dataclass(frozen=True)
class NameLink:
    """A surface form found in the text and the page it should link to."""

    surface: str
    url: str
    title: str


def mention_pattern(links: list[NameLink]) -> re.Pattern | None:
    """One regex matching any surface form, longest first so full names beat surnames."""
    forms = sorted({link.surface for link in links if link.surface.strip()}, key=len, reverse=True)
    if not forms:
        return None
    alternation = "|".join(re.escape(form) for form in forms)
    return re.compile(f"{_BEFORE}(?:{alternation}){_AFTER}")


def linked_text(text: str, links: list[NameLink]) -> SafeString:
    """``text`` escaped, with each occurrence of a surface form turned into a link."""
    pattern = mention_pattern(links)
    if pattern is None:
        return conditional_escape(text)
    by_surface = {}
    for link in links:
        by_surface.setdefault(link.surface, link)
    pieces: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        link = by_surface[match.group(0)]
        pieces.append(conditional_escape(text[position:match.start()]))
        pieces.append(format_html('<a class="mention" href="{}" title="{}">{}</a>',
                                  link.url, link.title, match.group(0)))
        position = match.end()
    pieces.append(conditional_escape(text[position:]))
    return mark_safe("".join(pieces))


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs: blocks separated by blank lines, or single lines when there are none."""
    text = text.replace("\r\n", "\n").strip()
    if not text:
        return []
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]
    if len(blocks) == 1:
        blocks = [line.strip() for line in text.split("\n") if line.strip()]
    return blocks


def linked_paragraphs(text: str, links: list[NameLink]) -> list[SafeString]:
    """Each paragraph of ``text`` as safe HTML with the mentions linked."""
    return [linked_text(block, links) for block in paragraphs(text)]
