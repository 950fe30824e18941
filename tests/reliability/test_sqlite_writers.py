"""SQLite with several writers: two imports at once, an import against a held lock, the admin login."""
import os
import socket
import subprocess
import sys
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.db import connection

from tests.reliability.conftest import ROOT, article_bytes, json_lines, manage, wait_for_port

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's file locking")

FILES = 300


def hold_write_lock(path, seconds: float) -> subprocess.Popen:
    """A real second writer: another process holding SQLite's write lock for ``seconds``."""
    script = (
        "import sqlite3, sys, time\n"
        "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "db.execute('BEGIN IMMEDIATE')\n"
        "db.execute(\"INSERT INTO django_session VALUES ('lock-holder', 'x', '2100-01-01')\")\n"
        "print('locked', flush=True)\n"
        "time.sleep(float(sys.argv[2]))\n"
        "db.execute('ROLLBACK')\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", script, str(path), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_two_concurrent_imports_of_the_same_files_lose_nothing(archive_db, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(FILES):
        (folder / f"{n:03d}.txt").write_bytes(article_bytes(1000 + n))
    env = {**os.environ, "DATABASE_URL": archive_db.url}
    command = [sys.executable, str(ROOT / "manage.py"), "import_articles", "--json", str(folder)]
    runs = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outputs = [run.communicate(timeout=600) for run in runs]

    for run, (out, err) in zip(runs, outputs):
        assert run.returncode == 0, err[-3000:]
        statuses = [line["status"] for line in json_lines(out)]
        assert len(statuses) == FILES and "rejected" not in statuses
    assert archive_db.value("SELECT count(*) FROM archive_article") == FILES
    assert archive_db.value("SELECT count(*) FROM archive_importrecord WHERE status = 'rejected'") == 0
    assert archive_db.value("SELECT count(*) FROM archive_importrecord WHERE status = 'imported'") == FILES
    assert archive_db.rows("SELECT status FROM archive_importbatch") == [("done",), ("done",)]
    assert archive_db.value("PRAGMA journal_mode") == "wal"


def test_an_import_waits_for_a_held_lock_instead_of_failing(archive_db, tmp_path):
    folder = tmp_path / "few"
    folder.mkdir()
    for n in range(5):
        (folder / f"{n}.txt").write_bytes(article_bytes(2000 + n))
    holder = hold_write_lock(archive_db.sqlite_path, 8)  # past sqlite3's default 5 s timeout
    try:
        result = manage("import_articles", "--json", str(folder), database_url=archive_db.url)
    finally:
        holder.wait(timeout=30)
    assert result.returncode == 0, result.stderr[-3000:]
    assert [line["status"] for line in json_lines(result.stdout)] == ["imported"] * 5
    assert archive_db.rows("SELECT status FROM archive_importbatch") == [("done",)]


def test_a_lock_held_past_every_retry_rejects_with_the_reason(archive_db, tmp_path):
    (tmp_path / "one.txt").write_bytes(article_bytes(3000))
    quick = {"DATABASE_SQLITE_TIMEOUT": "0.2", "ARCHIVE_IMPORT_LOCK_RETRIES": "1"}
    first = manage("import_articles", str(tmp_path / "one.txt"), database_url=archive_db.url, env=quick)
    assert first.returncode == 0
    (tmp_path / "two.txt").write_bytes(article_bytes(3001))
    holder = hold_write_lock(archive_db.sqlite_path, 6)
    try:
        result = manage("import_articles", "--json", str(tmp_path / "two.txt"), database_url=archive_db.url, env=quick)
    finally:
        holder.wait(timeout=30)
    assert "Traceback" not in result.stderr
    assert result.returncode == 3, result.stderr
    assert "database is locked" in result.stderr and "run the same command again" in result.stderr
    # Run again once the lock is gone: the import resumes.
    again = manage("import_articles", "--json", str(tmp_path / "two.txt"), database_url=archive_db.url)
    assert [line["status"] for line in json_lines(again.stdout)] == ["imported"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_admin_login_waits_for_a_held_lock(archive_db, static_root):
    env = {"DJANGO_SUPERUSER_PASSWORD": "a-long-test-password-1", "DEBUG": "0"}
    made = manage("createsuperuser", "--noinput", "--username", "boss", "--email", "b@example.org",
                  database_url=archive_db.url, env=env)
    assert made.returncode == 0, made.stderr
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "archive.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--timeout", "60"],
        cwd=ROOT, env={**os.environ, "DATABASE_URL": archive_db.url, "STATIC_ROOT": str(static_root)},
        stderr=subprocess.PIPE, text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        wait_for_port(port)
        page = opener.open(f"{base}/admin/login/").read().decode()
        token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        holder = hold_write_lock(archive_db.sqlite_path, 7)
        try:
            data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": "boss",
                                           "password": "a-long-test-password-1", "next": "/admin/"}).encode()
            response = opener.open(urllib.request.Request(f"{base}/admin/login/", data=data,
                                                          headers={"Referer": f"{base}/admin/login/"}))
        finally:
            holder.wait(timeout=30)
        assert response.status == 200 and response.url == f"{base}/admin/"
    finally:
        server.terminate()
        errors = server.communicate(timeout=10)[1]
    assert "Traceback" not in errors, errors[-3000:]
