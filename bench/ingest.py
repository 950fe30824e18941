"""Import speed: N generated articles through the whole pipeline, and recognition alone.

    .venv/bin/python bench/ingest.py [N] [--gazetteer 5000]

Always runs on a throwaway database it creates itself: a SQLite file in a
temporary folder, or, when DATABASE_URL points at PostgreSQL, a new database
on that server (named after the one in the URL plus ``_bench_<pid>``), dropped
at the end. The database named in DATABASE_URL is never touched.
The gazetteer is padded with thousands of synthetic curated people so
known-name lookup is measured at a realistic size.
Prints articles/s for the whole import and for person recognition alone, and
SQL queries per imported article (counted on an extra batch after the timed
run, so capturing queries does not slow the timed one).
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
    """(file name, text) pairs: ru and uk articles naming known and new people."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        uk = i % 3 == 0
        first = rnd.choice(FIRST_UK if uk else FIRST_RU)
        surname = rnd.choice(STEMS) + rnd.choice(["енко", "ук", "ич", ""])
        known = rnd.sample(KNOWN_UK if uk else KNOWN_RU, 2)
        filler = FILLER_UK if uk else FILLER_RU
        day = 1 + i % 28
        text = (f"date 2026-02-{day:02d} {'Нарада' if uk else 'Совещание'} №{i}\n\n"
                f"{first} {surname} {'зустрівся з' if uk else 'встретился с'} {known[0]}. "
                f"{filler * 3}{known[1]} {'заявив' if uk else 'заявил'} про{' ' if uk else 'о '}"
                f"{'підтримку' if uk else 'поддержке'}. {surname} {'додав' if uk else 'добавил'} деталі. "
                f"{filler * 4}")
        out.append((f"bench_{i:05d}.txt", text))
    return out


def pad_gazetteer(count: int) -> None:
    """Add ``count`` synthetic curated people (ru, uk, en names) to the database."""
    from archive.models import Person, PersonName
    from archive.nlp.keys import name_key, transliterate

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
def throwaway_database(tmp_dir: str):
    """Point DATABASE_URL at a new, empty database for the run; drop it afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp_dir}/bench.sqlite3"
        yield
        return
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    name = f"{config['NAME'] or 'archive'}_bench_{os.getpid()}"
    server = {"host": config["HOST"] or None, "port": config["PORT"] or None,
              "user": config["USER"] or None, "password": config["PASSWORD"] or None}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))  # fails if it exists
    os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name
    try:
        yield
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=300)
    parser.add_argument("--gazetteer", type=int, default=5000, help="synthetic curated people to add")
    parser.add_argument("--count", type=int, default=50, help="extra articles imported to count queries")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp, throwaway_database(tmp):
        run(args)


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
    from archive.models import Article, ImportBatch, PersonName
    from archive.nlp.gazetteer import load_gazetteer
    from archive.nlp.recognize import find_people

    all_docs = generate(args.n + args.count)
    docs, extra = all_docs[:args.n], all_docs[args.n:]
    started = time.perf_counter()
    gazetteer = load_gazetteer()
    built = time.perf_counter() - started
    # Recognition alone (warm morphology caches first, as the import would have them).
    for _, text in docs[:20]:
        find_people(text, "ru", gazetteer)
    started = time.perf_counter()
    for i, (_, text) in enumerate(docs):
        find_people(text, "uk" if i % 3 == 0 else "ru", gazetteer)
    recognition = time.perf_counter() - started

    inputs = [InputFile(name=name, data=text.encode("utf-8")) for name, text in docs]
    started = time.perf_counter()
    import_inputs(inputs, options=ImportOptions(), origin=ImportBatch.Origin.COMMAND)
    whole = time.perf_counter() - started
    stored = Article.objects.count()

    # Queries per article, on further new articles (Django keeps at most 9,000 captured queries).
    extra_inputs = [InputFile(name=name, data=text.encode("utf-8")) for name, text in extra]
    with CaptureQueriesContext(connection) as queries:
        import_inputs(extra_inputs, options=ImportOptions(), origin=ImportBatch.Origin.COMMAND)
    counted = Article.objects.count() - stored

    print(f"database: {connection.vendor}; gazetteer: {PersonName.objects.count()} names "
          f"(index built in {built * 1000:.0f} ms)")
    print(f"recognition alone: {args.n / recognition:8.1f} articles/s ({args.n} articles)")
    print(f"whole pipeline:    {stored / whole:8.1f} articles/s ({stored} imported)")
    if counted:
        print(f"SQL queries:       {len(queries) / counted:8.1f} per article ({counted} more imported)")
    connection.close()


if __name__ == "__main__":
    main()
