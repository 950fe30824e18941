"""Facet counts for a filtered set of articles: language, outlet, person, event, date.

Every facet is counted on the queryset the results come from, so the numbers
always add up to what a click on them shows. All five come from one statement:
the matching rows are computed once (a materialized CTE over the narrow search
table, see archive.search.backends); language, outlet and date sum the cells of
one GROUP BY over them (one pass), people and events join them to their links.

Its cost must not follow the number of matches, so above
``SEARCH_FACET_SAMPLE_THRESHOLD`` matches (default 10,000) the statement reads a
deterministic sample of about that many (:data:`SAMPLE_SQL`) and scales its counts,
rounded to two significant digits and marked ``approximate`` (the page shows
"≈ 41,000", the API says ``"approximate": true``), as Elasticsearch's sampler
aggregation does. Below the threshold the counts are exact. Dates are grouped at the
chart's granularity: per day, or per month when the matches span four months or more.
"""
from __future__ import annotations

from collections import OrderedDict
from datetime import date

from django.core.exceptions import EmptyResultSet
from django.conf import settings
from django.db import connections
from django.db.models import QuerySet
from django.utils.translation import get_language

from archive.models import EventArticle
from archive.text.languages import language_label

from .backends.base import SAMPLE_CONDITION
from .results import SearchResults

#: Facet values listed at most (the most frequent first).
FACET_LIMIT = 20
#: Wider date ranges are counted per month instead of per day.
DAILY_SPAN_DAYS = 92
#: The chart's limit for day bars (archive.web.charts.MAX_DAY_BARS): the SQL groups by month
#: only where the chart draws months.
MAX_DAY_BARS = 92
#: Matches above which the facets are estimated from a sample of about this many
#: (settings.SEARCH_FACET_SAMPLE_THRESHOLD). 10,000: a value in 1% of the matches is then
#: counted from ~100 sampled articles (about +-10%), and the facet statement costs about what
#: it costs for 10,000 matches whatever the number of matches.
DEFAULT_SAMPLE_THRESHOLD = 10_000


def localized_label(name_en: str, name_ru: str | None, name_uk: str | None) -> str:
    """The name (of an event, a person) in the active language, else the English one."""
    by_language = {"ru": name_ru, "uk": name_uk}
    return by_language.get((get_language() or "en")[:2]) or name_en


#: An event's name in the active language (the same rule as people's).
event_label = localized_label


# Mention is unique per (article, person) and EventArticle per (event, article), and
# matched holds each article once, so COUNT(*) per person or event counts distinct
# articles. Each facet is grouped on the matched rows first and joined to its names
# after; ties are broken by name, as the lists show them. Subqueries with ORDER
# BY/LIMIT keep each facet's top rows. People and events: "matched CROSS JOIN links"
# makes SQLite loop over the matches and look each up in the article_id index (CROSS
# JOIN fixes its join order; PostgreSQL reads it as a plain join). It is ~3x faster
# on both than "article_id IN (SELECT ... FROM matched)", which made each database
# de-duplicate the matches first.
#
# One pass for language, outlet and date: ``cells`` groups the matched rows once by
# (language, outlet, period) (a few thousand cells at most), and those three facets
# sum the cells. The period is the chart's: a day, or a month when the matches span
# four calendar months or more (then the chart and the date facet draw months anyway,
# and grouping 40,000 dates by day and language gave ~10,000 groups for nothing).
# ``matched`` is the sample (see SAMPLE_SQL) when there are too many matches.

#: The statement's CTEs: the matched rows, and the cells of language, outlet and period
#: (read by the language, outlet and date parts only).
_MATCHED_SQL = "matched AS MATERIALIZED ({rows})"
_CELLS_SQL = """bounds AS MATERIALIZED (SELECT MIN(published) AS lo, MAX(published) AS hi FROM matched),
cells AS MATERIALIZED (
    SELECT language, outlet_id,
           CASE WHEN (SELECT {wide} FROM bounds) THEN {month} ELSE {day} END AS period,
           COUNT(*) AS n
    FROM matched GROUP BY 1, 2, 3
)"""
#: Each facet's part of the statement (UNION ALL of the parts asked for), and the parameters
#: it takes, in order.
_PART_SQL = {
    "language": """SELECT 'language' AS facet, language AS value, NULL AS label, NULL AS label_ru, NULL AS label_uk, SUM(n) AS n
  FROM cells GROUP BY language""",
    "outlet": """SELECT * FROM (
    SELECT 'outlet', o.slug, o.name, NULL, NULL, c.n
    FROM (SELECT outlet_id, SUM(n) AS n FROM cells WHERE outlet_id IS NOT NULL GROUP BY outlet_id) c
    JOIN archive_outlet o ON o.id = c.outlet_id
    ORDER BY c.n DESC, o.name LIMIT {limit}
) outlets""",
    "date": """SELECT 'date', period, language, NULL, NULL, SUM(n)
  FROM cells WHERE period IS NOT NULL GROUP BY period, language
UNION ALL
SELECT 'undated', NULL, NULL, NULL, NULL, SUM(n) FROM cells WHERE period IS NULL""",
    "person": """SELECT * FROM (
    SELECT 'person', p.slug, p.name, {person_ru}, {person_uk}, c.n
    FROM (SELECT l.person_id, COUNT(*) AS n FROM matched m CROSS JOIN archive_mention l
          WHERE l.article_id = m.article_id GROUP BY l.person_id) c
    JOIN archive_person p ON p.id = c.person_id
    WHERE p.hidden = %s AND p.merged_into_id IS NULL  -- PersonQuerySet.visible(), in SQL
    ORDER BY c.n DESC, p.name LIMIT {limit}
) people""",
    "event": """SELECT * FROM (
    SELECT 'event', e.slug, e.name_en, e.name_ru, e.name_uk, c.n
    FROM (SELECT l.event_id, COUNT(*) AS n FROM matched m CROSS JOIN archive_eventarticle l
          WHERE l.article_id = m.article_id AND l.source <> %s GROUP BY l.event_id) c  -- counted() links
    JOIN archive_event e ON e.id = c.event_id
    ORDER BY c.n DESC, e.name_en LIMIT {limit}
) events""",
}
#: The facets, in the statement's order.
FACET_NAMES = ("language", "outlet", "date", "person", "event")
#: The facets read from the cells CTE.
_CELL_FACETS = frozenset({"language", "outlet", "date"})

