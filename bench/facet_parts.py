"""Where the facets' time goes, part by part, and what their sample's size costs in accuracy.

    DATABASE_URL=sqlite:///$PWD/bench_100k.sqlite3 .venv/bin/python bench/facet_parts.py
    DATABASE_URL=sqlite:///$PWD/bench_100k.sqlite3 .venv/bin/python bench/facet_parts.py --accuracy

Reads an archive bench/search.py built (its query mix). For each query of the medium, rare
and very common classes it times, best of ``--rounds``, the facet statement's parts alone:
the matched rows (the CTE every part reads; ms of CPU on SQLite, see clock()), the cells' facets (language, outlet, date),
people, events, and the whole statement (archive.search.facets.facets_sql). ``--accuracy``:
for the queries above the largest sample size, the sampled counts at each sample size
against the exact ones (the facets' top values: mean and largest relative error, and how
many of the exact top 10 the sampled top 10 holds), and the statement's ms at that size.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")

CLASSES = ("medium", "rare", "very common")
PARTS = {"matched": (), "cells (lang+outlet+date)": ("language", "outlet", "date"), "person": ("person",),
         "event": ("event",), "all five": None}


def results_for(q):
    from archive.models import Article
    from archive.web.filters import ArticleFilter

    filterset = ArticleFilter(data={"q": q}, queryset=Article.objects.all())
    assert filterset.is_valid()
    return filterset.results()


def part_sql(results, share, names):
    from archive.search import facets

    if names is None:
        return facets.facets_sql(results, share)
    if not names:  # the matched rows alone
        sql, params = results.narrow_rows(sample_bound=facets.sample_bound(share) if share < 1 else None)
        return f"WITH matched AS MATERIALIZED ({sql}) SELECT COUNT(*) FROM matched", params
    return facets.facets_sql(results, share, names)


def clock():
    """SQLite runs in this thread: its CPU time is the statement's cost whatever the machine's
    load (wall time on a shared machine mostly measures the wait for a core). PostgreSQL
    works in its server process: wall time."""
    from django.db import connection

    return time.thread_time() if connection.vendor == "sqlite" else time.perf_counter()


def best_ms(sql, params, rounds):
    from django.db import connection

    best = None
    with connection.cursor() as cursor:
        for _ in range(rounds):
            t = clock()
            cursor.execute(sql, params)
            cursor.fetchall()
            ms = (clock() - t) * 1000
            best = ms if best is None else min(best, ms)
    return best


def parts(mix, rounds):
    from archive.search.facets import sample_share

    print(f"{'class':<12}{'hits':>7}{'share':>7}" + "".join(f"{name[:12]:>14}" for name in PARTS) + "  query")
    by_class = {}
    for name in CLASSES:
        for q in mix[name]:
            results = results_for(q)
            total = results.count()
            share = sample_share(total)
            row = {part: best_ms(*part_sql(results, share, names), rounds) for part, names in PARTS.items()}
            for part, ms in row.items():
                by_class.setdefault(name, {}).setdefault(part, []).append(ms)
            print(f"{name:<12}{total:>7}{share:>7.2f}" + "".join(f"{row[p]:>14.1f}" for p in PARTS) + f"  {q}")
    print("\nmedian ms per class:")
    for name, by_part in by_class.items():
        print(f"{name:<12}{'':>14}" + "".join(f"{statistics.median(by_part[p]):>14.1f}" for p in PARTS))


def accuracy(mix, sizes, rounds):
    from django.test.utils import override_settings

    from archive.search.facets import FACET_NAMES, compute_facets, facets_sql, sample_share

    queries = [q for name in CLASSES for q in mix[name]]
    print(f"{'sample':>7}{'facet':>9}{'values':>8}{'mean err':>10}{'max err':>9}{'top10 kept':>12}{'ms':>8}")
    found = {}
    for q in queries:
        results = results_for(q)
        total = results.count()
        if total <= max(sizes):
            continue
        with override_settings(SEARCH_FACET_SAMPLE_THRESHOLD=total):
            exact = compute_facets(results, total=total)
        for size in sizes:
            with override_settings(SEARCH_FACET_SAMPLE_THRESHOLD=size):
                sampled = compute_facets(results, total=total)
                ms = best_ms(*facets_sql(results, sample_share(total)), rounds)
            found.setdefault(size, {"ms": []})["ms"].append(ms)
            for facet in FACET_NAMES:
                truth = {row["value"]: row["count"] for row in exact[facet]}
                got = {row["value"]: row["count"] for row in sampled[facet]}
                top = sorted(truth, key=lambda v: -truth[v])[:10]
                errors = [abs(got.get(v, 0) - truth[v]) / truth[v] for v in top]
                kept = len(set(top) & set(sorted(got, key=lambda v: -got[v])[:10])) / max(1, len(top))
                cell = found[size].setdefault(facet, {"errors": [], "kept": []})
                cell["errors"] += errors
                cell["kept"].append(kept)
    for size, cells in found.items():
        for facet in FACET_NAMES:
            errors = cells[facet]["errors"]
            if not errors:
                continue
            print(f"{size:>7}{facet:>9}{len(errors):>8}{statistics.mean(errors):>10.1%}{max(errors):>9.1%}"
                  f"{statistics.mean(cells[facet]['kept']):>12.0%}{statistics.median(cells['ms']):>8.1f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--accuracy", action="store_true")
    parser.add_argument("--sizes", default="1000,2000,3000,5000,10000")
    args = parser.parse_args()

    import django

    django.setup()
    from bench.search import query_mix

    mix = query_mix()
    if args.accuracy:
        accuracy(mix, [int(s) for s in args.sizes.split(",")], args.rounds)
    else:
        parts(mix, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
