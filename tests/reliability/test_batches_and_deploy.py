"""Batches stopped by an error, the SQLite file's mode, and the production checks."""
import os
import stat

import pytest

from archive.ingest.service import ImportOptions, InputFile, import_inputs
from archive.models import Article, ImportBatch
from tests.reliability.conftest import article_bytes, manage


def inputs_then(error: BaseException):
    yield InputFile("first.txt", article_bytes(1))
    raise error


@pytest.mark.django_db
@pytest.mark.parametrize("error, reason", [
    (RuntimeError("disk went away"), "RuntimeError: disk went away"),
    (KeyboardInterrupt(), "stopped by the user"),
])
def test_a_batch_stopped_by_any_error_is_marked_at_once_with_it_and_resumes(error, reason):
    with pytest.raises(type(error)):
        import_inputs(inputs_then(error), options=ImportOptions(), origin=ImportBatch.Origin.COMMAND)
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.error) == ("interrupted", reason)
    assert batch.finished_at is not None
    again = import_inputs([InputFile("first.txt", article_bytes(1)), InputFile("second.txt", article_bytes(2))],
                          options=ImportOptions(), origin=ImportBatch.Origin.COMMAND)
    assert list(again.records.values_list("status", flat=True)) == ["duplicate", "imported"]
    assert (again.status, again.error) == ("done", "")
    assert Article.objects.count() == 2


def test_the_sqlite_file_migrate_creates_is_private(tmp_path):
    path = tmp_path / "new.sqlite3"
    os.umask(old := os.umask(0o022))
    assert manage("migrate", "--noinput", "-v0", database_url=f"sqlite:///{path}").returncode == 0
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if candidate.exists():
            assert stat.S_IMODE(candidate.stat().st_mode) == 0o600, candidate
    (tmp_path / "a.txt").write_bytes(article_bytes(3))
    assert manage("import_articles", str(tmp_path / "a.txt"), database_url=f"sqlite:///{path}").returncode == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_documented_production_settings_pass_check_deploy(tmp_path):
    env = {"HTTPS": "1", "DEBUG": "0", "SECRET_KEY": "k" * 20 + "-production-key-that-is-long-and-random-" + "z" * 20,
           "ALLOWED_HOSTS": "archive.example.org", "ARCHIVE_UPLOAD_STAGING_DIR": str(tmp_path / "staging")}
    result = manage("check", "--deploy", "--fail-level", "WARNING", database_url=f"sqlite:///{tmp_path}/db.sqlite3",
                    env=env)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
