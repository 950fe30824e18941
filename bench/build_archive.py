"""Fast builder of the bench's synthetic archive: a million articles in minutes, not hours.

    from bench.build_archive import build
    build(1_000_000)          # into the database Django is configured for

The rows are the ones the ordinary path stores (``Article.objects.bulk_create`` with the
database's triggers filling the search index, as ``bench/search.py`` did before): the
articles with their precomputed lemma columns, their mentions and event links, the narrow
search table and the full-text index. Only the way they are written differs:

* PostgreSQL: the articles, mentions and links go in with ``COPY`` (psycopg 3's
  ``cursor.copy``) while the row trigger is disabled and the secondary indexes are
  dropped; then the search table is filled in one ``INSERT ... SELECT`` with the trigger's
  own expressions (``archive.search.backends.postgres._values``), and the indexes are
  built once over the whole table. The per-row trigger and GIN updates were what held the
  old loader at ~120 articles/s.
* SQLite: ``executemany`` in large transactions while the index triggers are dropped, then
  the FTS5 index is rebuilt in bulk (``'rebuild'``) and the narrow table filled with one
  ``INSERT ... SELECT``; the triggers are put back exactly as ``SqliteBackend`` installs them.

``tests/search/test_bench_builder.py`` checks that a small build answers the same searches
and facets as the same articles written through the ordinary path, on both databases.
"""
from __future__ import annotations

import hashlib
import json
import random
import time
from functools import lru_cache
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

#: Articles generated and written per round trip.
BATCH = 5000


@dataclass
class Batch:
    """Generated rows, with their ids already assigned."""

    articles: list[tuple] = field(default_factory=list)  # ARTICLE_COLUMNS
    mentions: list[tuple[int, int]] = field(default_factory=list)  # (article_id, person_id)
    links: list[tuple[int, int]] = field(default_factory=list)  # (event_id, article_id)


#: The article columns written; the others keep what Django would store by default.
ARTICLE_COLUMNS = ("id", "title", "lead", "body", "published", "date_inferred", "language", "outlet_id",
                   "author", "place", "tags", "url", "source_name", "content_hash", "original_text",
                   "encoding", "imported_at", "title_lemmas", "body_lemmas", "story_id")


class Generator:
    """The bench's synthetic articles (see bench/search.py's docstring), deterministic per seed."""

    def __init__(self, seed: int = 7):
        from archive.models import Event, Outlet
        from archive.search.analyzer import document_token

        from bench.search import BODY_WORDS, TITLE_WORDS, name_forms, vocabulary, zipf_weights

        t0 = time.perf_counter()
        self.document_token = lru_cache(maxsize=None)(document_token)  # names and title starts repeat
        self.rng = random.Random(seed)
        self.vocab = vocabulary(seed)
        # Every form's index token, computed once: the same function the loader's analyzer uses.
        self.token = {lang: {form: document_token(form, lang, False) for forms in lemmas for form in forms}
                      for lang, lemmas in self.vocab.items()}
        self.weights = {lang: zipf_weights(len(lemmas)) for lang, lemmas in self.vocab.items()}
        print("vocabulary: " + ", ".join(f"{lang} {len(lemmas)} lemmas / {len(self.token[lang])} forms"
                                          for lang, lemmas in self.vocab.items())
              + f" ({time.perf_counter() - t0:.0f}s)", flush=True)
        self.outlets = [Outlet.objects.get_or_create(slug=f"bench-outlet-{i}", defaults={"name": f"Outlet {i}"})[0].pk
                        for i in range(30)]
        self.outlet_weights = zipf_weights(len(self.outlets), 0.8)
        self.events = [Event.objects.get_or_create(slug=f"bench-event-{i}", defaults={"name_en": f"Event {i}"})[0].pk
                       for i in range(50)]
        self.people = name_forms()
        self.person_weights = zipf_weights(len(self.people), 1.1)
        self.title_words, self.body_words = TITLE_WORDS, BODY_WORDS
        self.start = date(2016, 1, 1)
        self.imported_at = datetime.now(timezone.utc)

    def batch(self, first_id: int, count: int, number: int) -> Batch:
        """``count`` articles with ids from ``first_id``; ``number`` is the first one's index (its hash)."""
        rng, token, out = self.rng, self.document_token, Batch()
        for k in range(count):
            article_id = first_id + k
            lang = rng.choices(("ru", "uk", "en"), (45, 35, 20))[0]
            lemmas, forms_of = self.vocab[lang], self.token[lang]
            size_title = rng.randint(*self.title_words)
            picked = rng.choices(lemmas, cum_weights=self.weights[lang], k=size_title + rng.randint(*self.body_words))
            words = [rng.choice(forms) for forms in picked]
            title_words, body_words = words[:size_title], words[size_title:]
            title_tokens = [token(title_words[0], lang, None)] + [forms_of[w] for w in title_words[1:]]
            body_tokens = [forms_of[w] for w in body_words]
            mentioned = []
            if self.people and rng.random() < 0.6:
                drawn = rng.choices(self.people, cum_weights=self.person_weights, k=rng.randint(1, 3))
                mentioned = list({person_id: names for person_id, names in drawn}.items())
            for person_id, names in mentioned:  # the name, capitalized, somewhere in the body
                name = rng.choice(names[lang]).split()
                at = rng.randrange(len(body_words) + 1)
                body_words[at:at] = name
                body_tokens[at:at] = [token(part.lower(), lang, True) for part in name]
                out.mentions.append((article_id, person_id))
            if rng.random() < 0.1:
                out.links.append((rng.choice(self.events), article_id))
            out.articles.append((
                article_id, " ".join(title_words).capitalize(), "", " ".join(body_words),
                self.start + timedelta(days=rng.randrange(3653)), False, lang,
                rng.choices(self.outlets, cum_weights=self.outlet_weights)[0], "", "", "[]", "", "",
                hashlib.sha256(f"bench{number + k}".encode()).hexdigest(), "", "", self.imported_at,
                " ".join(title_tokens), " ".join(body_tokens), None,
            ))
        return out


