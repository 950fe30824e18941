"""Search backends, one per database vendor, chosen from the connection.

SQLite gets the FTS5 backend (migration 0003 creates its FTS5 table, so a SQLite
built without FTS5 stops there with "no such module: fts5"); PostgreSQL gets the
tsvector backend.
"""
from __future__ import annotations

from django.db import connection as default_connection

from .base import SearchBackend


def get_backend(connection=None) -> SearchBackend:
    """The search backend for ``connection`` (default: the default database)."""
    connection = connection or default_connection
    if connection.vendor == "postgresql":
        from .postgres import PostgresBackend

        return PostgresBackend(connection)
    if connection.vendor == "sqlite":
        from .sqlite import SqliteBackend

        return SqliteBackend(connection)
    raise NotImplementedError(f"Search supports SQLite and PostgreSQL, not {connection.vendor}.")
