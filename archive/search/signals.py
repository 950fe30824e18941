"""Keep the analyzer's columns filled, whoever saves an article.

``pre_save`` fills ``title_lemmas``/``body_lemmas``, so the admin, the loader and
any ``.save()`` go through the analyzer; the database's triggers index them (on
PostgreSQL with the adjacent-word pairs, computed there from these columns).
``bulk_create`` and ``loaddata`` (raw saves) store the columns as given: fixtures
carry them, bulk writers precompute them with :func:`article_lemmas`.
"""
from django.db.models.signals import post_delete, post_migrate, post_save, pre_save

from archive.models import Article, Person, PersonName

from .analyzer import analyze


def article_lemmas(*, title: str, lead: str, body: str, language: str) -> tuple[str, str]:
    """(title_lemmas, body_lemmas) for an article's text; the lead counts as body."""
    body_text = f"{lead}\n{body}" if lead else body
    return analyze(title or "", language or ""), analyze(body_text or "", language or "")


def fill_lemmas(sender, instance: Article, raw=False, **kwargs):
    if raw:  # loaddata: the fixture's lemma columns are kept as dumped
        return
    instance.title_lemmas, instance.body_lemmas = article_lemmas(
        title=instance.title, lead=instance.lead, body=instance.body, language=instance.language
    )


def store_lemmas_of_partial_save(sender, instance: Article, raw=False, update_fields=None, **kwargs):
    """``.save(update_fields=["body"])`` writes only the body: write the new lemmas too."""
    if raw or update_fields is None or {"title_lemmas", "body_lemmas"} <= set(update_fields):
        return
    if {"title", "lead", "body", "language"} & set(update_fields):
        Article.objects.filter(pk=instance.pk).update(
            title_lemmas=instance.title_lemmas, body_lemmas=instance.body_lemmas
        )


#: The migration that creates the index: before it (or after rolling it back) there is none to repair.
INDEX_MIGRATION = ("archive", "0003_search_index")


def ensure_index(sender, using="default", **kwargs):
    """After migrate: put back SQLite triggers a table rebuild dropped (then reindex).

    Only while the index migration is applied, so ``migrate archive 0002`` stays rolled back.
    """
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    if getattr(sender, "name", None) != "archive":
        return
    connection = connections[using]
    if INDEX_MIGRATION not in MigrationRecorder(connection).applied_migrations():
        return

    from .backends import get_backend

    get_backend(connection).ensure()


#: SQLite reads through a memory map and a page cache. A search touches thousands of pages
#: of the index and the search table; through mmap they are read in place, not copied by a
#: system call each (a word in 40% of 100,000 articles: full-text match 9 ms -> 1 ms, its
#: first page 340 ms -> 70 ms). Mapped pages stay shared in the OS cache, so processes do
#: not multiply them. The map asks for the whole file plus room to grow
#: (SQLITE_MMAP_HEADROOM), at least SQLITE_MMAP_BYTES; SQLite silently caps it at its
#: compile-time SQLITE_MAX_MMAP_SIZE (2 GiB in common builds, Debian's included), so past
#: ~2 GB of file the index is no longer all mapped, and the page cache (per connection, not
#: shared) is then sized to hold the search structures: the FTS5 data and the narrow table
#: (``dbstat``, read once per process and database), at most SQLITE_CACHE_MAX_KIB.
SQLITE_MMAP_BYTES = 1 << 30
SQLITE_MMAP_HEADROOM = 1.25
SQLITE_CACHE_KIB = 65536
SQLITE_CACHE_MAX_KIB = 1 << 20
_SEARCH_STRUCTURES = ("archive_article_fts_data", "archive_article_fts_idx", "archive_article_search")
#: Per database file: (mmap bytes, cache KiB), measured on its first connection in this process.
_SQLITE_SIZES: dict[str, tuple[int, int]] = {}


def sqlite_sizes(cursor) -> tuple[int, int]:
    """(mmap_size bytes, cache_size KiB) for the database ``cursor`` reads, from its size."""
    cursor.execute("PRAGMA page_count")
    pages = cursor.fetchone()[0]
    cursor.execute("PRAGMA page_size")
    file_bytes = pages * cursor.fetchone()[0]
    mmap_bytes = max(SQLITE_MMAP_BYTES, int(file_bytes * SQLITE_MMAP_HEADROOM))
    cursor.execute(f"PRAGMA mmap_size = {mmap_bytes}")
    cursor.execute("PRAGMA mmap_size")
    mapped = cursor.fetchone()[0] or 0  # what SQLite granted (its compile-time cap)
    cache_kib = SQLITE_CACHE_KIB
    if mapped < file_bytes:  # part of the index lies beyond the map: cache the search structures
        try:
            cursor.execute("SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE aggregate = 1 AND name IN (%s, %s, %s)"
                           % tuple("'" + name + "'" for name in _SEARCH_STRUCTURES))
            search_bytes = cursor.fetchone()[0]
        except Exception:  # noqa: BLE001 - a build without dbstat: assume a quarter of the file
            search_bytes = file_bytes // 4
        cache_kib = min(SQLITE_CACHE_MAX_KIB, max(SQLITE_CACHE_KIB, int(search_bytes * 1.1) // 1024))
    return mmap_bytes, cache_kib


def tune_sqlite(sender, connection, **kwargs):
    """Per-connection read settings for SQLite (``connection_created``), sized from the file."""
    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict.get("NAME") or "")
    with connection.cursor() as cursor:
        sizes = _SQLITE_SIZES.get(name) if name and not connection.is_in_memory_db() else None
        if sizes is None:
            sizes = sqlite_sizes(cursor)
            if name and not connection.is_in_memory_db():
                _SQLITE_SIZES[name] = sizes
        mmap_bytes, cache_kib = sizes
        cursor.execute(f"PRAGMA mmap_size = {int(mmap_bytes)}")
        cursor.execute(f"PRAGMA cache_size = -{int(cache_kib)}")


def connect() -> None:
    """Called from the app's ready()."""
    from django.db.backends.signals import connection_created

    from . import names

    connection_created.connect(tune_sqlite, dispatch_uid="archive.search.tune_sqlite")
    pre_save.connect(fill_lemmas, sender=Article, dispatch_uid="archive.search.fill_lemmas")
    post_save.connect(store_lemmas_of_partial_save, sender=Article, dispatch_uid="archive.search.partial")
    for model in (Person, PersonName):
        post_save.connect(names.invalidate, sender=model, dispatch_uid=f"archive.search.names.{model.__name__}")
        post_delete.connect(names.invalidate, sender=model, dispatch_uid=f"archive.search.names.d.{model.__name__}")
    post_migrate.connect(ensure_index, dispatch_uid="archive.search.ensure_index")
