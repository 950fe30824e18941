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


#: SQLite reads through a memory map of this size (bytes of the file) and a page cache
#: of this many KiB. A search touches thousands of pages of the index and the search
#: table; through mmap they are read in place, not copied by a system call each (a
#: word in 40% of 100,000 articles: full-text match 9 ms -> 1 ms, its first page
#: 340 ms -> 70 ms). Pages stay shared in the OS cache, so processes do not multiply it.
SQLITE_MMAP_BYTES = 1 << 30
SQLITE_CACHE_KIB = 65536


def tune_sqlite(sender, connection, **kwargs):
    """Per-connection read settings for SQLite (``connection_created``)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA mmap_size = {int(SQLITE_MMAP_BYTES)}")
        cursor.execute(f"PRAGMA cache_size = -{int(SQLITE_CACHE_KIB)}")


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
