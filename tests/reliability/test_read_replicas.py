"""Read replicas against a real streaming replica: readers read from it, editors and writers from the primary.

The test starts its own primary (initdb on a free port) and a replica made from
it with ``pg_basebackup -R``, so it changes nothing on the machine's server.
While the replica's replay is paused it lags behind the primary, so whether a
page shows a new article tells which database the request read.
"""
import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request

import psycopg
import pytest

from tests.reliability.conftest import article_bytes, json_lines, manage
from tests.reliability.private_postgres import PrivateCluster, PrivateReplica, find_tool
from tests.reliability.test_outages import Server
from tests.reliability.test_sqlite_writers import free_port

SERVER_BINARIES = ("initdb", "pg_ctl", "pg_basebackup")
pytestmark = pytest.mark.skipif(
    any(find_tool(name) is None for name in SERVER_BINARIES),
    reason="the PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup) are not installed",
)
EDITOR_PASSWORD = "a long editor password 7"


@pytest.fixture(scope="module")
def primary():
    with PrivateCluster(port=free_port()) as cluster:
        migrated = manage("migrate", "--noinput", "-v0", database_url=cluster.url)
        assert migrated.returncode == 0, migrated.stderr
        created = manage("createsuperuser", "--noinput", "--username", "editor", "--email", "editor@example.org",
                         database_url=cluster.url, env={"DJANGO_SUPERUSER_PASSWORD": EDITOR_PASSWORD})
        assert created.returncode == 0, created.stderr
        yield cluster


@pytest.fixture(scope="module")
def replica(primary):
    with PrivateReplica(primary, port=free_port()) as running:
        yield running


@pytest.fixture
def lagging(replica):
    """The replica with its replay paused (so it lags), resumed and caught up afterwards."""
    replica.wait_caught_up()
    replica.pause_replay()
    yield replica
    replica.resume_replay()
    replica.wait_caught_up()


def import_article(n: int, folder, database_url: str) -> int:
    path = folder / f"article-{n}.txt"
    path.write_bytes(article_bytes(n))
    result = manage("import_articles", "--json", str(path), database_url=database_url)
    assert result.returncode == 0, result.stderr
    [line] = json_lines(result.stdout)
    assert line["status"] == "imported", line
    return line["article_id"]


