"""DATABASE_REPLICA_URLS: how replicas are configured, and which requests must read the primary."""
import os
import subprocess
import sys

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.test import RequestFactory

from archive.dbconfig import replica_configs
from archive.web.replica_routing import PRIMARY_COOKIE, must_read_primary

from tests.conftest import ROOT


def test_each_replica_url_becomes_a_pooled_alias_that_mirrors_the_primary_in_tests():
    configs = replica_configs(" postgres://reader@db-2:5432/archive , postgres://reader@db-3/archive,")
    assert list(configs) == ["replica_1", "replica_2"]
    assert configs["replica_1"]["HOST"] == "db-2" and configs["replica_2"]["HOST"] == "db-3"
    assert configs["replica_1"]["NAME"] == "archive"
    assert configs["replica_1"]["TEST"] == {"MIRROR": "default"}
    assert "pool" in configs["replica_1"]["OPTIONS"]
    assert replica_configs("") == {}


def test_a_replica_that_is_not_postgresql_is_refused():
    with pytest.raises(ValueError, match="replica 2 is not a PostgreSQL URL"):
        replica_configs("postgres://reader@db-2/archive,sqlite:///other.sqlite3")


def test_replicas_of_a_sqlite_primary_stop_the_start_with_the_reason(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'a.sqlite3'}",
           "DATABASE_REPLICA_URLS": "postgres://reader@db-2/archive"}
    result = subprocess.run([sys.executable, str(ROOT / "manage.py"), "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URLS needs a PostgreSQL DATABASE_URL" in result.stderr


def request(method="get", path="/search/", *, user=None, cookies=None):
    made = getattr(RequestFactory(), method)(path)
    made.user = user or AnonymousUser()
    made.COOKIES.update(cookies or {})
    return made


def test_a_reader_browsing_may_read_a_replica():
    assert must_read_primary(request()) is False
    assert must_read_primary(request("head", "/articles/1/")) is False
    assert must_read_primary(request(user=User(username="reader", is_staff=False))) is False


@pytest.mark.parametrize("made", [
    pytest.param(lambda: request("post", "/i18n/setlang/"), id="a post"),
    pytest.param(lambda: request(cookies={PRIMARY_COOKIE: "1"}), id="soon after a post"),
    pytest.param(lambda: request(path="/admin/login/"), id="the admin"),
    pytest.param(lambda: request(user=User(username="editor", is_staff=True)), id="staff on a public page"),
])
def test_writers_editors_and_the_admin_read_the_primary(made):
    assert must_read_primary(made()) is True
