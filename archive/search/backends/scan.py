"""The fallback for a SQLite built without FTS5: regular expressions over the lemma columns.

Correct but slow (every search reads every article); the same tokens and the
same query tree as the indexed backends, so the results agree.
"""
from __future__ import annotations

import re

from django.db.models import Case, FloatField, Q, Value, When

from ..query import ParsedQuery, Term
from .base import BODY_WEIGHT, TITLE_WEIGHT, SearchBackend


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
        total = Value(0.0, output_field=FloatField())
        for group in parsed.groups:
            for term in group:
                total = total + Case(
                    When(_in("title_lemmas", term), then=Value(TITLE_WEIGHT)),
                    When(_in("body_lemmas", term), then=Value(BODY_WEIGHT)),
                    default=Value(0.0), output_field=FloatField(),
                )
        return queryset.annotate(rank=total)