class Browser:
    """One visitor: a cookie jar and the requests a browser would send."""

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def open(self, path: str, form: dict | None = None) -> tuple[int, str]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.base + path, data=data, headers={"Referer": self.base + path})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post_form(self, path: str, fields: dict, *, action: str | None = None) -> tuple[int, str]:
        """GET ``path``, then POST ``fields`` with its CSRF token to ``action`` (else ``path``),
        as submitting a form of that page does."""
        _, page = self.open(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.open(action or path, {"csrfmiddlewaretoken": token, **fields})

    def cookie(self, name: str):
        return next((cookie for cookie in self.cookies if cookie.name == name), None)

    def forget_cookie(self, name: str) -> None:
        self.cookies.clear(self.cookie(name).domain, "/", name)


@pytest.fixture
def server(primary, replica, static_root):
    running = Server(primary.url, static_root=static_root,
                     env={"DATABASE_REPLICA_URLS": replica.url, "DATABASE_POOL_TIMEOUT": "2"})
    yield running
    running.stop()


READ_THROUGH_THE_ROUTER = """
import json
from django.db import connections, router, transaction
from archive.db_router import replica_reads
from archive.models import Article

with replica_reads():
    articles = Article.objects.filter(pk={pk})
    title = articles.get().title
    read_db = articles.db
    with connections[read_db].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        in_recovery = cursor.fetchone()[0]
    write_db = router.db_for_write(Article)
    with transaction.atomic():
        in_transaction_db = Article.objects.all().db
print(json.dumps({{
    "read_db": read_db, "title": title, "in_recovery": in_recovery, "write_db": write_db,
    "in_transaction_db": in_transaction_db, "outside_db": Article.objects.all().db,
    "replica_migrates": router.allow_migrate("replica_1", "archive"),
}}))
"""


def test_reads_inside_replica_reads_come_from_the_replica_and_writes_go_to_the_primary(primary, replica, tmp_path):
    pk = import_article(1, tmp_path, primary.url)
    replica.wait_caught_up()
    result = manage("shell", "-c", READ_THROUGH_THE_ROUTER.format(pk=pk), database_url=primary.url,
                    env={"DATABASE_REPLICA_URLS": replica.url})
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["read_db"] == "replica_1" and seen["in_recovery"] is True, result.stderr
    assert seen["title"].startswith("Городской совет обсудил ремонт моста номер 1")
    assert seen["write_db"] == "default"
    assert seen["in_transaction_db"] == "default"  # a transaction on the primary reads the primary
    assert seen["outside_db"] == "default"  # commands and workers read the primary
    assert seen["replica_migrates"] is False


def test_readers_read_the_replica_while_staff_and_recent_writers_read_the_primary(primary, replica, server, tmp_path):
    editor = Browser(server.base)
    status, _ = editor.post_form("/admin/login/?next=/admin/", {"username": "editor", "password": EDITOR_PASSWORD})
    assert status == 200 and editor.cookie("sessionid") is not None
    assert editor.cookie("archive_primary") is not None  # the login was a write
    editor.forget_cookie("archive_primary")  # as after DATABASE_REPLICA_PIN_SECONDS: only being staff counts now

    replica.wait_caught_up()  # the session is on the replica
    replica.pause_replay()
    try:
        pk = import_article(2, tmp_path, primary.url)
        page = f"/articles/{pk}/"

        reader = Browser(server.base)
        assert reader.open(page)[0] == 404  # the lagging replica has no such article yet

        status, body = editor.open(page)
        assert status == 200 and "моста номер 2" in body  # staff read the primary, on public pages too
        assert editor.open(f"/admin/archive/article/{pk}/change/")[0] == 200

        writer = Browser(server.base)  # a reader who just switched the interface language
        status, _ = writer.post_form("/", {"language": "uk", "next": page}, action="/i18n/setlang/")
        assert writer.cookie("archive_primary") is not None
        assert status == 200, "the redirect after the switch shows the new article, from the primary"
        status, body = writer.open(page)
        assert status == 200 and "моста номер 2" in body
    finally:
        replica.resume_replay()
    replica.wait_caught_up()
    assert reader.open(page)[0] == 200  # the replica caught up


def test_import_workers_read_the_primary_while_the_replica_lags(primary, lagging, tmp_path):
    (tmp_path / "queued.txt").write_bytes(article_bytes(3))
    replicas = {"DATABASE_REPLICA_URLS": lagging.url}
    queued = manage("import_articles", "--enqueue", str(tmp_path / "queued.txt"), database_url=primary.url, env=replicas)
    assert queued.returncode == 0, queued.stderr
    worked = manage("db_worker", "--batch", "--no-startup-delay", "--no-reload", database_url=primary.url, env=replicas)
    assert worked.returncode == 0, worked.stderr
    with psycopg.connect(primary.url) as db:
        batch_status = db.execute("SELECT status FROM archive_importbatch ORDER BY id DESC LIMIT 1").fetchone()[0]
        records = db.execute("SELECT status FROM archive_importrecord WHERE source_name LIKE '%queued.txt'").fetchall()
    assert batch_status == "done" and records == [("imported",)]  # the worker found the task and the batch the replica does not have yet


def test_an_unreachable_replica_sends_readers_to_the_primary_with_a_warning(primary, tmp_path, static_root):
    pk = import_article(4, tmp_path, primary.url)
    page = f"/articles/{pk}/"
    with PrivateReplica(primary, port=free_port()) as replica:
        server = Server(primary.url, static_root=static_root,
                        env={"DATABASE_REPLICA_URLS": replica.url, "DATABASE_POOL_TIMEOUT": "2"})
        try:
            reader = Browser(server.base)
            replica.wait_caught_up()
            assert reader.open(page)[0] == 200
            replica.stop()
            status, body = reader.open(page)
            assert status == 200 and "моста номер 4" in body
            assert reader.open("/search/?q=%D0%BC%D0%BE%D1%81%D1%82")[0] == 200  # left out: no wait, no error
        finally:
            log = server.stop()
    assert "Database replica replica_1 is unreachable" in log, log[-2000:]
