"""The query language, parsed by our own parser into a small tree.

    words            all must match (in any inflected form)
    "exact phrase"   the words next to each other, in this order
    a OR b           either (OR binds tighter than the implicit AND)
    -word, -"a b"    must not match
    prefix*          any token starting with the prefix (not lemmatized)

Anything else is just text: punctuation splits words, and words joined by
punctuation (``a:b``, ``Уиткофф-Кушнер``) become a phrase, as they are adjacent in
the index too. The parser never fails; the backends compile the tree into their
own syntax from analyzer tokens only, so user text never reaches the database's
query syntax.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import islice, product
from typing import Callable

from .analyzer import prefix_token, query_candidates, words

#: Input beyond this many characters is ignored.
MAX_QUERY_CHARS = 1000
#: At most this many terms (positive groups plus exclusions) are used.
MAX_TERMS = 16
#: A phrase keeps at most this many words, and at most this many token sequences.
MAX_PHRASE_WORDS = 12
MAX_PHRASE_VARIANTS = 8
MIN_PREFIX = 2


@dataclass(frozen=True)
class Term:
    """One query word, phrase or prefix.

    ``variants`` are token sequences; the term matches when any of them does
    (a word has one-token variants: its candidate lemmas and name expansions).
    """

    kind: str  # "word" | "phrase" | "prefix"
    text: str
    variants: tuple[tuple[str, ...], ...]

    @property
    def tokens(self) -> set[str]:
        """Every token of every variant (for highlighting)."""
        return {token for variant in self.variants for token in variant}


@dataclass(frozen=True)
class Expansion:
    """A query word that names a person, and the person's other names it also matched."""

    word: str
    names: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.word} expanded to: {', '.join(self.names)}"


@dataclass(frozen=True)
class ParsedQuery:
    """AND of ``groups`` (each an OR of terms), AND NOT any of ``excluded``."""

    text: str
    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()
    #: Words that name people, for "Witkoff expanded to: Уиткофф, Віткофф".
    expansions: tuple[Expansion, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.groups and not self.excluded

    @property
    def highlight_tokens(self) -> set[str]:
        return {token for group in self.groups for term in group for token in term.tokens}

    @property
    def prefixes(self) -> set[str]:
        return {term.variants[0][0] for group in self.groups for term in group if term.kind == "prefix"}


#: expander(word) -> (extra tokens, display names); see archive.search.names.
Expander = Callable[[str], tuple[tuple[str, ...], tuple[str, ...]]]


def _no_expansion(word: str):
    return (), ()


def _lex(text: str) -> list[tuple[str, bool, str]]:
    """Split raw text into (kind, negated, text) items: kind "phrase", "chunk" or "or"."""
    items = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        negated = False
        if ch == "-" and i + 1 < n and not text[i + 1].isspace():
            negated, i = True, i + 1
            ch = text[i]
        if ch == '"':
            end = text.find('"', i + 1)
            end = n if end < 0 else end
            items.append(("phrase", negated, text[i + 1:end]))
            i = end + 1
            continue
        start = i
        while i < n and not text[i].isspace() and text[i] != '"':
            i += 1
        chunk = text[start:i]
        items.append(("or" if chunk == "OR" and not negated else "chunk", negated, chunk))
    return items


def _phrase(text: str, found: list[str]) -> Term | None:
    found = found[:MAX_PHRASE_WORDS]
    if len(found) < 2:
        return None  # a one-word phrase is a word; the caller handles it
    options = [query_candidates(word) for word in found]
    variants = tuple(islice(product(*options), MAX_PHRASE_VARIANTS))
    return Term("phrase", text, variants) if variants else None


def _term(kind: str, raw: str, expander: Expander, expansions: dict) -> Term | None:
    """The term of one chunk or quoted phrase, or None when nothing of it can match.

    A word with no index form (``ʼ`` alone: an apostrophe is dropped from tokens) is
    left out, as the index leaves it out of the text: ``"ʼ Париж"`` is ``Париж``. A
    term is never built without variants (it would compile to an empty group).
    """
    found = [word for word in words(raw) if query_candidates(word)]
    if not found:
        return None
    if kind == "chunk" and raw.endswith("*") and len(found) == 1 and len(prefix_token(found[0])) >= MIN_PREFIX:
        return Term("prefix", raw, ((prefix_token(found[0]),),))
    if len(found) > 1:
        return _phrase(raw, found)
    word = found[0]
    variants = list(query_candidates(word))
    extra, names = expander(word)
    for token in extra:
        if token and token not in variants:
            variants.append(token)
    if names:
        expansions.setdefault(raw.strip('"*'), names)
    return Term("word", raw, tuple((token,) for token in variants))


def parse_query(text: str, *, expander: Expander | None = None) -> ParsedQuery:
    """Parse any user text into a :class:`ParsedQuery` (never raises)."""
    text = (text or "").replace("\x00", " ")[:MAX_QUERY_CHARS]
    expander = expander or _no_expansion
    expansions: dict[str, tuple[str, ...]] = {}
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = False
    for kind, negated, raw in _lex(text):
        if kind == "or":
            join_next = bool(groups)
            continue
        if len(groups) + len(excluded) >= MAX_TERMS:
            break
        term = _term(kind, raw, expander if not negated else _no_expansion, expansions)
        if term is None:
            continue
        if negated:
            excluded.append(term)
            join_next = False
        elif join_next:
            groups[-1].append(term)
            join_next = False
        else:
            groups.append([term])
    return ParsedQuery(
        text=text,
        groups=tuple(tuple(group) for group in groups),
        excluded=tuple(excluded),
        expansions=tuple(Expansion(word, names) for word, names in expansions.items()),
    )
