"""The ``DATABASES["default"]`` entry, from ``DATABASE_URL`` and a few tuning variables.

SQLite is the embedded default and must survive several writers (two imports,
an import and the admin): the file is in WAL mode (readers never wait for the
writer), a connection waits ``DATABASE_SQLITE_TIMEOUT`` seconds for a lock
instead of failing at once, and every transaction starts with ``BEGIN
IMMEDIATE``, so a transaction that will write takes the write lock when it
begins (where waiting is possible) instead of failing halfway with "database is
locked" when it first writes.

PostgreSQL uses psycopg's connection pool (``DATABASE_POOL``, on by default):
each process keeps between ``DATABASE_POOL_MIN`` and ``DATABASE_POOL_MAX``
connections, a request waits up to ``DATABASE_POOL_TIMEOUT`` seconds for one
(then the database is reported unreachable: a 503, never a 500), connections
unused for ``DATABASE_POOL_MAX_IDLE`` seconds beyond the floor are closed, and a
connection is checked before it is handed out. Size the pool so that
processes x ``DATABASE_POOL_MAX`` stays below the server's ``max_connections``.
Without the pool, ``DATABASE_CONN_MAX_AGE`` keeps connections per thread, with
Django's health checks. Every PostgreSQL connection gets ``work_mem`` =
``DATABASE_WORK_MEM`` (default 32MB, as a libpq ``options`` setting): a search's match set
(the hashed id sets of the rank, the bitmap of a common word, the facets' groups) must
fit, or it spills to disk or the bitmap turns lossy (rows re-checked); PostgreSQL's 4MB
default is sized for many concurrent sessions, and here a process holds at most
``DATABASE_POOL_MAX`` connections. A connection option rather than ``SET LOCAL`` in a
search transaction: searches run in autocommit through the pool, and a transaction per
search would add two round trips to each.

``DATABASE_REPLICA_URLS`` (comma-separated PostgreSQL URLs) adds read replicas
``replica_1``, ``replica_2``, ... configured the same way (each with its own pool);
``archive/db_router.py`` decides which reads go to them.
"""
from __future__ import annotations

import os

import dj_database_url


def _number(name: str, default: str) -> float:
    return float(os.environ.get(name, default))


def database_config(url: str) -> dict:
    """Django's settings for the database at ``url``, tuned as described above."""
    config = dj_database_url.parse(url, conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")))
    options = config.setdefault("OPTIONS", {})
    if config["ENGINE"] == "django.db.backends.sqlite3":
        options.setdefault("timeout", _number("DATABASE_SQLITE_TIMEOUT", "20"))
        options.setdefault("transaction_mode", "IMMEDIATE")
        # WAL is a property of the file (set once, kept); synchronous=NORMAL is safe in WAL mode.
        options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL")
    elif config["ENGINE"] == "django.db.backends.postgresql":
        options.setdefault("connect_timeout", int(_number("DATABASE_CONNECT_TIMEOUT", "5")))
        work_mem = os.environ.get("DATABASE_WORK_MEM", "32MB").strip()
        if work_mem:
            options.setdefault("options", f"-c work_mem={work_mem}")
        if os.environ.get("DATABASE_POOL", "1").strip().lower() in {"1", "true", "yes", "on"}:
            options["pool"] = {
                "min_size": int(_number("DATABASE_POOL_MIN", "1")),
                "max_size": int(_number("DATABASE_POOL_MAX", "4")),
                "timeout": _number("DATABASE_POOL_TIMEOUT", "5"),
                "max_idle": _number("DATABASE_POOL_MAX_IDLE", "3"),
            }
            config["CONN_MAX_AGE"] = 0  # the pool keeps the connections, Django must not
        # Checked before use: with the pool, psycopg's check_connection; without, Django's.
        config["CONN_HEALTH_CHECKS"] = True
    return config


REPLICA_ALIAS_PREFIX = "replica_"


def replica_configs(urls: str) -> dict[str, dict]:
    """The ``DATABASES`` entries for the comma-separated replica ``urls``, by alias.

    Only PostgreSQL makes sense here (a streaming replica of the primary); anything
    else is refused at start-up rather than silently splitting reads between two
    different databases. In the test run a replica mirrors ``default`` (Django's
    ``TEST["MIRROR"]``): no second test database is created.
    """
    configs = {}
    for number, url in enumerate((item.strip() for item in urls.split(",") if item.strip()), start=1):
        config = database_config(url)
        if config["ENGINE"] != "django.db.backends.postgresql":
            raise ValueError(f"DATABASE_REPLICA_URLS: replica {number} is not a PostgreSQL URL")
        config["TEST"] = {"MIRROR": "default"}
        configs[f"{REPLICA_ALIAS_PREFIX}{number}"] = config
    return configs
