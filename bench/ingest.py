"""Import speed: N real-length articles through the whole pipeline, and the bare cost.

    .venv/bin/python bench/ingest.py [N] [--workers 1|2] [--source generated|bsnlp] [--gazetteer 5000]

``--source generated`` (default) builds N articles with the length distribution and
person-name density of ../shared/bsnlp (lognormal lengths, median 180 and mean ~244
words; ~22 person names per 1,000 words); ``--source bsnlp`` imports that folder's raw
files themselves (read at run time, never copied). ``--workers 2`` stores with two
processes (``import_articles --workers``).

Always runs on a throwaway database it creates itself: a SQLite file in a
temporary folder, or, when DATABASE_URL points at PostgreSQL, a new database
on that server (named after the one in the URL plus ``_bench_<pid>``), dropped
at the end. The database named in DATABASE_URL is never touched.
The gazetteer is padded with thousands of synthetic curated people so
known-name lookup is measured at a realistic size.
Prints articles/s for the whole import and for person recognition alone, SQL
statements per imported article (counted on an extra batch after the timed run,
so capturing queries does not slow the timed one), peak memory (this process and
its worker processes), and the bare cost of the same work: decode, parse,
the search analyzer and person recognition on every article, plus writing the
article rows with COPY (PostgreSQL) or one executemany (SQLite) into a scratch
table, so the ratio of the import to that floor is visible.
"""
import argparse
import contextlib
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST_RU = ["Андрей", "Ольга", "Игорь", "Марина", "Павел", "Ирина", "Денис", "Светлана", "Олег", "Наталья"]
FIRST_UK = ["Андрій", "Ольга", "Ігор", "Марина", "Павло", "Ірина", "Денис", "Світлана", "Олег", "Наталія"]
STEMS = ["Коваль", "Мельник", "Бондар", "Ткач", "Шевчук", "Кравець", "Олійник", "Лисенко", "Гаврилюк", "Мороз"]
KNOWN_RU = ["Стивеном Уиткоффом", "Владимира Зеленского", "Эммануэль Макрон", "Джорджа Мелони", "Марк Рютте"]
KNOWN_UK = ["Стівом Віткоффом", "Володимира Зеленського", "Еммануель Макрон", "Сергія Кислиці", "Давида Арахамії"]
FILLER_RU = ("Встреча прошла в Париже, стороны обсудили гарантии безопасности и восстановление. "
             "По данным Reuters, переговоры продолжатся на следующей неделе. ")
FILLER_UK = ("Зустріч відбулася в Парижі, сторони обговорили гарантії безпеки та відбудову. "
             "За даними Reuters, переговори триватимуть наступного тижня. ")


def generate(n: int, seed: int = 7) -> list[tuple[str, str]]:
    """(file name, text) pairs: ru and uk articles of bsnlp's lengths naming known and new people."""
    rnd = random.Random(seed)
    return [(f"bench_{i:05d}.txt", generate_one(i, rnd)) for i in range(n)]


def generate_one(i: int, rnd: random.Random) -> str:
    """Article number ``i`` of :func:`generate` (a stream of them needs no list)."""
    uk = i % 3 == 0
    words = min(5900, max(40, int(rnd.lognormvariate(5.19, 0.78))))
    filler = (FILLER_UK if uk else FILLER_RU).split()
    new_people = [f"{rnd.choice(FIRST_UK if uk else FIRST_RU)} {rnd.choice(STEMS)}{rnd.choice(['енко', 'ук', 'ич', ''])}"
                  for _ in range(2)]
    body, count = [], 0
    while count < words:
        sentence = rnd.sample(filler, rnd.randint(8, 16))
        if rnd.random() < 0.3:  # ~22 names per 1,000 words, as in bsnlp
            sentence.insert(rnd.randint(0, len(sentence)), rnd.choice(
                (KNOWN_UK if uk else KNOWN_RU) + new_people))
        body.append(" ".join(sentence).rstrip(".") + ".")
        count += len(sentence)
    day = 1 + i % 28
    return (f"date 2026-02-{day:02d} {'Нарада' if uk else 'Совещание'} №{i} {rnd.choice(filler)}\n\n"
            + " ".join(body[:3]) + "\n\n" + " ".join(body[3:]) + "\n")


