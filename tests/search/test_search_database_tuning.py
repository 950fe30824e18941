"""Each connection is tuned for searching: SQLite's map and cache from the file's size,
PostgreSQL's work_mem from DATABASE_WORK_MEM."""
import pytest
from django.db import connection

from archive.dbconfig import database_config
from archive.search import signals

pytestmark = pytest.mark.django_db


def test_postgres_connections_get_the_work_mem_setting(monkeypatch):
    monkeypatch.setenv("DATABASE_WORK_MEM", "48MB")
    assert database_config("postgres://u@h:5432/d")["OPTIONS"]["options"] == "-c work_mem=48MB"
    monkeypatch.setenv("DATABASE_WORK_MEM", "")
    assert "options" not in database_config("postgres://u@h:5432/d")["OPTIONS"]


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_postgres_search_connection_has_enough_work_mem():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('work_mem')")
        assert cursor.fetchone()[0] == "32MB"


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_sqlite_maps_the_whole_file_and_keeps_the_default_cache_when_it_fits():
    with connection.cursor() as cursor:
        mmap_bytes, cache_kib = signals.sqlite_sizes(cursor)
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0]
        cursor.execute("PRAGMA page_size")
        file_bytes = pages * cursor.fetchone()[0]
        assert mmap_bytes >= max(signals.SQLITE_MMAP_BYTES, file_bytes)
        assert cache_kib == signals.SQLITE_CACHE_KIB  # a file inside the map needs no bigger cache


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_sqlite_caches_the_search_structures_when_the_file_outgrows_the_map(monkeypatch):
    """SQLite caps the map (SQLITE_MAX_MMAP_SIZE): a tiny cap stands in for a file past 2 GB."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA mmap_size = 0")
        monkeypatch.setattr(signals, "SQLITE_MMAP_BYTES", 0)
        monkeypatch.setattr(signals, "SQLITE_MMAP_HEADROOM", 0)  # asks for no map at all
        monkeypatch.setattr(signals, "SQLITE_CACHE_KIB", 1)
        mmap_bytes, cache_kib = signals.sqlite_sizes(cursor)
        assert mmap_bytes == 0
        cursor.execute("SELECT SUM(pgsize) FROM dbstat WHERE aggregate = 1 AND name IN "
                       "('archive_article_fts_data', 'archive_article_fts_idx', 'archive_article_search')")
        search_kib = cursor.fetchone()[0] // 1024
        assert cache_kib >= search_kib > 0
        cursor.execute(f"PRAGMA mmap_size = {1 << 30}")  # this connection serves the next tests
        cursor.execute("PRAGMA cache_size = -65536")