#: The sample of the matches when there are more than the threshold: the matches whose id,
#: scrambled by Knuth's multiplicative hash (x 2654435761 mod 2^32), falls below the
#: share's part of 2^32 (``%s``; ``{id}``: the id column). Deterministic (the same search
#: gives the same counts), spread over the whole id range (ids in order of import: a plain
#: "first N" would sample one period), and it needs no random number per row. It is tested
#: on the ids the index returns (or the filtered articles' ids), before any narrow row is
#: read (SearchResults.narrow_rows): only sampled matches are looked up.
SAMPLE_SQL = SAMPLE_CONDITION


def sample_bound(share: float) -> int:
    """The hash bound of a sample of ``share`` of the ids (share x 2^32)."""
    return int(share * 2 ** 32)

#: A person's name in one language as Person.name_in picks it (the canonical name, else the
#: first alias), read for the 20 people listed only.
_PERSON_NAME_SQL = (
    "(SELECT n.name FROM archive_personname n WHERE n.person_id = p.id AND n.language = '{language}'"
    " AND n.kind IN ('canonical', 'alias') ORDER BY CASE WHEN n.kind = 'canonical' THEN 0 ELSE 1 END, n.id LIMIT 1)"
)

#: Period keys as ISO text, whatever the session's settings: PostgreSQL's date-to-text cast
#: follows DateStyle ("SQL, DMY" gives 31/01/2026); SQLite stores ISO text already.
#: ``wide``: the matches span four calendar months or more and at least MAX_DAY_BARS days
#: (read from ``bounds``), so the chart and the date facet show months.
_PERIOD_SQL = {
    "postgresql": {
        "day": "to_char(published, 'YYYY-MM-DD')",
        "month": "to_char(published, 'YYYY-MM')",
        "wide": ("hi - lo >= {days} AND (extract(year FROM hi) * 12 + extract(month FROM hi))"
                 " - (extract(year FROM lo) * 12 + extract(month FROM lo)) >= 4"),
    },
    "sqlite": {
        "day": "CAST(published AS text)",
        "month": "substr(published, 1, 7)",
        "wide": ("julianday(hi) - julianday(lo) >= {days} AND (CAST(substr(hi, 1, 4) AS integer) * 12"
                 " + CAST(substr(hi, 6, 2) AS integer)) - (CAST(substr(lo, 1, 4) AS integer) * 12"
                 " + CAST(substr(lo, 6, 2) AS integer)) >= 4"),
    },
}


def sample_threshold() -> int:
    """Above this many matches the facets count a sample (``SEARCH_FACET_SAMPLE_THRESHOLD``)."""
    return int(getattr(settings, "SEARCH_FACET_SAMPLE_THRESHOLD", DEFAULT_SAMPLE_THRESHOLD))


def sample_share(total: int) -> float:
    """The share of ``total`` matches the facets read: 1 up to the threshold, else about
    threshold / total (a sample of about ``threshold`` matches)."""
    threshold = sample_threshold()
    return 1.0 if total <= threshold else threshold / total


def facets_sql(results: SearchResults, share: float, names=FACET_NAMES) -> tuple[str, list]:
    """(SQL, params) of the one statement counting the facets ``names`` (of :data:`FACET_NAMES`)
    on the matches of ``results``, or on their sample when ``share`` < 1; raises EmptyResultSet
    when no row can match. Rows: ``(facet, value, label, label_ru, label_uk, count)``."""
    rows_sql, params = results.narrow_rows(sample_bound=sample_bound(share) if share < 1 else None)
    connection = connections[results.articles.db]
    period = _PERIOD_SQL.get(connection.vendor, _PERIOD_SQL["sqlite"])
    names = [name for name in FACET_NAMES if name in names]
    ctes = [_MATCHED_SQL.format(rows=rows_sql)]
    if _CELL_FACETS.intersection(names):
        ctes.append(_CELLS_SQL.format(day=period["day"], month=period["month"],
                                      wide=period["wide"].format(days=int(MAX_DAY_BARS))))
    parts = [_PART_SQL[name].format(limit=int(FACET_LIMIT), person_ru=_PERSON_NAME_SQL.format(language="ru"),
                                    person_uk=_PERSON_NAME_SQL.format(language="uk")) for name in names]
    params = list(params)
    if "person" in names:
        params.append(False)
    if "event" in names:
        params.append(EventArticle.Source.REJECTED)
    return f"WITH {', '.join(ctes)}\n" + "\nUNION ALL\n".join(parts), params


