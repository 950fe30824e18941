"""Keeping the engine index in step with the database, through the task queue.

Whatever changes what the index holds about an article (the article saved or deleted, its
mentions or event links changed, a merge moving a person's mentions, a bulk import) calls
:func:`articles_changed` with the article ids; they are collected per transaction and, once
it commits, queued as :func:`reindex_articles` tasks of at most ``SYNC_BATCH`` ids. The task
reads the articles' current rows and rewrites their documents (a deleted article's leaves
the index), so it is idempotent, and a late or repeated run does no harm. Tantivy has one
writer per index: a task waits for the lock another worker holds (store.writer).

Hiding a person needs no re-index: the index holds mentions as stored, and the facets
leave hidden and merged people out when they are read, as the database facet does.
Rows written by ``QuerySet.update()`` or raw SQL send no signal: such writers call
:func:`articles_changed` themselves (the bulk import does), or ``rebuild_search_index``.
"""
from __future__ import annotations

import logging
import threading

from django.db import transaction
from django_tasks import task

from . import enabled

logger = logging.getLogger(__name__)

#: Article ids one task re-indexes at most.
SYNC_BATCH = 500
#: Per thread, {database alias: ids changed in its current transaction, queued when it commits}.
_local = threading.local()


@task()
def reindex_articles(article_ids: list[int]) -> int:
    """Rewrite the engine documents of ``article_ids`` from the database; returns how many exist."""
    from archive.web import search_cache

    from . import store

    written = store.reindex(article_ids)
    # Searches cached between the write's commit and this re-index read the old documents.
    search_cache.archive_changed()
    return written


def _waiting() -> dict[str, set[int]]:
    if not hasattr(_local, "pending"):
        _local.pending = {}
    return _local.pending


def _enqueue(alias: str) -> None:
    ids = sorted(_waiting().pop(alias, set()))
    for start in range(0, len(ids), SYNC_BATCH):
        try:
            reindex_articles.enqueue(ids[start:start + SYNC_BATCH])
        except Exception:  # noqa: BLE001 - a queue problem must not fail the write that committed
            logger.exception("could not queue the search engine's re-index of %d articles", len(ids))


def articles_changed(ids, *, using: str = "default") -> None:
    """The index's documents of ``ids`` are out of date: re-index them once the current
    transaction commits (at once outside one). Nothing when the engine is off.

    The ids of one transaction wait together and go in the first callback that runs after
    its commit (the later ones find none left); ids of a transaction rolled back go with the
    next commit's, which re-indexes them harmlessly."""
    if not enabled():
        return
    ids = {int(pk) for pk in ids if pk is not None}
    if not ids:
        return
    _waiting().setdefault(using, set()).update(ids)
    transaction.on_commit(lambda: _enqueue(using), using=using, robust=True)


def _article_saved(sender, instance, using="default", **kwargs):
    articles_changed([instance.pk], using=using)


def _link_changed(sender, instance, using="default", **kwargs):
    articles_changed([instance.article_id], using=using)


def connect() -> None:
    """Called from the app's ready(): the models whose rows the index copies."""
    from django.db.models.signals import post_delete, post_save

    from archive.models import Article, EventArticle, Mention

    post_save.connect(_article_saved, sender=Article, dispatch_uid="archive.engine.article.s")
    post_delete.connect(_article_saved, sender=Article, dispatch_uid="archive.engine.article.d")
    for model in (Mention, EventArticle):
        post_save.connect(_link_changed, sender=model, dispatch_uid=f"archive.engine.{model.__name__}.s")
        post_delete.connect(_link_changed, sender=model, dispatch_uid=f"archive.engine.{model.__name__}.d")
