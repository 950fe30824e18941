"""Search backends, one per database vendor, chosen from the connection.

SQLite gets the FTS5 backend when its build has FTS5 (probed once per
connection), else a slower fallback that scans the lemma columns; PostgreSQL
gets the tsvector backend.
"""
from __future__ import annotations

from django.db import connection as default_connection

from .base import SearchBackend

_probed: dict[str, bool] = {}


def _has_fts5(connection) -> bool:
    key = connection.settings_dict.get("NAME") or ""
    if key not in _probed:
        with connection.cursor() as cursor:
            try:
                cursor.execute("CREATE VIRTUAL TABLE temp.archive_fts5_probe USING fts5(x)")
                cursor.execute("DROP TABLE temp.archive_fts5_probe")
                enabled = True
            except Exception:  # "no such module: fts5"
                enabled = False
        _probed[key] = enabled
    return _probed[key]


def get_backend(connection=None) -> SearchBackend:
    """The search backend for ``connection`` (default: the default database)."""
    connection = connection or default_connection
    if connection.vendor == "postgresql":
        from .postgres import PostgresBackend

        return PostgresBackend(connection)
    if connection.vendor == "sqlite" and _has_fts5(connection):
        from .sqlite import SqliteBackend

        return SqliteBackend(connection)
    from .scan import ScanBackend

    return ScanBackend(connection)
