"""The query language, parsed by our own parser into a small tree.

    words            all must match (in any inflected form)
    a AND b          both (the same as ``a b``)
    "exact phrase"   the words next to each other, in this order
    a OR b           either (OR binds tighter than AND: ``a b OR c`` is ``a AND (b OR c)``)
    NOT a, -a        must not match (``-"a b"``, ``-(a OR b)`` too)
    ( ... )          grouping: ``(Мерц OR Макрон) -Песков``
    prefix*          any token starting with the prefix (not lemmatized)

Operators are the upper-case words ``AND``, ``OR`` and ``NOT``; in lower case they
are ordinary words. Anything else is just text: punctuation splits words, and
words joined by punctuation (``a:b``, ``Уиткофф-Кушнер``) become a phrase, as they
are adjacent in the index too. The parser never fails (an unbalanced parenthesis
or a dangling operator is ignored); the backends compile the tree into their own
syntax from analyzer tokens only, so user text never reaches the database's
query syntax.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import islice, product
from typing import Callable, Union

from .analyzer import prefix_token, query_candidates, words

#: Input beyond this many characters is ignored.
MAX_QUERY_CHARS = 1000
#: At most this many terms (words, phrases, prefixes) are used.
MAX_TERMS = 16
#: Parentheses nest at most this deep; deeper ones are read as plain grouping of their words.
MAX_DEPTH = 8
#: A phrase keeps at most this many words, and at most this many token sequences.
MAX_PHRASE_WORDS = 12
MAX_PHRASE_VARIANTS = 8
MIN_PREFIX = 2

OPERATORS = {"AND": "and", "OR": "or", "NOT": "not"}


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
class Node:
    """``op`` ("and", "or", "not") of ``children`` (one child for "not")."""

    op: str
    children: tuple["Tree", ...]


Tree = Union[Term, Node]


@dataclass(frozen=True)
class Expansion:
    """A query word that names a person, and the person's other names it also matched."""

    word: str
    names: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.word} expanded to: {', '.join(self.names)}"


@dataclass(frozen=True)
class ParsedQuery:
    """The query as a ``tree``, and the same seen flat for ranking and highlighting.

    ``groups`` are the top-level conjuncts that must match (each an OR of the terms
    inside it), ``excluded`` the terms excluded at the top level; the backends
    filter by the tree, and rank by the groups.
    """

    text: str
    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()
    #: Words that name people, for "Witkoff expanded to: Уиткофф, Віткофф".
    expansions: tuple[Expansion, ...] = ()
    tree: Tree | None = None

    @property
    def is_empty(self) -> bool:
        return self.tree is None

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
    """Split raw text into (kind, negated, text) items.

    kind is "phrase", "chunk", "(", ")", or an operator ("and", "or", "not");
    ``negated`` marks a leading ``-`` (on a chunk, a phrase or a parenthesis).
    """
    items = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch == ")":
            items.append((")", False, ")"))
            i += 1
            continue
        negated = False
        if ch == "-" and i + 1 < n and not text[i + 1].isspace() and text[i + 1] != ")":
            negated, i = True, i + 1
            ch = text[i]
        if ch == "(":
            items.append(("(", negated, "("))
            i += 1
            continue
        if ch == '"':
            end = text.find('"', i + 1)
            end = n if end < 0 else end
            items.append(("phrase", negated, text[i + 1:end]))
            i = end + 1
            continue
        start = i
        while i < n and not text[i].isspace() and text[i] not in '"()':
            i += 1
        chunk = text[start:i]
        if chunk in OPERATORS and not negated:
            items.append((OPERATORS[chunk], False, chunk))
        else:
            items.append(("chunk", negated, chunk))
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


def _node(op: str, children: list[Tree | None]) -> Tree | None:
    """``op`` of the children that can match, flattened: a lone child stands for itself."""
    kept: list[Tree] = []
    for child in children:
        if child is None:
            continue
        if isinstance(child, Node) and child.op == op and op != "not":
            kept.extend(child.children)
        elif child not in kept:
            kept.append(child)
    if not kept:
        return None
    if op == "not":
        (child,) = kept
        if isinstance(child, Node) and child.op == "not":
            return child.children[0]  # NOT NOT a is a
        return Node("not", (child,))
    return kept[0] if len(kept) == 1 else Node(op, tuple(kept))