def batches(n: int, first_id: int, seed: int = 7):
    """The ``n`` articles in :data:`BATCH`-sized :class:`Batch` es, ids from ``first_id``."""
    generator = Generator(seed)
    for offset in range(0, n, BATCH):
        yield generator.batch(first_id + offset, min(BATCH, n - offset), offset)


# -- writing ---------------------------------------------------------------------------------

def write_ordinary(batch: Batch) -> None:
    """The ordinary path: the ORM's bulk_create, the database's triggers filling the index."""
    from django.db import transaction

    from archive.models import Article, EventArticle, Mention

    with transaction.atomic():
        rows = [dict(zip(ARTICLE_COLUMNS, row)) for row in batch.articles]
        for row in rows:
            row["tags"] = json.loads(row["tags"])  # the column's text, a list to the ORM
        Article.objects.bulk_create([Article(**row) for row in rows])
        Mention.objects.bulk_create([Mention(article_id=a, person_id=p) for a, p in batch.mentions])
        EventArticle.objects.bulk_create([EventArticle(event_id=e, article_id=a) for e, a in batch.links])


def _progress(done: int, n: int, t0: float, step: str) -> None:
    print(f"  {step}: {done} articles, {time.perf_counter() - t0:.0f}s", flush=True)


class PostgresBuild:
    """COPY with the search trigger off and the secondary indexes dropped; index once at the end."""

    TABLES = ("archive_article", "archive_mention", "archive_eventarticle")

    def __init__(self, connection):
        from archive.search.backends.base import SEARCH_TABLE

        self.connection = connection
        self.search_table = SEARCH_TABLE
        self.dropped: list[str] = []

    def _secondary_indexes(self, cursor) -> list[tuple[str, str]]:
        """(name, definition) of the indexes that back no constraint, on the tables written."""
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() "
            "AND i.tablename = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            [list(self.TABLES) + [self.search_table]])
        return cursor.fetchall()

    def begin(self, cursor) -> None:
        from archive.search.backends.postgres import _TRIGGER

        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute(f"ALTER TABLE archive_article DISABLE TRIGGER {_TRIGGER}")
        for name, definition in self._secondary_indexes(cursor):
            cursor.execute(f'DROP INDEX "{name}"')
            self.dropped.append(definition)

    def write(self, cursor, batch: Batch) -> None:
        raw = cursor.cursor  # psycopg's own cursor under Django's wrapper: the same transaction
        with raw.copy(f"COPY archive_article ({', '.join(ARTICLE_COLUMNS)}) FROM STDIN") as copy:
            for row in batch.articles:
                copy.write_row(row)
        with raw.copy("COPY archive_mention (article_id, person_id, count, first_position, surface_forms) "
                      "FROM STDIN") as copy:
            for article_id, person_id in batch.mentions:
                copy.write_row((article_id, person_id, 1, 0, "[]"))
        with raw.copy("COPY archive_eventarticle (event_id, article_id, source, score) FROM STDIN") as copy:
            for event_id, article_id in batch.links:
                copy.write_row((event_id, article_id, "auto", 0.0))

    def finish(self, cursor, first_id: int, last_id: int, report) -> None:
        from archive.search.backends.postgres import _COLUMNS, _TRIGGER, _values

        # The trigger's own expressions, once per article: the rows it would have written.
        cursor.execute(f"INSERT INTO {self.search_table} ({_COLUMNS}) SELECT {_values('a')} "
                       "FROM archive_article a WHERE a.id BETWEEN %s AND %s", [first_id, last_id])
        report("search rows")
        # The foreign keys are deferred: check them now, since a table with pending checks
        # cannot be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        report("foreign key checks")
        cursor.execute(f"ALTER TABLE archive_article ENABLE TRIGGER {_TRIGGER}")
        for definition in self.dropped:
            cursor.execute(definition)
            report("index " + definition.split(" ON ")[0].rsplit(" ", 1)[-1])
        cursor.execute("SELECT setval(pg_get_serial_sequence('archive_article', 'id'), %s)", [last_id])
        for table in ("archive_mention", "archive_eventarticle"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                           f"(SELECT coalesce(max(id), 1) FROM {table}))")


