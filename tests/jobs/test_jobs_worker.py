"""Admin uploads as jobs, run by real ``db_worker`` processes."""
import signal
from collections import Counter

import pytest
from django.db import connection
from django.urls import reverse

from archive.jobs import imports as import_jobs
from archive.models import Article, ImportBatch, ImportRecord
from tests.jobs.conftest import wait_for
from tests.upload.conftest import named_file


def staged_files_discarded(settings):
    """The staged upload is gone: the task that ends a batch discards it just after marking the
    batch ended, so a reader polling the status may see "done" a moment before the files go."""
    wait_for(lambda: not any(settings.ARCHIVE_UPLOAD_STAGING_DIR.iterdir()), timeout=10,
             message="the staged files to be discarded")


def queue_upload(client, files: dict[str, bytes]) -> ImportBatch:
    """Upload, preview and confirm through the admin; returns the queued batch."""
    response = client.post(
        reverse("admin:archive_importbatch_upload"),
        {"files": [named_file(name, data) for name, data in files.items()]},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    preview_url = response["Location"]
    assert client.get(preview_url).status_code == 200
    response = client.post(preview_url, {"confirm": "1"})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("admin:archive_importbatch_result", args=[batch.pk])
    return batch


def progress(client, batch) -> dict:
    response = client.get(reverse("admin:archive_importbatch_progress", args=[batch.pk]))
    assert response.status_code == 200
    return response.json()


def assert_each_file_once(batch, total):
    positions = list(ImportRecord.objects.filter(batch=batch).values_list("position", flat=True))
    assert sorted(positions) == list(range(total))  # none lost, none twice
    hashes = Counter(Article.objects.values_list("content_hash", flat=True))
    assert all(count == 1 for count in hashes.values())
    assert Article.objects.count() == ImportRecord.objects.filter(batch=batch, status="imported").count()


def test_an_upload_becomes_a_job_whose_progress_grows(editor_client, start_worker, generated_zip, settings):
    batch = queue_upload(editor_client, {"articles.zip": generated_zip(40)})
    page = editor_client.get(reverse("admin:archive_importbatch_result", args=[batch.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="progress-bar"' in html and "waiting for a worker" in html and 'id="cancel-import"' in html
    assert 'http-equiv="refresh"' in html and "archive/admin/import-progress." in html
    assert 'id="result-table"' not in html  # the table comes when the batch has stopped
    assert progress(editor_client, batch)["status"] == "queued"
    assert Article.objects.count() == 0

    start_worker()
    seen = []

    def finished():
        figures = progress(editor_client, batch)
        seen.append(figures["done"])
        return figures if figures["finished"] else None

    final = wait_for(finished, timeout=120, interval=0.05, message="the batch to finish")
    assert final["status"] == "done" and final["total"] == 40 and final["done"] == 40
    assert final["imported"] == 40 and final["duplicate"] == 0 and final["rejected"] == 0
    assert any(0 < done < 40 for done in seen), seen  # seen while it ran, not only at the end
    assert seen == sorted(seen)
    assert final["rate"] and final["rate"] > 0
    assert_each_file_once(batch, 40)
    html = editor_client.get(reverse("admin:archive_importbatch_result", args=[batch.pk])).content.decode()
    assert 'id="result-table"' in html and "40 imported" in html and 'http-equiv="refresh"' not in html
    staged_files_discarded(settings)  # the job consumed the staged files


def test_cancel_stops_after_the_current_file_and_keeps_what_is_done(editor_client, start_worker, generated_zip, settings):
    # Enough files that the bulk path (hundreds a second) is still at work when the cancel comes.
    batch = queue_upload(editor_client, {"articles.zip": generated_zip(2000)})
    start_worker(chunk_files=2000)
    wait_for(lambda: progress(editor_client, batch)["done"] >= 3, timeout=120, message="the first files")
    response = editor_client.post(reverse("admin:archive_importbatch_cancel", args=[batch.pk]))
    assert response.status_code == 302
    final = wait_for(
        lambda: (p := progress(editor_client, batch))["finished"] and p, timeout=60, message="the cancel"
    )
    assert final["status"] == "cancelled"
    assert 3 <= final["done"] < 2000
    time_done = final["done"]
    assert Article.objects.count() == final["imported"] == time_done  # kept, whole
    assert_each_file_once_so_far(batch)
    staged_files_discarded(settings)
    html = editor_client.get(reverse("admin:archive_importbatch_result", args=[batch.pk])).content.decode()
    assert "Cancelled" in html and 'id="result-table"' in html and 'id="cancel-import"' not in html


def assert_each_file_once_so_far(batch):
    positions = list(ImportRecord.objects.filter(batch=batch).values_list("position", flat=True))
    assert len(positions) == len(set(positions))


def test_a_killed_workers_batch_resumes_without_duplicates(editor_client, start_worker, generated_zip, settings):
    batch = queue_upload(editor_client, {"articles.zip": generated_zip(1000)})  # still running at the kill
    worker = start_worker(chunk_files=1000)
    wait_for(lambda: progress(editor_client, batch)["done"] >= 5, timeout=120, message="the first files")
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    stopped = progress(editor_client, batch)
    assert stopped["status"] == "running" and 5 <= stopped["done"] < 1000
    assert any(settings.ARCHIVE_UPLOAD_STAGING_DIR.iterdir())  # the files wait for the rest of the job

    # No progress for ARCHIVE_IMPORT_STALE_MINUTES: shown as interrupted, with a Resume button.
    settings.ARCHIVE_IMPORT_STALE_MINUTES = 0
    html = editor_client.get(reverse("admin:archive_importbatch_result", args=[batch.pk])).content.decode()
    assert 'id="resume-import"' in html
    assert editor_client.post(reverse("admin:archive_importbatch_resume", args=[batch.pk])).status_code == 302
    settings.ARCHIVE_IMPORT_STALE_MINUTES = 15
    start_worker()
    final = wait_for(
        lambda: (p := progress(editor_client, batch))["finished"] and p, timeout=240, message="the resumed batch"
    )
    assert final["status"] == "done" and final["done"] == 1000 and final["imported"] == 1000
    assert_each_file_once(batch, 1000)
    staged_files_discarded(settings)


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="several workers share a queue on PostgreSQL")
def test_two_workers_share_one_batch_on_postgresql(editor_client, start_worker, generated_zip):
    from django_tasks_db.models import DBTaskResult

    files = {"articles.zip": generated_zip(60)}
    files["again.txt"] = files["articles.zip"] and b"date 2025-01-01 Same text twice\n\nThe very same body of text, twice in one upload.\n"
    files["again-copy.txt"] = files["again.txt"]
    batch = queue_upload(editor_client, files)
    start_worker(chunk_files=4, worker_id="worker-one")
    start_worker(chunk_files=4, worker_id="worker-two")
    final = wait_for(
        lambda: (p := progress(editor_client, batch))["finished"] and p, timeout=180, message="the shared batch"
    )
    assert final["status"] == "done" and final["total"] == 62 and final["done"] == 62
    assert final["imported"] == 61 and final["duplicate"] == 1
    positions = sorted(ImportRecord.objects.filter(batch=batch).values_list("position", flat=True))
    assert positions == list(range(62))
    assert Article.objects.count() == 61
    workers = Counter(
        worker
        for ids in DBTaskResult.objects.filter(task_path__endswith="import_chunk").values_list("worker_ids", flat=True)
        for worker in ids
    )
    assert set(workers) == {"worker-one", "worker-two"}, workers


def test_resume_is_refused_while_a_batch_runs(editor_client, queue_in_database, transactional_db, generated_zip):
    batch = queue_upload(editor_client, {"articles.zip": generated_zip(3)})
    response = editor_client.post(reverse("admin:archive_importbatch_resume", args=[batch.pk]), follow=True)
    assert "cannot be resumed" in response.content.decode()
    assert import_jobs.can_resume(batch)  # its files are kept for the worker
    assert connection.vendor in {"sqlite", "postgresql"}
