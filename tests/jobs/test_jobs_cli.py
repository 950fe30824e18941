"""``import_articles``: progress bar on a terminal, --workers, --enqueue, usage errors."""
import json
import os
import pty
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.models import Article, ImportBatch, ImportRecord
from tests.jobs.conftest import ROOT, generated_article, database_url_for_workers, wait_for


@pytest.fixture
def article_folder(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for index in range(12):
        (folder / f"a{index:02d}.txt").write_text(generated_article(index), encoding="utf-8")
    (folder / "copy.txt").write_text(generated_article(3), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    return folder


def run_on_a_terminal(*args: str) -> tuple[int, str, str]:
    """Run import_articles with stderr on a pseudo-terminal; returns (status, stdout, terminal output)."""
    controller, terminal = pty.openpty()
    env = {**os.environ, "DATABASE_URL": database_url_for_workers(), "DATABASE_CONN_MAX_AGE": "0"}
    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_articles", *args], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=terminal, text=True,
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    stdout = process.stdout.read()
    status = process.wait(timeout=120)
    os.close(controller)
    return status, stdout, shown.decode("utf-8", "replace")


def test_a_terminal_shows_a_progress_bar_and_json_stays_line_by_line(article_folder, transactional_db):
    status, stdout, shown = run_on_a_terminal(str(article_folder))
    assert status == 1  # the empty file is rejected
    assert "14/14" in shown and "file/s" in shown  # files done of the total, and the rate
    assert "rejected  " in shown and "empty.txt" in shown
    assert "12 imported, 1 duplicate, 1 rejected" in stdout

    status, stdout, shown = run_on_a_terminal("--json", str(article_folder))
    assert status == 1
    assert "file/s" not in shown and "%|" not in shown
    lines = [json.loads(line) for line in stdout.splitlines()]
    assert len(lines) == 14 and {line["status"] for line in lines} == {"duplicate", "rejected"}


def test_a_missing_path_is_a_usage_error(article_folder, db):
    with pytest.raises(CommandError) as error:
        call_command("import_articles", str(article_folder), str(article_folder / "nowhere"))
    assert error.value.returncode == 2 and "nowhere" in str(error.value)
    assert not ImportBatch.objects.exists()  # nothing was started


def test_workers_store_every_file_once(article_folder, transactional_db, capsys):
    with pytest.raises(CommandError) as error:
        call_command("import_articles", "--workers", "2", "--json", str(article_folder))
    assert error.value.returncode == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sorted(line["status"] for line in lines) == ["duplicate"] + ["imported"] * 12 + ["rejected"]
    assert Article.objects.count() == 12
    batch = ImportBatch.objects.get()
    assert batch.status == "done"
    assert sorted(batch.records.values_list("position", flat=True)) == list(range(14))


def test_enqueue_returns_at_once_and_a_worker_imports(article_folder, start_worker, capsys):
    call_command("import_articles", "--enqueue", "--json", str(article_folder))
    queued = json.loads(capsys.readouterr().out)
    assert queued["status"] == "queued"
    batch = ImportBatch.objects.get(pk=queued["batch"])
    assert batch.status == "queued" and Article.objects.count() == 0
    start_worker()
    wait_for(lambda: ImportBatch.objects.get(pk=batch.pk).status == "done", timeout=120, message="the queued import")
    assert Article.objects.count() == 12
    assert ImportRecord.objects.filter(batch=batch, status="rejected").count() == 1
    assert list((article_folder).iterdir())  # the command line's own files are left where they are
