"""The parsed query tree as Tantivy queries, built from analyzer tokens only.

A term matches when any of its variants does, in the title or the body: a one-token
variant is a term query, a longer one a phrase query (slop 0: adjacent, in order), a prefix
a regular expression over the index's terms (its text escaped, so user text is never read
as syntax). ``and``/``or``/``not`` become boolean queries; "not" alone is "every article
but", as the database backends' "everything but" match.

The rank is the database backends' (backends/base.py ``rank_sql``): ``TITLE_WEIGHT`` per
query term found in the title, and ``COVER_WEIGHT`` per matched term of an OR group. Each
part is a constant-score clause, and a boolean query sums its clauses' scores, so an
article's engine score is exactly its rank (small integers are exact in Tantivy's f32).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import tantivy

from ..backends.base import COVER_WEIGHT, TITLE_WEIGHT
from ..query import ParsedQuery, Term, Tree
from .schema import TEXT_FIELDS

Occur = tantivy.Occur
Query = tantivy.Query

#: Characters a regular expression reads as syntax (Tantivy's regex is Rust's).
_REGEX_META = set("\\.+*?()|[]{}^$#&-~")


def _escape(text: str) -> str:
    return "".join("\\" + ch if ch in _REGEX_META else ch for ch in text)


def _any(queries: list[Query]) -> Query:
    if len(queries) == 1:
        return queries[0]
    return Query.boolean_query([(Occur.Should, query) for query in queries])


def term_query(schema, term: Term, fields=TEXT_FIELDS) -> Query:
    """``term`` (any of its variants) found in any of ``fields``."""
    parts = []
    for variant in term.variants:
        tokens = [token.lower() for token in variant]
        for name in fields:
            if term.kind == "prefix":
                parts.append(Query.regex_query(schema, name, _escape(tokens[0]) + ".*"))
            elif len(tokens) == 1:
                parts.append(Query.term_query(schema, name, tokens[0]))
            else:
                parts.append(Query.phrase_query(schema, name, tokens))
    return _any(parts)


def _but(query: Query) -> Query:
    """Every article but those ``query`` matches."""
    return Query.boolean_query([(Occur.Must, Query.all_query()), (Occur.MustNot, query)])


def tree_query(schema, tree: Tree) -> Query:
    """The articles ``tree`` matches."""
    if isinstance(tree, Term):
        return term_query(schema, tree)
    if tree.op == "not":
        return _but(tree_query(schema, tree.children[0]))
    if tree.op == "or":
        return _any([tree_query(schema, child) for child in tree.children])
    clauses = []
    for child in tree.children:
        if not isinstance(child, Term) and child.op == "not":
            clauses.append((Occur.MustNot, tree_query(schema, child.children[0])))
        else:
            clauses.append((Occur.Must, tree_query(schema, child)))
    if all(occur == Occur.MustNot for occur, _query in clauses):
        clauses.insert(0, (Occur.Must, Query.all_query()))
    return Query.boolean_query(clauses)


@dataclass(frozen=True)
class Filters:
    """The filters the engine applies itself (each: any of the values; all given must hold)."""

    languages: tuple[str, ...] = ()
    outlets: tuple[int, ...] = ()
    people: tuple[int, ...] = ()
    events: tuple[int, ...] = ()
    date_from: date | None = None
    date_to: date | None = None

    def queries(self, schema) -> list[Query]:
        found = []
        for name, values in (("language", self.languages), ("outlet", self.outlets), ("person", self.people),
                             ("event", self.events)):
            if values:
                found.append(Query.term_set_query(schema, name, list(values)))
        if self.date_from or self.date_to:
            found.append(Query.range_query(
                schema, "day", tantivy.FieldType.Unsigned,
                self.date_from.toordinal() if self.date_from else 0,
                self.date_to.toordinal() if self.date_to else 2 ** 63))
        return found


@dataclass(frozen=True)
class Contributor:
    """One part of the rank: ``weight`` for each article ``query`` matches."""

    query: Query
    weight: int


@dataclass
class Compiled:
    """A search as the engine runs it: ``match`` (the query and every filter), and the rank's
    ``contributors`` (none when unranked)."""

    match: Query
    contributors: list[Contributor] = field(default_factory=list)

    def scored(self) -> Query:
        """``match`` scored by the rank (the score of each match is its rank)."""
        clauses = [(Occur.Must, Query.const_score_query(self.match, 0.0))]
        clauses += [(Occur.Should, Query.const_score_query(part.query, float(part.weight)))
                    for part in self.contributors]
        return Query.boolean_query(clauses)


def contributors(schema, parsed: ParsedQuery) -> list[Contributor]:
    """The rank's parts, as ``rank_sql`` adds them up."""
    parts = []
    for group in parsed.groups:
        for term in group:
            parts.append(Contributor(term_query(schema, term, fields=("title",)), TITLE_WEIGHT))
            if len(group) > 1:  # a one-term group matches every result: no need to test it
                parts.append(Contributor(term_query(schema, term), COVER_WEIGHT))
    return parts


def compile_search(schema, parsed: ParsedQuery | None, filters: Filters, *, ranked: bool) -> Compiled:
    """The engine's query for ``parsed`` (None or empty: every article) under ``filters``."""
    must = []
    if parsed is not None and parsed.tree is not None:
        must.append(tree_query(schema, parsed.tree))
    must += filters.queries(schema)
    if not must:
        match = Query.all_query()
    elif len(must) == 1:
        match = must[0]
    else:
        match = Query.boolean_query([(Occur.Must, query) for query in must])
    parts = contributors(schema, parsed) if ranked and parsed is not None and parsed.groups else []
    return Compiled(match, parts)


#: A tie tier listed as more combinations of rank parts than this is read by the full sort.
MAX_TIE_COMBINATIONS = 64


def rank_tier(compiled: Compiled, rank: int) -> Query | None:
    """The matches whose rank is exactly ``rank``: the combinations of rank parts adding up to
    it, each "these parts and none of the others"; None when there are too many."""
    parts = compiled.contributors
    combinations: list[list[int]] = []

    def walk(at: int, left: int, chosen: list[int]) -> bool:
        if len(combinations) > MAX_TIE_COMBINATIONS:
            return False
        if at == len(parts):
            if left == 0:
                combinations.append(list(chosen))
            return True
        if left < 0:
            return True
        chosen.append(at)
        walk(at + 1, left - parts[at].weight, chosen)
        chosen.pop()
        return walk(at + 1, left, chosen)

    walk(0, rank, [])
    if not combinations or len(combinations) > MAX_TIE_COMBINATIONS:
        return None
    options = []
    for chosen in combinations:
        clauses = [(Occur.Must if i in chosen else Occur.MustNot, part.query) for i, part in enumerate(parts)]
        if not chosen:
            clauses.insert(0, (Occur.Must, Query.all_query()))
        options.append(Query.boolean_query(clauses))
    return Query.boolean_query([(Occur.Must, compiled.match), (Occur.Must, _any(options))])
