"""The facets of an engine search as the engine's aggregations, in compute_facets' shape.

One ``aggregate`` call counts every facet over all the matches (terms aggregations of the
language, outlet, person and event fast fields, the dates' bounds, and of each article's
month with its language; a range too narrow for months counts its days in a second call),
so the counts are exact at any number of matches and never marked approximate. Only the
listed values' names are read from the database (the 20 most frequent of each facet), with
the database facets' rules: people hidden or merged away are left out (their mentions are
indexed as stored, as the database facet joins them), events count their counted links
(the index holds only those), ties are broken by name in the database's collation. Days become months when the matches
span four months or more, as the database facet decides (``facets.MAX_DAY_BARS``).
"""
from __future__ import annotations

from datetime import date

from django.db import connections

from archive.models import Event, Outlet, Person, PersonName
from archive.text.languages import language_label

from ..facets import FACET_LIMIT, FACET_NAMES, MAX_DAY_BARS, Facets, date_histogram, localized_label
from .results import id_list

#: Buckets a terms aggregation returns at most: more than any facet has values, so every
#: value is counted on every segment and the counts are exact.
ALL_BUCKETS = 1_000_000


def _terms(name: str, **extra) -> dict:
    return {"terms": {"field": name, "size": ALL_BUCKETS, "segment_size": ALL_BUCKETS}, **extra}


def _aggregations(names) -> dict:
    aggs = {}
    if "language" in names:
        aggs["language"] = _terms("language")
    if "outlet" in names:
        aggs["outlet"] = _terms("outlet")
    if "person" in names:
        aggs["person"] = _terms("person")
    if "event" in names:
        aggs["event"] = _terms("event")
    if "date" in names:
        aggs["first_day"] = {"min": {"field": "day"}}
        aggs["last_day"] = {"max": {"field": "day"}}
        aggs["month_language"] = _terms("month_language")
    return aggs


def _counts(found: dict, name: str) -> dict:
    return {bucket["key"]: int(bucket["doc_count"]) for bucket in found.get(name, {}).get("buckets", [])}


def _wide(lo: date, hi: date) -> bool:
    """The database facet's rule: at least MAX_DAY_BARS days and four calendar months apart."""
    return (hi - lo).days >= MAX_DAY_BARS and (hi.year * 12 + hi.month) - (lo.year * 12 + lo.month) >= 4


def _listed(counts: dict[int, int], rows_for) -> list[tuple]:
    """The FACET_LIMIT values to list of ``counts`` ({id: count}), as ``(count, name, ...)`` rows,
    the most frequent first, equal counts in the order ``rows_for`` gives (the database's
    order of names, as the database facet breaks ties: its collation, not Python's).

    ``rows_for(ids)`` gives the rows of the ids that may be listed (people: the visible ones),
    by name. Ids are looked up most frequent first, FACET_LIMIT at a time and always to the
    end of a count (so every tie is named), until FACET_LIMIT rows are found: a facet of
    thousands of people reads a few dozen names."""
    order = sorted(counts, key=lambda pk: -counts[pk])
    found: list[tuple] = []
    at = 0
    while len(found) < FACET_LIMIT and at < len(order):
        end = min(len(order), at + FACET_LIMIT)
        while end < len(order) and counts[order[end]] == counts[order[end - 1]]:
            end += 1
        found += rows_for(order[at:end])  # a whole count level in one statement, by name
        at = end
    return sorted(found, key=lambda row: -row[0])[:FACET_LIMIT]  # stable: names stay in order


def engine_facets(results, *, names=FACET_NAMES) -> Facets:
    """Counts per language, outlet, person, event and date for the matches of ``results``
    (an EngineResults), exact."""
    facets = Facets(language=[], outlet=[], person=[], event=[], date=[])
    facets.days_by_language = []
    facets.share = 1.0
    facets.approximate = False
    aggs = _aggregations(names)
    found = results.searcher.aggregate(results.compiled.match, aggs) if aggs and results.count() else {}

    for value, count in _counts(found, "language").items():
        facets["language"].append({"value": value, "label": language_label(value), "count": count})
    facets["language"].sort(key=lambda row: (-row["count"], row["value"]))

    vendor = connections[results.articles.db].vendor
    outlets = _counts(found, "outlet")
    for count, name, slug in _listed(outlets, lambda ids: [
            (outlets[pk], name, slug) for pk, slug, name in Outlet.objects.filter(
                pk__in=id_list(ids, vendor)).order_by("name").values_list("pk", "slug", "name")]):
        facets["outlet"].append({"value": slug, "label": name, "count": count})

    people = _counts(found, "person")
    listed = _listed(people, lambda ids: [
        (people[pk], name, pk, slug) for pk, slug, name in Person.objects.filter(
            pk__in=id_list(ids, vendor), hidden=False, merged_into__isnull=True).order_by("name").values_list(
            "pk", "slug", "name")])
    local = _local_names([pk for _count, _name, pk, _slug in listed]) if listed else {}
    for count, name, pk, slug in listed:
        label = localized_label(name, local.get((pk, "ru")), local.get((pk, "uk")))
        facets["person"].append({"value": slug, "label": label, "count": count})

    events = _counts(found, "event")
    for count, name_en, slug, name_ru, name_uk in _listed(events, lambda ids: [
            (events[pk], name_en, slug, ru, uk) for pk, slug, name_en, ru, uk in Event.objects.filter(
                pk__in=id_list(ids, vendor)).order_by("name_en").values_list(
                "pk", "slug", "name_en", "name_ru", "name_uk")]):
        facets["event"].append({"value": slug, "label": localized_label(name_en, name_ru, name_uk),
                                "count": count})

    if "date" in names:
        first, last = (found.get(name, {}).get("value") for name in ("first_day", "last_day"))
        monthly = first is not None and last is not None and _wide(date.fromordinal(int(first)),
                                                                   date.fromordinal(int(last)))
        if monthly:  # as the database facet groups them: (first day of the month, language)
            cells = _counts(found, "month_language")
        else:  # a narrow range: its few days, counted by a second aggregation
            cells = _counts(results.searcher.aggregate(results.compiled.match, {
                "day_language": _terms("day_language")}), "day_language") if first is not None else {}
        rows = []
        for key, count in cells.items():
            period, _space, language = key.partition(" ")
            rows.append((date.fromisoformat(period if len(period) == 10 else period + "-01"), language, count))
        dated = sum(cells.values())
        facets.days_by_language = rows
        facets.undated = results.count() - dated
        per_day: dict[date, int] = {}
        for day, _language, count in rows:
            per_day[day] = per_day.get(day, 0) + count
        facets["date"] = date_histogram(list(per_day.items()), monthly=monthly)

    for name in ("language", "outlet", "person", "event", "date"):
        for item in facets[name]:
            item["approximate"] = False
    return facets


def _local_names(people: list[int]) -> dict[tuple[int, str], str]:
    """{(person id, "ru" or "uk"): the name Person.name_in picks there (canonical, else the first alias)}."""
    chosen: dict[tuple[int, str], str] = {}
    rows = (PersonName.objects.filter(person_id__in=people, language__in=("ru", "uk"),
                                      kind__in=(PersonName.Kind.CANONICAL, PersonName.Kind.ALIAS))
            .values_list("person_id", "language", "kind", "name", "id"))
    ranked = sorted(rows, key=lambda row: (0 if row[2] == PersonName.Kind.CANONICAL else 1, row[4]))
    for person_id, language, _kind, name, _id in ranked:
        chosen.setdefault((person_id, language), name)
    return chosen
