"""Real worker processes for the job tests: ``manage.py db_worker`` against the test database.

    queue_in_database   jobs go to django-tasks' database queue (not run in the request)
    start_worker        start a worker: ``proc = start_worker()``; stopped at teardown
    generated_zip       a zip of N distinct generated articles (our own text, not bsnlp's)

The worker reads DATABASE_URL, so it sees what the test (transactional: committed)
writes; for SQLite the test database is a file (tests/conftest.py).
"""
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.upload.conftest import make_editor, make_zip

ROOT = Path(__file__).resolve().parents[2]
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def database_url_for_workers() -> str:
    """A DATABASE_URL for the database the tests run on."""
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{params['NAME']}"
    auth = params["USER"] or ""
    if params.get("PASSWORD"):
        auth += f":{params['PASSWORD']}"
    return f"postgres://{auth}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{params['NAME']}"


@pytest.fixture(autouse=True)
def private_staging_dir(settings, tmp_path):
    """Each test stages uploads in its own folder, so leftovers are visible."""
    settings.ARCHIVE_UPLOAD_STAGING_DIR = tmp_path / "staging"
    return settings.ARCHIVE_UPLOAD_STAGING_DIR


@pytest.fixture
def editor_client(client, django_user_model, transactional_db):
    client.force_login(make_editor(django_user_model))
    return client


@pytest.fixture
def queue_in_database(settings):
    settings.TASKS = DATABASE_BACKEND
    return settings


@pytest.fixture
def start_worker(queue_in_database, transactional_db):
    """Start ``manage.py db_worker`` processes; every one still running is stopped at teardown."""
    started = []

    def start(*, chunk_files: int = 5, write_batch: int | None = None, worker_id: str | None = None) -> subprocess.Popen:
        env = {
            **os.environ,
            "DATABASE_URL": database_url_for_workers(),
            "ARCHIVE_UPLOAD_STAGING_DIR": str(queue_in_database.ARCHIVE_UPLOAD_STAGING_DIR),
            "ARCHIVE_IMPORT_CHUNK_FILES": str(chunk_files),
            "DATABASE_CONN_MAX_AGE": "0",
        }
        if write_batch is not None:
            env["ARCHIVE_IMPORT_WRITE_BATCH"] = str(write_batch)
        env.pop("ARCHIVE_TASKS_BACKEND", None)
        args = [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay", "--no-reload"]
        if worker_id:
            args += ["--worker-id", worker_id]
        process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in started:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


WORDS = (
    "правительство комиссия заседание бюджет регион область проект закон министр совет решение "
    "доклад программа развитие экономика город жители строительство дорога школа больница"
).split()
NAMES = ["Иван Петров", "Анна Смирнова", "Олег Кузнецов", "Марина Волкова", "Сергей Орлов"]


def generated_article(index: int, *, words: int = 180) -> str:
    """A distinct Russian article of about ``words`` words naming a couple of people."""
    rng = random.Random(index)
    sentences = []
    while sum(len(s.split()) for s in sentences) < words:
        picked = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14)))
        if rng.random() < 0.3:
            picked += f", заявил {rng.choice(NAMES)}"
        sentences.append(picked.capitalize() + ".")
    body = " ".join(sentences)
    return f"date 2025-{1 + index % 12:02d}-{1 + index % 28:02d} Сообщение номер {index} о работе комиссии\n\n{body}\n"


@pytest.fixture
def generated_zip():
    def build(count: int, *, words: int = 180) -> bytes:
        return make_zip({
            f"batch/article-{index:04d}.txt": generated_article(index, words=words).encode("utf-8")
            for index in range(count)
        })

    return build


def wait_for(condition, *, timeout: float = 60, interval: float = 0.1, message: str = "condition"):
    """Poll ``condition`` until it returns a true value; return that value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {message}")
