"""Fixtures shared by the whole suite."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "fixtures" / "seeds"


@pytest.fixture
def seeds_dir() -> Path:
    """The five real articles the archive must read perfectly."""
    return SEEDS_DIR


@pytest.fixture
def output_dir() -> Path:
    """Where tests leave artefacts (screenshots) for people to look at."""
    path = ROOT / "test-output"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """SQLite's test database is a file, not memory: worker processes the tests start
    (``manage.py db_worker``) must see the same database as the live server."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and not database.get("TEST", {}).get("NAME"):
        database.setdefault("TEST", {})["NAME"] = f"{database['NAME']}.test-db"


@pytest.fixture(autouse=True)
def tasks_run_immediately(settings):
    """Jobs run inside the request that enqueues them, unless a test starts real
    workers (tests/jobs, with the ``queue_in_database`` fixture)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(scope="session", autouse=True)
def collected_static(tmp_path_factory):
    """Run collectstatic once, so pages render with whitenoise's hashed names as in production.

    Into a temporary STATIC_ROOT: a test run leaves nothing in the project folder.
    """
    from django.core.management import call_command
    from django.test import override_settings

    with override_settings(STATIC_ROOT=tmp_path_factory.mktemp("static")):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield


@pytest.fixture(autouse=True)
def search_cache_off(settings):
    """Searches are not cached (SEARCH_CACHE_SECONDS=0) unless a test asks for the cache
    (tests/web/test_search_cache.py): tests that write rows behind the ORM's back (bulk
    factories, raw SQL) then search again must see their rows."""
    settings.SEARCH_CACHE_SECONDS = 0