def _rows(results: SearchResults, share: float, names=FACET_NAMES) -> list[tuple]:
    try:
        sql, params = facets_sql(results, share, names)
    except EmptyResultSet:  # .none(), or a filter no row can pass
        return []
    with connections[results.articles.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _period(value) -> date:
    """A period key's first day ("2026-01-31", "2026-01" -> 2026-01-01)."""
    if isinstance(value, date):
        return value
    text = str(value)[:10]
    return date.fromisoformat(text if len(text) == 10 else text + "-01")


def estimate(count: int, share: float) -> int:
    """A count of the sample scaled to all matches, to two significant digits (41,234 -> 41,000):
    more digits would claim a precision the sample does not have."""
    if share >= 1:
        return count
    scaled = count / share
    if scaled < 100:
        return max(1, round(scaled))
    digits = len(str(int(scaled))) - 2
    return int(round(scaled, -digits))


def date_histogram(days: list[tuple[date, int]], *, monthly: bool = False) -> list[dict]:
    """Articles per day, or per month when the dates span more than about three months
    (``monthly``: the rows are months already, keyed by their first day)."""
    days = sorted(days)
    if not days:
        return []
    if not monthly and (days[-1][0] - days[0][0]).days <= DAILY_SPAN_DAYS:
        return [{"value": d.isoformat(), "label": d.isoformat(), "count": n} for d, n in days]
    months: OrderedDict[str, int] = OrderedDict()
    for day, n in days:
        key = f"{day.year:04d}-{day.month:02d}"
        months[key] = months.get(key, 0) + n
    return [{"value": key, "label": key, "count": n} for key, n in months.items()]


class Facets(dict):
    """The facets by name, and for the page's chart and notes:

    ``days_by_language``: ``(first day of the period, language, count)`` rows (days, or
    months on wide ranges); ``undated``: matches without a date; ``approximate``: True when
    the counts were estimated from a sample (every item then has ``approximate`` True too);
    ``share``: the share of the matches counted (1.0 when exact).
    """

    days_by_language: list[tuple[date, str, int]]
    undated: int = 0
    approximate: bool = False
    share: float = 1.0


def compute_facets(results: SearchResults | QuerySet, *, total: int | None = None,
                   names=FACET_NAMES) -> Facets:
    """Counts per language, outlet, person, event and date for the articles of ``results``
    (a search's results, or any QuerySet of articles).

    Exact up to ``SEARCH_FACET_SAMPLE_THRESHOLD`` matches; above it, estimated from a sample
    of about that many matches (:data:`SAMPLE_SQL`) and marked approximate, as
    Elasticsearch's sampler aggregation does, so their cost stops growing with the matches.
    ``total``: the match count when the caller has it already (else it is counted here).
    ``names``: the facets to count (the others stay empty lists; the statement leaves out
    their parts, and the cells when no language, outlet or date is asked for).
    """
    if isinstance(results, QuerySet):
        results = SearchResults(results)
    from .engine.results import EngineResults  # the engine counts its own facets

    if isinstance(results, EngineResults):
        from .engine.facets import engine_facets

        return engine_facets(results, names=names)
    if total is None:
        try:
            total = results.count()
        except EmptyResultSet:
            total = 0
    share = sample_share(total)
    facets = Facets(language=[], outlet=[], person=[], event=[], date=[])
    facets.days_by_language = []
    facets.share = share
    facets.approximate = share < 1
    monthly = False
    for facet, value, label, label_ru, label_uk, count in _rows(results, share, names):
        if facet == "undated":
            facets.undated = estimate(int(count or 0), share) if count else 0
            continue
        count = estimate(int(count), share)
        if facet == "date":
            monthly = monthly or len(str(value)) == 7
            facets.days_by_language.append((_period(value), label, count))
        elif facet == "language":
            facets["language"].append({"value": value, "label": language_label(value), "count": count})
        elif facet in ("event", "person"):
            facets[facet].append({"value": value, "label": localized_label(label, label_ru, label_uk), "count": count})
        else:
            facets[facet].append({"value": value, "label": label, "count": count})
    facets["language"].sort(key=lambda row: (-row["count"], row["value"]))
    per_day: dict[date, int] = {}
    for day, _language, count in facets.days_by_language:
        per_day[day] = per_day.get(day, 0) + count
    facets["date"] = date_histogram(list(per_day.items()), monthly=monthly)
    for name in ("language", "outlet", "person", "event", "date"):
        for item in facets[name]:
            item["approximate"] = facets.approximate
    return facets
