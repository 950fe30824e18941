"""Real processes against a real database: the command line as a person runs it.

``archive_db`` gives a database URL that a ``manage.py`` subprocess can use and
the test can read back: on SQLite a fresh migrated file (copied from one
migrated once per session), on PostgreSQL the test database itself (the test
runs with ``transactional_db``, so what the subprocess commits is visible).
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent.parent

ARTICLE = (
    "date 2025-05-{day:02d} Городской совет обсудил ремонт моста номер {n}\n\n"
    "Депутаты городского совета в четверг обсудили ремонт моста номер {n} через реку, "
    "сообщил председатель комиссии по транспорту.\n\n"
    "Работы начнутся летом и продлятся до конца года, сказал он журналистам.\n"
)


def article_bytes(n: int) -> bytes:
    """A distinct small Russian article, ours (not the seeds')."""
    return ARTICLE.format(n=n, day=n % 28 + 1).encode("utf-8")


def manage(*args: str, database_url: str, timeout: float = 120, env: dict | None = None, **kwargs):
    """Run ``manage.py`` in a child process; returns the CompletedProcess."""
    child_env = {**os.environ, "DATABASE_URL": database_url, **(env or {})}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT, env=child_env, capture_output=True, text=True, timeout=timeout, **kwargs,
    )


def json_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


@dataclass
class ArchiveDb:
    url: str
    sqlite_path: Path | None

    def rows(self, sql: str) -> list[tuple]:
        """Rows of a query, read outside the child processes (and outside any test transaction)."""
        if self.sqlite_path is not None:
            with sqlite3.connect(self.sqlite_path) as db:
                return db.execute(sql).fetchall()
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()

    def value(self, sql: str):
        return self.rows(sql)[0][0]


@pytest.fixture(scope="session")
def _migrated_sqlite(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "archive.sqlite3"
    result = manage("migrate", "--noinput", "-v0", database_url=f"sqlite:///{path}")
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture
def archive_db(request, tmp_path) -> ArchiveDb:
    if connection.vendor == "sqlite":
        template = request.getfixturevalue("_migrated_sqlite")
        path = tmp_path / "archive.sqlite3"
        shutil.copy(template, path)
        return ArchiveDb(url=f"sqlite:///{path}", sqlite_path=path)
    request.getfixturevalue("transactional_db")
    settings = connection.settings_dict
    url = f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
    return ArchiveDb(url=url, sqlite_path=None)


@pytest.fixture(scope="session")
def static_root(tmp_path_factory) -> Path:
    """Collected static files for servers run as child processes (pages use the manifest's names)."""
    path = tmp_path_factory.mktemp("static-children")
    result = manage("collectstatic", "--noinput", "-v0", database_url="sqlite:///:memory:",
                    env={"STATIC_ROOT": str(path)})
    assert result.returncode == 0, result.stderr
    return path


def wait_for_port(port: int, timeout: float = 30) -> None:
    """Until a server listens on ``port`` (gunicorn takes a moment to start)."""
    import socket
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on port {port}")
