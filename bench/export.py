"""Benchmark of a search download: 100,000 matching articles streamed as CSV and JSON Lines.

    DATABASE_URL=sqlite:////tmp/bench-export.sqlite3 .venv/bin/python bench/export.py --articles 100000

The archive: ``--articles`` synthetic Russian articles (a ~1.5 KB body each, an outlet of
30, an author, two or three people of 200 mentioned, an event of 50 for one in ten, a
URL), bulk-loaded on the first run and reused after. What an export costs does not
depend on the words (the search's own cost is bench/search.py's), so the texts are
simple. The whole archive is exported through the real view (Django's test client, the
streamed response consumed chunk by chunk, nothing kept), with the cap raised to
the archive's size; the process's resident memory (VmRSS) is sampled as rows
arrive. Flat memory means the RSS after 100,000 rows is about the RSS after the
first few thousand. Prints rows, bytes, seconds and RSS at each tenth.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/bench-export.sqlite3")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def export_once(client, params: dict, total: int) -> None:
    start, rows, size = time.perf_counter(), 0, 0
    step = max(total // 10, 1)
    marks = []
    response = client.get("/search/export/", params)
    assert response.status_code == 200, response.status_code
    before = rss_mb()
    for chunk in response.streaming_content:
        size += len(chunk)
        rows += chunk.count(b"\n")
        if rows >= step * (len(marks) + 1):
            marks.append((rows, time.perf_counter() - start, rss_mb()))
    response.close()
    seconds = time.perf_counter() - start
    print(f"  {params}: {rows:,} lines, {size / 1e6:.1f} MB in {seconds:.1f} s "
          f"({rows / seconds:,.0f} rows/s); RSS at the start {before:.0f} MB")
    for at, elapsed, rss in marks:
        print(f"    {at:>8,} rows  {elapsed:6.1f} s  RSS {rss:6.0f} MB")


def load(n: int) -> None:
    """Bulk-load ``n`` articles with their outlets, people, mentions and event links."""
    import hashlib
    import random
    from datetime import date, timedelta

    from django.db import transaction

    from archive.models import Article, Event, EventArticle, Mention, Outlet, Person

    rng = random.Random(7)
    words = ("переговоры мирный план Париж коалиция гарантии безопасности Украина Европа министр "
             "заявил встреча лидеры союзники поддержка санкции энергетика рынок газ").split()
    outlets = [Outlet.objects.get_or_create(slug=f"bench-outlet-{i}", defaults={"name": f"Вестник {i}"})[0]
               for i in range(30)]
    people = [Person.objects.get_or_create(slug=f"bench-person-{i}", defaults={"name": f"Person {i}"})[0]
              for i in range(200)]
    events = [Event.objects.get_or_create(slug=f"bench-event-{i}", defaults={"name_en": f"Event {i}"})[0]
              for i in range(50)]
    start, batch = date(2016, 1, 1), 2000
    for offset in range(0, n, batch):
        rows = []
        for i in range(offset, min(offset + batch, n)):
            body = " ".join(rng.choice(words) for _ in range(180)) + f" ({i})"
            rows.append(Article(
                title=f"Статья {i}: " + " ".join(rng.choice(words) for _ in range(6)), body=body, language="ru",
                published=start + timedelta(days=rng.randrange(3650)), outlet=rng.choice(outlets),
                author="Иван Петров", url=f"https://example.org/news/{i}", original_text=body,
                content_hash=hashlib.sha256(body.encode()).hexdigest()))
        with transaction.atomic():
            created = Article.objects.bulk_create(rows)
            Mention.objects.bulk_create([Mention(article=a, person=p, count=1, first_position=0)
                                         for a in created for p in rng.sample(people, rng.choice((2, 3)))])
            EventArticle.objects.bulk_create([EventArticle(event=rng.choice(events), article=a)
                                              for a in created if rng.random() < 0.1])
        print(f"  loaded {offset + len(rows):,}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings

    from archive.models import Article

    call_command("migrate", verbosity=0)
    have = Article.objects.count()
    if have != args.articles:
        if have:
            print(f"Database holds {have} articles, not {args.articles}: use an empty database.")
            return 2
        load(args.articles)
    print(f"{connection.vendor}, {args.articles:,} articles")
    with override_settings(ARCHIVE_EXPORT_MAX_ROWS=args.articles, ALLOWED_HOSTS=["testserver"]):
        client = Client()
        export_once(client, {"format": "csv"}, args.articles)
        export_once(client, {"format": "jsonl"}, args.articles)
    return 0


if __name__ == "__main__":
    sys.exit(main())
