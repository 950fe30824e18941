"""The engine index on disk: one ``Index`` per process, its writer, rebuild and re-index.

Readers open the index once per process and call ``reload()`` before each search (cheap: it
reads the last commit's segment list), so a commit made by another process (a worker, the
rebuild command) is seen by the next search. Tantivy allows one writer per index at a time,
held by a lock file in the folder: :func:`writer` waits for it (another process indexing)
and tries again, up to ``WRITER_WAIT`` seconds, rather than failing.
"""
from __future__ import annotations

import logging
import shutil
import threading
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable

import tantivy
from django.conf import settings

from .schema import SCHEMA_VERSION, build_schema, document, register

logger = logging.getLogger(__name__)

#: Seconds a writer waits for the lock another process holds, trying every WRITER_RETRY.
WRITER_WAIT = 120.0
WRITER_RETRY = 0.2
#: The writer's memory budget (Tantivy flushes a segment when it fills).
WRITER_HEAP = 64_000_000
#: Articles read from the database at a time when documents are built.
READ_BATCH = 1000

#: Beside Tantivy's files: the schema version the index was made with.
VERSION_FILE = "archive-schema-version"

_indexes: dict[str, tantivy.Index] = {}
_lock = threading.Lock()


class EngineUnavailable(Exception):
    """The engine index does not exist yet (``manage.py rebuild_search_index`` builds it)."""


def index_path() -> Path:
    return Path(settings.SEARCH_ENGINE_PATH)


def _open(path: Path, *, create: bool) -> tantivy.Index:
    key = str(path)
    with _lock:
        index = _indexes.get(key)
        if index is None:
            if _exists(path):
                index = tantivy.Index.open(key)
            elif create:
                path.mkdir(parents=True, exist_ok=True)
                index = tantivy.Index(build_schema(), path=key)
                (path / VERSION_FILE).write_text(f"{SCHEMA_VERSION}\n")
            else:
                raise EngineUnavailable(f"no search engine index in {key}")
            register(index)
            _indexes[key] = index
        return index


def get_index(*, create: bool = False) -> tantivy.Index:
    """This process's Index of ``SEARCH_ENGINE_PATH`` (``create``: make an empty one if missing)."""
    return _open(index_path(), create=create)


def searcher() -> tantivy.Searcher:
    """A searcher over the index's last commit (whoever made it)."""
    index = get_index()
    index.reload()
    return index.searcher()


def forget() -> None:
    """Drop this process's open indexes (after the folder was replaced)."""
    with _lock:
        _indexes.clear()


@contextmanager
def writer(*, wait: float = WRITER_WAIT):
    """The index's writer, once the lock is free (another process may hold it for a while);
    committed by the caller, rolled back if the block raises."""
    index = get_index(create=True)
    deadline = time.monotonic() + wait
    while True:
        try:
            found = index.writer(heap_size=WRITER_HEAP, num_threads=1)
            break
        except ValueError as error:  # "Failed to acquire Lockfile: LockBusy"
            if "LockBusy" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(WRITER_RETRY)
    try:
        yield found
    except BaseException:
        try:
            found.rollback()
        except ValueError:  # the writer was consumed (wait_merging_threads) before the error
            pass
        raise
    finally:
        del found  # releases the lock (the writer is dropped)


def documents(ids: Iterable[int], *, using: str = "default") -> Iterable[tantivy.Document]:
    """The documents of the articles ``ids`` that exist, from the database's rows: the lemma
    columns, language, outlet and date; the people their mentions name; the events whose
    links count (``EventArticle.objects.counted()``, as the event filter and facet do)."""
    from archive.models import Article, EventArticle, Mention

    ids = list(ids)
    for start in range(0, len(ids), READ_BATCH):
        batch = ids[start:start + READ_BATCH]
        rows = Article.objects.using(using).filter(pk__in=batch).order_by("pk").values(
            "id", "title_lemmas", "body_lemmas", "language", "outlet_id", "published")
        people, events = defaultdict(list), defaultdict(list)
        for article_id, person_id in Mention.objects.using(using).filter(article_id__in=batch).values_list(
                "article_id", "person_id"):
            people[article_id].append(person_id)
        for article_id, event_id in EventArticle.objects.using(using).counted().filter(
                article_id__in=batch).values_list("article_id", "event_id"):
            events[article_id].append(event_id)
        for row in rows:
            yield document(row, people[row["id"]], events[row["id"]])


def reindex(ids: Iterable[int], *, using: str = "default") -> int:
    """Put the current state of the articles ``ids`` in the index (deleted ones leave it), in
    one commit; idempotent. Returns how many documents were written."""
    ids = sorted({int(pk) for pk in ids})
    if not ids:
        return 0
    written = 0
    with writer() as index_writer:
        # By query: a term of a Python int is not matched against the unsigned id field.
        index_writer.delete_documents_by_query(tantivy.Query.term_set_query(get_index().schema, "id", ids))
        for doc in documents(ids, using=using):
            index_writer.add_document(doc)
            written += 1
        index_writer.commit()
        # Merges run in the writer's threads and stop with it: waiting lets them finish, else
        # every task's commit left one more small segment for each search to read.
        index_writer.wait_merging_threads()
    return written


def rebuild(*, batch_size: int = READ_BATCH, progress: Callable[[int, int], None] | None = None,
            using: str = "default") -> int:
    """Every article indexed again, in one commit (searches read the old index until it
    lands). Returns the number of documents."""
    from archive.models import Article

    path = index_path()
    if _exists(path) and not _compatible(path):
        forget()
        shutil.rmtree(path)  # an index of an older schema: made anew
    ids = list(Article.objects.using(using).order_by("pk").values_list("pk", flat=True))
    with writer() as index_writer:
        index_writer.delete_all_documents()
        for start in range(0, len(ids), batch_size):
            for doc in documents(ids[start:start + batch_size], using=using):
                index_writer.add_document(doc)
            if progress:
                progress(min(start + batch_size, len(ids)), len(ids))
        index_writer.commit()
        index_writer.wait_merging_threads()
    return len(ids)


def _exists(path: Path) -> bool:
    """Whether ``path`` holds an index (Tantivy's check raises on a missing folder)."""
    return path.is_dir() and tantivy.Index.exists(str(path))


def _compatible(path: Path) -> bool:
    """Whether the index in ``path`` was made with the current schema (its version file)."""
    marker = path / VERSION_FILE
    return marker.exists() and marker.read_text().strip() == str(SCHEMA_VERSION)
