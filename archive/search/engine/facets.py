"""The facets of an engine search as the engine's aggregations, in compute_facets' shape.

One ``aggregate`` call counts every facet over all the matches (terms aggregations of the
language, outlet, person and event fast fields, and of the day with each day's languages),
so the counts are exact at any number of matches and never marked approximate. Only the
listed values' names are read from the database (the 20 most frequent of each facet), with
the database facets' rules: people hidden or merged away are left out (their mentions are
indexed as stored, as the database facet joins them), events count their counted links
(the index holds only those), ties are broken by name. Days become months when the matches
span four months or more, as the database facet decides (``facets.MAX_DAY_BARS``).
"""
from __future__ import annotations

from datetime import date

from archive.models import Event, Outlet, Person, PersonName
from archive.text.languages import language_label

from ..facets import FACET_LIMIT, FACET_NAMES, MAX_DAY_BARS, Facets, date_histogram, localized_label

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
        aggs["day"] = _terms("day", aggs={"language": _terms("language")})
    return aggs


def _counts(found: dict, name: str) -> dict:
    return {bucket["key"]: int(bucket["doc_count"]) for bucket in found.get(name, {}).get("buckets", [])}


def _wide(lo: date, hi: date) -> bool:
    """The database facet's rule: at least MAX_DAY_BARS days and four calendar months apart."""
    return (hi - lo).days >= MAX_DAY_BARS and (hi.year * 12 + hi.month) - (lo.year * 12 + lo.month) >= 4


def _top(rows: list[tuple], limit: int = FACET_LIMIT) -> list[tuple]:
    """``(count, name, ...)`` rows, the most frequent first, ties by name."""
    return sorted(rows, key=lambda row: (-row[0], row[1]))[:limit]


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

    outlets = _counts(found, "outlet")
    if outlets:
        known = Outlet.objects.filter(pk__in=list(outlets)).values_list("pk", "slug", "name")
        for count, name, slug in _top([(outlets[pk], name, slug) for pk, slug, name in known]):
            facets["outlet"].append({"value": slug, "label": name, "count": count})

    people = _counts(found, "person")
    if people:
        visible = Person.objects.filter(pk__in=list(people), hidden=False, merged_into__isnull=True)
        listed = _top([(people[pk], name, pk, slug) for pk, slug, name in visible.values_list("pk", "slug", "name")])
        local = _local_names([pk for _count, _name, pk, _slug in listed])
        for count, name, pk, slug in listed:
            label = localized_label(name, local.get((pk, "ru")), local.get((pk, "uk")))
            facets["person"].append({"value": slug, "label": label, "count": count})

    events = _counts(found, "event")
    if events:
        known = Event.objects.filter(pk__in=list(events)).values_list("pk", "slug", "name_en", "name_ru", "name_uk")
        for count, name_en, slug, name_ru, name_uk in _top(
                [(events[pk], name_en, slug, ru, uk) for pk, slug, name_en, ru, uk in known]):
            facets["event"].append({"value": slug, "label": localized_label(name_en, name_ru, name_uk),
                                    "count": count})

    if "date" in names:
        days = found.get("day", {}).get("buckets", [])
        dated = 0
        rows = []
        for bucket in days:
            day = date.fromordinal(int(bucket["key"]))
            dated += int(bucket["doc_count"])
            for language in bucket.get("language", {}).get("buckets", []):
                rows.append((day, language["key"], int(language["doc_count"])))
        monthly = bool(rows) and _wide(min(row[0] for row in rows), max(row[0] for row in rows))
        if monthly:  # as the database facet groups them: (first day of the month, language)
            months: dict[tuple[date, str], int] = {}
            for day, language, count in rows:
                key = (day.replace(day=1), language)
                months[key] = months.get(key, 0) + count
            rows = [(day, language, count) for (day, language), count in months.items()]
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