class SqliteBuild:
    """executemany with the index triggers dropped; FTS5 rebuilt in bulk, triggers put back."""

    def __init__(self, connection):
        self.connection = connection

    def begin(self, cursor) -> None:
        from archive.search.backends.sqlite import _TRIGGERS

        for name in _TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")

    def write(self, cursor, batch: Batch) -> None:
        placeholders = ", ".join(["%s"] * len(ARTICLE_COLUMNS))
        cursor.executemany(f"INSERT INTO archive_article ({', '.join(ARTICLE_COLUMNS)}) VALUES ({placeholders})",
                           batch.articles)
        cursor.executemany("INSERT INTO archive_mention (article_id, person_id, count, first_position, "
                           "surface_forms) VALUES (%s, %s, 1, 0, '[]')", batch.mentions)
        cursor.executemany("INSERT INTO archive_eventarticle (event_id, article_id, source, score) "
                           "VALUES (%s, %s, 'auto', 0)", batch.links)

    def finish(self, cursor, first_id: int, last_id: int, report) -> None:
        from archive.search.backends.base import FTS_TABLE, SEARCH_TABLE
        from archive.search.backends.sqlite import _TRIGGERS

        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
        report("FTS5 rebuild")
        cursor.execute(f"INSERT OR REPLACE INTO {SEARCH_TABLE}(article_id, published, language, outlet_id) "
                       "SELECT id, published, language, outlet_id FROM archive_article WHERE id BETWEEN %s AND %s",
                       [first_id, last_id])
        report("search rows")
        for sql in _TRIGGERS.values():
            cursor.execute(sql)


def build(n: int, seed: int = 7, *, using: str = "default") -> None:
    """Add ``n`` synthetic articles (with mentions, links and their search index) in one transaction."""
    from django.db import connections, transaction

    connection = connections[using]
    builder = PostgresBuild(connection) if connection.vendor == "postgresql" else SqliteBuild(connection)
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM archive_article")
        first_id = cursor.fetchone()[0] + 1
    t0 = time.perf_counter()
    with transaction.atomic(using=using), connection.cursor() as cursor:
        builder.begin(cursor)
        done = 0
        for number, batch in enumerate(batches(n, first_id, seed)):
            builder.write(cursor, batch)
            done += len(batch.articles)
            if number % 20 == 19 or done == n:
                _progress(done, n, t0, "articles")
        builder.finish(cursor, first_id, first_id + n - 1, lambda step: _progress(done, n, t0, step))
    print(f"built {n} articles in {time.perf_counter() - t0:.0f}s ({n / (time.perf_counter() - t0):.0f}/s)",
          flush=True)


def build_ordinary(n: int, seed: int = 7) -> None:
    """The same ``n`` articles through the ordinary path (for comparison; ~120 articles/s on PostgreSQL)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM archive_article")
        first_id = cursor.fetchone()[0] + 1
    for batch in batches(n, first_id, seed):
        write_ordinary(batch)