def bsnlp_files(n: int) -> list[tuple[str, bytes]]:
    """The raw files of ../shared/bsnlp, as they are (read at run time, never stored)."""
    files = sorted((ROOT.parent / "shared" / "bsnlp").glob("*/raw/*/*.txt"))
    return [(str(path), path.read_bytes()) for path in files[:n or None]]


def pad_gazetteer(count: int) -> None:
    """Add ``count`` synthetic curated people (ru, uk, en names) to the database."""
    from archive.models import Person, PersonName
    from archive.text.keys import name_key, transliterate

    rnd = random.Random(1)
    people, names = [], []
    for i in range(count):
        uk = f"{rnd.choice(FIRST_UK)} {rnd.choice(STEMS)}{['ченко', 'ський', 'ишин', 'ов'][i % 4]}{i}"
        people.append(Person(name=transliterate(uk, "uk"), slug=f"bench-{i}", origin=Person.Origin.CURATED))
    Person.objects.bulk_create(people, batch_size=1000)
    for person in Person.objects.filter(slug__startswith="bench-"):
        latin = person.name
        names.append(PersonName(person=person, name=latin, language="en", kind="canonical",
                                key=name_key(latin), script="Latn"))
    PersonName.objects.bulk_create(names, batch_size=1000)


@contextlib.contextmanager
def throwaway_database(tmp_dir: str, suffix: str = "bench"):
    """Point DATABASE_URL at a new, empty database for the run; drop it afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp_dir}/{suffix}.sqlite3"
        yield
        return
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    name = f"{config['NAME'] or 'archive'}_{suffix}_{os.getpid()}"
    server = {"host": config["HOST"] or None, "port": config["PORT"] or None,
              "user": config["USER"] or None, "password": config["PASSWORD"] or None}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))  # fails if it exists
    os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name
    try:
        yield
    finally:
        from django.db import connections

        from django.conf import settings

        # jsonl_stream.py --long runs Django only in its child process: nothing to close here then.
        for connection in (connections.all(initialized_only=True) if settings.configured else []):
            connection.close()
            if connection.settings_dict["OPTIONS"].get("pool"):
                connection.close_pool()  # the pool keeps its connections open otherwise
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=300)
    parser.add_argument("--gazetteer", type=int, default=5000, help="synthetic curated people to add")
    parser.add_argument("--count", type=int, default=50, help="extra articles imported to count queries")
    parser.add_argument("--workers", type=int, default=1, help="processes storing the files")
    parser.add_argument("--source", choices=["generated", "bsnlp"], default="generated")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp, throwaway_database(tmp):
        run(args)


def peak_memory_mib() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest worker process, in MiB."""
    import resource

    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


def bare_cost(docs: list[tuple[str, bytes]]) -> tuple[float, float]:
    """Seconds for the analysis alone (decode, parse, analyzer, people) and for COPY of the rows."""
    from django.db import connection
    from django.utils import timezone

    from archive.ingest.decode import DecodeError, content_hash, decode_bytes
    from archive.ingest.parse import ParseError, parse_article
    from archive.nlp.gazetteer import load_gazetteer
    from archive.nlp.pipeline import article_text
    from archive.nlp.recognize import find_people
    from archive.search.analyzer import analyze

    gazetteer = load_gazetteer()
    started = time.perf_counter()
    rows = []
    for name, data in docs:
        try:
            decoded = decode_bytes(data)
            parsed = parse_article(decoded.text, today=timezone.localdate(), outlet_groups=[])
        except (DecodeError, ParseError):
            continue  # the import rejects it too
        language = parsed.language or "ru"
        find_people(article_text(parsed.title, parsed.lead, parsed.body), language, gazetteer)
        rows.append((parsed.title[:1000], parsed.body, language, content_hash(decoded.text), decoded.text,
                     analyze(parsed.title, language), analyze(parsed.body, language), name[:500]))
    analysis = time.perf_counter() - started
    columns = "title, body, language, content_hash, original_text, title_lemmas, body_lemmas, source_name"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE bare_article AS SELECT {columns} FROM archive_article WHERE 1 = 0")
        started = time.perf_counter()
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY bare_article ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO bare_article ({columns}) VALUES ({', '.join(['%s'] * 8)})", rows)
        written = time.perf_counter() - started
        cursor.execute("DROP TABLE bare_article")
    return analysis, written


