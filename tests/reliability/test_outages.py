"""The database gone or full: a 503 in the reader's language, JSON from the API, imports stopped with the reason."""
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import psycopg
import pytest

from django.db import connection

from tests.reliability.conftest import ROOT, article_bytes, json_lines, manage, wait_for_port
from tests.reliability.test_sqlite_writers import free_port
from tests.reliability.private_postgres import PrivateCluster, find_tool

needs_initdb = pytest.mark.skipif(find_tool("initdb") is None, reason="initdb is not installed: no private PostgreSQL")
# The servers under test use their own private cluster; run them once, in the PostgreSQL run of the suite.
pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL outages: run with PostgreSQL")
PORT = 55151


def get(url, language="en"):
    request = urllib.request.Request(url, headers={"Accept-Language": language})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


class Server:
    """gunicorn serving the archive against ``database_url`` (threads, as in production)."""

    def __init__(self, database_url, *, static_root, workers=1, threads=4, env=None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        # The log goes to a file, not a pipe: nothing reads a pipe while the server runs, and the
        # tracebacks of an outage's 503s fill one (64 KiB), after which the server blocks on its log.
        self.log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        self.process = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "archive.wsgi", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(workers), "--threads", str(threads), "--timeout", "60"],
            cwd=ROOT, env={**os.environ, "DATABASE_URL": database_url, "STATIC_ROOT": str(static_root), **(env or {})},
            stdout=subprocess.DEVNULL, stderr=self.log, text=True,
        )
        wait_for_port(self.port)

    def stop(self) -> str:
        """Stops the server; returns its log."""
        self.process.terminate()
        self.process.wait(timeout=20)
        self.log.seek(0)
        text = self.log.read()
        self.log.close()
        return text


@pytest.fixture(scope="module")
def cluster():
    if find_tool("initdb") is None:
        pytest.skip("initdb is not installed: no private PostgreSQL")
    with PrivateCluster(port=PORT, max_connections=10) as running:
        migrated = manage("migrate", "--noinput", "-v0", database_url=running.url)
        assert migrated.returncode == 0, migrated.stderr
        yield running


@needs_initdb
def test_pages_and_api_answer_503_while_the_database_is_down_and_recover(cluster, tmp_path, static_root):
    (tmp_path / "a.txt").write_bytes(article_bytes(1))
    assert manage("import_articles", str(tmp_path / "a.txt"), database_url=cluster.url).returncode == 0
    server = Server(cluster.url, static_root=static_root, env={"DATABASE_POOL_TIMEOUT": "2"})
    try:
        seen = f"{server.base}/search/?q=%D0%BC%D0%BE%D1%81%D1%82"  # "мост"
        status, _headers, seen_body = get(seen)
        assert status == 200
        cluster.stop()
        started = time.monotonic()
        # A search answered before the outage is answered again from its kept answer (the
        # cache needs no database); a search not asked before needs the database: 503.
        status, _headers, body = get(seen)
        assert status == 200 and _results_head(body) == _results_head(seen_body) != ""
        for language, words in (("en", "database is unreachable"), ("ru", "База данных архива недоступна"),
                                ("uk", "База даних архіву недоступна")):
            status, headers, body = get(f"{server.base}/search/?q=%D0%B3%D0%B0%D0%B7", language)  # "газ"
            assert status == 503, body[:500]
            assert words in body, language
            assert headers["Retry-After"] == "10"
        status, headers, body = get(f"{server.base}/api/articles/")
        assert status == 503 and headers["Content-Type"] == "application/json"
        assert '"code": "database_unavailable"' in body or '"code":"database_unavailable"' in body
        assert time.monotonic() - started < 60
        cluster.start()
        assert cluster.wait_until(lambda: get(f"{server.base}/search/?q=%D0%BC%D0%BE%D1%81%D1%82")[0] == 200, timeout=20)
    finally:
        if not _up(cluster):
            cluster.start()
        server.stop()  # its log has the database errors behind the 503s, as it should


def _results_head(body: str) -> str:
    """The search page's count line ("N articles found ..."), or "" where the page has none."""
    found = re.search(r'<h2 id="results-title"[^>]*>(.*?)</h2>', body, re.S)
    return " ".join(found.group(1).split()) if found else ""


def _up(cluster) -> bool:
    try:
        psycopg.connect(cluster.url, connect_timeout=2).close()
        return True
    except psycopg.OperationalError:
        return False


@needs_initdb
def test_requests_wait_for_a_connection_then_get_503_and_the_pool_shrinks(cluster, static_root):
    hogs = [psycopg.connect(cluster.url) for _ in range(10)]  # every slot the server has
    server = None
    try:
        server = Server(cluster.url, static_root=static_root, env={"DATABASE_POOL_TIMEOUT": "2", "DATABASE_POOL_MAX": "4", "DATABASE_POOL_MAX_IDLE": "1"})
        started = time.monotonic()
        status, _, body = get(f"{server.base}/people/")
        waited = time.monotonic() - started
        assert status == 503 and "database is unreachable" in body
        assert waited >= 1.5  # it waited for a connection before giving up
        for hog in hogs[:6]:
            hog.close()
        assert get(f"{server.base}/people/")[0] == 200
        for hog in hogs[6:]:
            hog.close()
        hogs = []
        # A burst of parallel requests opens more connections; idle ones beyond the floor are closed.
        import concurrent.futures
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(lambda _: get(f"{server.base}/people/")[0], range(24)))
        assert set(statuses) <= {200, 503} and 200 in statuses
        assert cluster.wait_until(lambda: cluster.connections() <= 1, timeout=15)
    finally:
        for hog in hogs:
            hog.close()
        if server is not None:
            server.stop()


#: Files in the folder being imported when the server stops.
FILES_BEFORE_OUTAGE = 150


@needs_initdb
def test_an_import_stops_with_the_reason_when_the_database_goes_away_and_resumes(cluster, tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    for n in range(FILES_BEFORE_OUTAGE):
        (folder / f"{n:03d}.txt").write_bytes(article_bytes(500 + n))
    # Written five files at a time, most of the folder is still to come when the server stops.
    env = {**os.environ, "DATABASE_URL": cluster.url, "DATABASE_POOL_TIMEOUT": "2", "ARCHIVE_IMPORT_WRITE_BATCH": "5"}
    run = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "import_articles", "--json", str(folder)],
                           cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.5)
    while True:  # stop the server once a few files are in
        with psycopg.connect(cluster.url) as db:
            if db.execute("SELECT count(*) FROM archive_importrecord").fetchone()[0] >= 3:
                break
        time.sleep(0.1)
    cluster.stop()
    out, err = run.communicate(timeout=120)
    cluster.start()
    assert run.returncode == 3, err[-2000:]
    assert "Traceback" not in err
    assert "the import stopped: the database is unreachable" in err and "run the same command again" in err
    done = json_lines(out)
    assert done and all(line["status"] == "imported" for line in done)
    again = manage("import_articles", "--json", str(folder), database_url=cluster.url)
    assert again.returncode == 0, again.stderr
    statuses = [line["status"] for line in json_lines(again.stdout)]
    assert statuses.count("duplicate") >= len(done) and "rejected" not in statuses
    with psycopg.connect(cluster.url) as db:
        assert db.execute("SELECT count(*) FROM archive_article WHERE source_name LIKE %s",
                          (f"{folder}/%",)).fetchone()[0] == FILES_BEFORE_OUTAGE