class _Parser:
    """Recursive descent over the lexer's items; every malformed input still gives a tree (or None).

        and_expr := or_expr ([AND] or_expr)*
        or_expr  := unary (OR unary)*
        unary    := NOT unary | primary            (a "-" marks a primary as negated)
        primary  := "(" and_expr ")" | word | "phrase"
    """

    def __init__(self, items, expander: Expander):
        self.items = items
        self.at = 0
        self.depth = 0
        self.expander = expander
        self.expansions: dict[str, tuple[str, ...]] = {}
        self.terms = 0

    def peek(self) -> str | None:
        return self.items[self.at][0] if self.at < len(self.items) else None

    def parse(self) -> Tree | None:
        parts = []
        while self.at < len(self.items):
            if self.peek() == ")":  # a closing parenthesis with no opening one
                self.at += 1
                continue
            parts.append(self.and_expr())
        return _node("and", parts)

    def and_expr(self) -> Tree | None:
        parts = [self.or_expr()]
        while self.peek() not in (None, ")"):
            if self.peek() == "and":
                self.at += 1
                continue
            parts.append(self.or_expr())
        return _node("and", parts)

    def or_expr(self) -> Tree | None:
        parts = [self.unary()]
        while self.peek() == "or":
            self.at += 1
            parts.append(self.unary())
        return _node("or", parts)

    def unary(self) -> Tree | None:
        kind = self.peek()
        if kind == "not":
            self.at += 1
            return _node("not", [self.unary()])
        if kind in (None, ")"):
            return None
        if kind in ("and", "or"):  # an operator with nothing on its left
            self.at += 1
            return None
        return self.primary()

    def primary(self) -> Tree | None:
        kind, negated, raw = self.items[self.at]
        self.at += 1
        if kind == "(":
            self.depth += 1
            inner = self.and_expr() if self.depth <= MAX_DEPTH else self._flat_group()
            self.depth -= 1
            if self.peek() == ")":
                self.at += 1
            return _node("not", [inner]) if negated else inner
        if self.terms >= MAX_TERMS:
            return None
        term = _term(kind, raw, self.expander, self.expansions)  # -Witkoff leaves out every form too
        if term is None:
            return None
        self.terms += 1
        return Node("not", (term,)) if negated else term

    def _flat_group(self) -> Tree | None:
        """Past MAX_DEPTH: the words up to the matching parenthesis, AND-ed."""
        parts, level = [], 0
        while self.at < len(self.items):
            kind = self.peek()
            if kind == ")" and level == 0:
                break
            self.at += 1
            level += {"(": 1, ")": -1}.get(kind, 0)
            if kind in ("chunk", "phrase") and self.terms < MAX_TERMS:
                _kind, _negated, raw = self.items[self.at - 1]
                term = _term(kind, raw, self.expander, self.expansions)
                if term is not None:
                    self.terms += 1
                    parts.append(term)
        return _node("and", parts)


def _terms(tree: Tree, *, positive: bool = True) -> list[Term]:
    """The terms of ``tree`` that count in its favour (``positive``) or against it."""
    if isinstance(tree, Term):
        return [tree] if positive else []
    if tree.op == "not":
        return _terms(tree.children[0], positive=not positive)
    return [term for child in tree.children for term in _terms(child, positive=positive)]


def flatten(tree: Tree | None) -> tuple[tuple[tuple[Term, ...], ...], tuple[Term, ...]]:
    """(groups, excluded): the top-level conjuncts as OR groups of their positive terms,
    and the terms the top level excludes; what ranking and highlighting need."""
    if tree is None:
        return (), ()
    conjuncts = tree.children if isinstance(tree, Node) and tree.op == "and" else (tree,)
    groups, excluded = [], []
    for child in conjuncts:
        if isinstance(child, Node) and child.op == "not":
            excluded.extend(_terms(child.children[0]))
            continue
        group = tuple(_terms(child))
        if group:
            groups.append(group)
    return tuple(groups), tuple(excluded)


def parse_query(text: str, *, expander: Expander | None = None) -> ParsedQuery:
    """Parse any user text into a :class:`ParsedQuery` (never raises)."""
    text = (text or "").replace("\x00", " ")[:MAX_QUERY_CHARS]
    parser = _Parser(_lex(text), expander or _no_expansion)
    tree = parser.parse()
    groups, excluded = flatten(tree)
    return ParsedQuery(
        text=text,
        groups=groups,
        excluded=excluded,
        expansions=tuple(Expansion(word, names) for word, names in parser.expansions.items()),
        tree=tree,
    )