def run(args) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    pad_gazetteer(args.gazetteer)

    from archive.ingest.service import ImportOptions, InputFile, import_inputs
    from archive.jobs.processes import import_with_processes
    from archive.models import Article, ImportBatch, PersonName
    from archive.nlp.gazetteer import load_gazetteer
    from archive.nlp.recognize import find_people

    if args.source == "bsnlp":
        all_docs = bsnlp_files(0)
        docs, extra = all_docs[:args.n], all_docs[args.n:args.n + args.count]
    else:
        generated = [(name, text.encode("utf-8")) for name, text in generate(args.n + args.count)]
        docs, extra = generated[:args.n], generated[args.n:]
    words = sum(len(data.decode("utf-8", "replace").split()) for _, data in docs) / max(1, len(docs))
    started = time.perf_counter()
    gazetteer = load_gazetteer()
    built = time.perf_counter() - started
    texts = [data.decode("utf-8", "replace") for _, data in docs]
    for text in texts[:20]:  # warm the morphology caches first, as the import would have them
        find_people(text, "ru", gazetteer)
    started = time.perf_counter()
    for i, text in enumerate(texts):
        find_people(text, "uk" if i % 3 == 0 else "ru", gazetteer)
    recognition = time.perf_counter() - started

    analysis, written = bare_cost(docs)

    inputs = [InputFile(name=name, data=data) for name, data in docs]
    options = ImportOptions()
    started = time.perf_counter()
    if args.workers > 1:
        batch = ImportBatch.objects.create(origin=ImportBatch.Origin.COMMAND)
        import_with_processes(inputs, batch=batch, options=options, workers=args.workers, on_outcome=lambda o: None)
    else:
        import_inputs(inputs, options=options, origin=ImportBatch.Origin.COMMAND)
    whole = time.perf_counter() - started
    stored = Article.objects.count()

    # Queries per article, on further new articles (Django keeps at most 9,000 captured queries).
    extra_inputs = [InputFile(name=name, data=data) for name, data in extra]
    with CaptureQueriesContext(connection) as queries:
        import_inputs(extra_inputs, options=options, origin=ImportBatch.Origin.COMMAND)
    counted = Article.objects.count() - stored
    own, children = peak_memory_mib()

    print(f"database: {connection.vendor}; source: {args.source}, {len(docs)} articles of {words:.0f} words "
          f"on average; workers: {args.workers}; gazetteer: {PersonName.objects.count()} names "
          f"(index built in {built * 1000:.0f} ms)")
    print(f"recognition alone: {len(docs) / recognition:8.1f} articles/s")
    print(f"bare cost:         {len(docs) / (analysis + written):8.1f} articles/s "
          f"(analysis {analysis:.2f} s, writing the rows {written:.3f} s)")
    print(f"whole pipeline:    {stored / whole:8.1f} articles/s ({stored} imported in {whole:.1f} s; "
          f"{whole / (analysis + written):.1f}x the bare cost)")
    if counted:
        print(f"SQL statements:    {len(queries) / counted:8.1f} per article ({counted} more imported)")
    print(f"peak memory:       {own:8.0f} MiB (largest worker process {children:.0f} MiB)")
    connection.close()


if __name__ == "__main__":
    main()
