"""The fallback for a SQLite built without FTS5: regular expressions over the lemma columns.

Correct but slow (every search reads every article); the same tokens and the
same query tree as the indexed backends, so the results agree.
"""
from __future__ import annotations

import re

from django.db.models import Case, IntegerField, Q, Value, When

from ..query import ParsedQuery, Term
from .base import COVER_WEIGHT, TITLE_WEIGHT, SearchBackend


def _pattern(term: Term) -> str:
    parts = []
    for variant in term.variants:
        body = " ".join(re.escape(t) for t in variant)
        parts.append(f"(^| ){body}" + ("" if term.kind == "prefix" else "( |$)"))
    return "|".join(parts)


def _in(column: str, term: Term) -> Q:
    return Q(**{f"{column}__regex": _pattern(term)})


def _anywhere(term: Term) -> Q:
    return _in("title_lemmas", term) | _in("body_lemmas", term)


class ScanBackend(SearchBackend):
    name = "scan"

    def filter(self, queryset, parsed: ParsedQuery):
        for group in parsed.groups:
            q = Q()
            for term in group:
                q |= _anywhere(term)
            queryset = queryset.filter(q)
        for term in parsed.excluded:
            queryset = queryset.exclude(_anywhere(term))
        return queryset

    def annotate_rank(self, queryset, parsed: ParsedQuery):
        """The same rank as the indexed backends (archive.search.backends.base)."""

        def weight(q: Q, value: int):
            return Case(When(q, then=Value(value)), default=Value(0), output_field=IntegerField())

        total = Value(0, output_field=IntegerField())
        for group in parsed.groups:
            for term in group:
                total = total + weight(_in("title_lemmas", term), TITLE_WEIGHT)
                if len(group) > 1:
                    total = total + weight(_anywhere(term), COVER_WEIGHT)
        return queryset.annotate(rank=total)
