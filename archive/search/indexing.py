"""Whole-archive index maintenance: re-analysis after the analyzer changes."""
from __future__ import annotations

from typing import Callable

from django.db import transaction

from archive.models import Article

from .backends import get_backend
from .signals import article_lemmas


def reanalyze_all(*, batch_size: int = 500, progress: Callable[[int, int], None] | None = None) -> tuple[int, int]:
    """Recompute every article's lemma columns; the database re-indexes the rows that change.

    Returns ``(changed, total)``. Each batch is one transaction; the database's
    triggers re-index the rows that changed (rewriting the unchanged ones would
    give the same index), and any missing trigger or index table is put back
    (and filled) first.
    """
    get_backend().ensure()
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    changed = 0
    for start in range(0, len(ids), batch_size):
        with transaction.atomic():
            batch = Article.objects.filter(pk__in=ids[start:start + batch_size]).only(
                "title", "lead", "body", "language", "title_lemmas", "body_lemmas"
            )
            updates = []
            for article in batch:
                lemmas = article_lemmas(
                    title=article.title, lead=article.lead, body=article.body, language=article.language
                )
                if lemmas != (article.title_lemmas, article.body_lemmas):
                    article.title_lemmas, article.body_lemmas = lemmas
                    updates.append(article)
            Article.objects.bulk_update(updates, ["title_lemmas", "body_lemmas"])
            changed += len(updates)
        if progress:
            progress(min(start + batch_size, len(ids)), len(ids))
    return changed, len(ids)
