"""The engine index kept in sync by real ``manage.py db_worker`` processes (two of them, so
they take turns at the index's one writer)."""
from __future__ import annotations

from datetime import date

from archive.models import Article
from archive.search.engine import store
from archive.web.filters import ArticleFilter
from tests.factories import make_article
from tests.jobs.conftest import queue_in_database, start_worker, wait_for  # noqa: F401  (the workers' fixtures)


def engine_ids(q: str) -> set[int]:
    filterset = ArticleFilter(data={"q": q}, queryset=Article.objects.all())
    assert filterset.is_valid()
    return {article.pk for article in filterset.results()[0:100]}


def test_workers_index_saved_articles_and_drop_deleted_ones(start_worker, settings, monkeypatch, tmp_path):  # noqa: F811
    path = tmp_path / "search-index"
    settings.SEARCH_ENGINE, settings.SEARCH_ENGINE_PATH = "tantivy", path
    monkeypatch.setenv("SEARCH_ENGINE", "tantivy")
    monkeypatch.setenv("SEARCH_ENGINE_PATH", str(path))
    store.rebuild()  # an empty archive's index
    start_worker()
    start_worker()

    made = [make_article(f"Урожай пшеницы {i}", "Фермеры собрали урожай.", "ru", date(2026, 3, 1 + i))
            for i in range(6)]  # six commits: six tasks for two workers
    wait_for(lambda: engine_ids("пшеница") == {article.pk for article in made}, timeout=120,
             message="the workers' re-index")

    gone = made.pop()
    gone.delete()
    wait_for(lambda: engine_ids("пшеница") == {article.pk for article in made}, timeout=60,
             message="the deleted article leaving the index")
