"""Snippets: the best passage of an article with the matched words in ``<mark>``.

Safe by construction: matched words are wrapped in private-use markers, the
whole passage is escaped, and only then do the markers become ``<mark>`` tags.
"""
from __future__ import annotations

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .analyzer import normalize, stored_spans, token_spans
from . import parse
from .query import ParsedQuery

#: Words in a snippet.
WINDOW_WORDS = 30
_OPEN, _CLOSE = "\ue000", "\ue001"
_PRIVATE = re.compile("[\ue000-\uf8ff]")


def _matcher(query: ParsedQuery):
    tokens = query.highlight_tokens
    prefixes = tuple(query.prefixes)

    def matches(token: str) -> bool:
        return token in tokens or (bool(prefixes) and token.startswith(prefixes))

    return matches


def highlight(text: str, query: ParsedQuery | str, *, language: str = "", window: int = WINDOW_WORDS,
              lemmas: str | None = None) -> SafeString:
    """The best ``window``-word passage of ``text`` for ``query``, escaped, hits in ``<mark>``.

    ``lemmas``: the analyzer's tokens of ``text`` when stored (an article's ``body_lemmas``):
    the words are then matched on them instead of being analyzed again, which was most of a
    search request's time (pymorphy3 on every word of 20 articles).

    Pass the ParsedQuery the search used, so the marks are the words it matched; a
    string is parsed here, with the names as they are now (never from a cache that
    would outlive a person being hidden).
    """
    if isinstance(query, str):
        query = parse(query)
    text = _PRIVATE.sub("", unicodedata.normalize("NFC", (text or "").replace("\x00", "")))
    found = stored_spans(text, language, lemmas) if lemmas else token_spans(text, language)
    if not found:
        return mark_safe("")
    matches = _matcher(query)
    spans = [(a, b) for a, b, _token in found]
    hits = [matches(token) for _a, _b, token in found]
    # The window with the most distinct matched words wins (then the most hits); the
    # first such window on ties. One pass: the window slides, counting as it goes.
    words = [normalize(text[a:b]) if hit else "" for (a, b), hit in zip(spans, hits)]
    last_hit = max((i for i, hit in enumerate(hits) if hit), default=0)
    starts = max(1, min(len(spans) - window + 1, last_hit + 1))
    inside: dict[str, int] = {}
    hit_count = 0

    def enter(i):
        nonlocal hit_count
        if hits[i]:
            inside[words[i]] = inside.get(words[i], 0) + 1
            hit_count += 1

    def leave(i):
        nonlocal hit_count
        if hits[i]:
            inside[words[i]] -= 1
            if not inside[words[i]]:
                del inside[words[i]]
            hit_count -= 1

    for i in range(min(len(spans), window)):
        enter(i)
    best, best_score = 0, len(inside) * 1000 + hit_count
    for start in range(1, starts):
        leave(start - 1)
        if start + window - 1 < len(spans):
            enter(start + window - 1)
        score = len(inside) * 1000 + hit_count
        if score > best_score:
            best, best_score = start, score
    last = min(len(spans), best + window) - 1
    begin, end = spans[best][0], spans[last][1]
    pieces, cursor = [], begin
    for i in range(best, last + 1):
        a, b = spans[i]
        if hits[i]:
            pieces.append(text[cursor:a] + _OPEN + text[a:b] + _CLOSE)
            cursor = b
    pieces.append(text[cursor:end])
    passage = " ".join("".join(pieces).split())
    html = escape(passage).replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>")
    prefix = "… " if begin > 0 else ""
    suffix = " …" if end < len(text.rstrip()) else ""
    return mark_safe(prefix + html + suffix)


def snippet(article, query: ParsedQuery | str) -> SafeString:
    """The best passage of ``article``'s lead and body for ``query`` (safe HTML)."""
    text = f"{article.lead}\n{article.body}" if article.lead else article.body
    # body_lemmas is the analysis of exactly this text (archive.search.signals.article_lemmas)
    lemmas = article.__dict__.get("body_lemmas")  # never a query of its own when deferred
    return highlight(text, query, language=article.language, lemmas=lemmas)
