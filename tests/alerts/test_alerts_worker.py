"""Alerts sent by a real ``manage.py db_worker`` process, into the filebased email backend.

Django's locmem outbox lives in the process that sends, so the worker writes its
emails as files in a folder the test reads.
"""
from __future__ import annotations

import email
import email.policy

from django.core.management import call_command

from archive.models import ImportBatch, SentAlert
from tests.alerts.conftest import BUDGET, PARIS
from tests.jobs.conftest import wait_for


def read_emails(folder):
    messages = []
    for path in sorted(folder.glob("*.log")):
        # The filebased backend writes each message followed by a line of dashes.
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk, policy=email.policy.default))
    return messages


def test_a_worker_sends_one_immediate_alert_after_an_import_and_none_after_a_repeat(
        saved_search, article_files, start_worker, monkeypatch, tmp_path):
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    monkeypatch.setenv("EMAIL_BACKEND", "filebased")
    monkeypatch.setenv("EMAIL_FILE_PATH", str(outbox))
    monkeypatch.setenv("SITE_URL", "https://archive.example.org")
    search = saved_search()
    start_worker()

    folder = article_files(paris=PARIS, budget=BUDGET)
    call_command("import_articles", "--enqueue", str(folder), verbosity=0)
    wait_for(lambda: SentAlert.objects.filter(saved_search=search).exists(), timeout=120, message="the alert")
    messages = wait_for(lambda: read_emails(outbox), timeout=30, message="the email file")
    assert len(messages) == 1
    message = messages[0]
    assert message["To"] == "reader@example.org"
    assert message["Subject"] == "1 new article for “Париж”"
    assert message["List-Unsubscribe"].strip().startswith("<https://archive.example.org/alerts/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Переговоры в Париже" in text and "Городской бюджет" not in text
    assert "https://archive.example.org/articles/" in html

    # The same files again: all duplicates, so the batch ends with nothing new to announce.
    call_command("import_articles", "--enqueue", str(folder), verbosity=0)
    wait_for(lambda: ImportBatch.objects.filter(status=ImportBatch.Status.DONE).count() == 2, timeout=120,
             message="the second batch")
    from django_tasks_db.models import DBTaskResult

    wait_for(lambda: not DBTaskResult.objects.ready().exists() and DBTaskResult.objects.filter(
        task_path__endswith="send_saved_search_alert").count() == 2, timeout=60, message="the second alert task")
    assert len(read_emails(outbox)) == 1
    assert SentAlert.objects.count() == 1


def test_a_worker_whose_mail_server_fails_logs_it_records_nothing_and_queues_a_retry(
        saved_search, article_files, start_worker, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    monkeypatch.setenv("EMAIL_BACKEND", "tests.alerts.failing_mail.FailingBackend")
    search = saved_search()
    worker = start_worker()
    call_command("import_articles", "--enqueue", str(article_files(paris=PARIS)), verbosity=0)

    failed = wait_for(lambda: DBTaskResult.objects.filter(task_path__endswith="send_saved_search_alert",
                                                          status="FAILED").first(),
                      timeout=120, message="the failed alert task")
    assert failed.args_kwargs["args"] == [search.pk]
    retry = wait_for(lambda: DBTaskResult.objects.filter(task_path__endswith="send_saved_search_alert",
                                                         status="READY").first(),
                     timeout=30, message="the retry")
    assert retry.args_kwargs["args"] == [search.pk, 2]
    assert retry.run_after > failed.finished_at  # waits before trying again
    assert not SentAlert.objects.exists()
    search.refresh_from_db()
    assert search.last_alerted_at is None

    worker.terminate()
    log = worker.communicate(timeout=20)[1]
    assert f"Alert for saved search #{search.pk} not sent" in log and "SMTPServerDisconnected" in log
