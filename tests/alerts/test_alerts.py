"""Alerts sent in this process (immediate task backend, Django's locmem outbox)."""
from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from archive.alerts import sending
from archive.alerts.emails import unsubscribe_url
from archive.accounts.matching import matching_articles
from archive.alerts.tasks import send_saved_search_alert
from archive.alerts.tokens import unsubscribe_token
from archive.models import Article, SavedSearch, SentAlert
from tests.alerts.conftest import BUDGET, PARIS, PARIS_AGAIN
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)  # imports commit, and alerts follow the commit


def import_folder(folder) -> None:
    call_command("import_articles", str(folder), verbosity=0)


def test_an_import_with_a_matching_article_sends_one_immediate_alert(saved_search, article_files):
    search = saved_search()
    import_folder(article_files(paris=PARIS, budget=BUDGET))

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    article = Article.objects.get(title="Переговоры в Париже")
    assert message.to == ["reader@example.org"]
    assert message.subject == "1 new article for “Париж”"
    assert "Переговоры в Париже" in message.body and "Городской бюджет" not in message.body
    assert f"https://archive.example.org/articles/{article.pk}/" in message.body
    assert "ТАСС" in message.body and "2026" in message.body
    assert "https://archive.example.org/search/?q=%D0%9F%D0%B0%D1%80%D0%B8%D0%B6" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'<a href="https://archive.example.org/articles/{article.pk}/">Переговоры в Париже</a>' in html
    link = unsubscribe_url(search)
    assert link.startswith("https://archive.example.org/alerts/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in message.body and link in html
    assert list(SentAlert.objects.filter(saved_search=search).values_list("article_id", flat=True)) == [article.pk]


def test_a_second_import_of_the_same_files_sends_no_second_email(saved_search, article_files):
    saved_search()
    import_folder(article_files(paris=PARIS))
    import_folder(article_files(paris=PARIS))  # the same text again: a duplicate, nothing new
    assert len(mail.outbox) == 1
    import_folder(article_files(paris=PARIS, again=PARIS_AGAIN))
    assert len(mail.outbox) == 2
    assert "Новая встреча в Париже" in mail.outbox[1].body
    assert "Переговоры в Париже" not in mail.outbox[1].body  # never twice for the same article


def test_searches_without_immediate_alerts_get_nothing_after_an_import(saved_search, article_files):
    saved_search(SavedSearch.Frequency.DAILY)
    saved_search(SavedSearch.Frequency.NONE, name="off")
    import_folder(article_files(paris=PARIS))
    assert mail.outbox == []


def test_a_daily_digest_gathers_the_days_matches(saved_search):
    search = saved_search(SavedSearch.Frequency.DAILY)
    first = make_article("Переговоры в Париже", "Союзники встретились в Париже.")
    second = make_article("Итоги встречи в Париже", "В Париже подвели итоги.")
    make_article("Бюджет города", "Депутаты приняли бюджет.")

    call_command("send_alerts", "--daily", verbosity=0)
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].subject == "2 new articles for “Париж”"
    assert "Переговоры в Париже" in body and "Итоги встречи в Париже" in body and "Бюджет" not in body
    assert set(SentAlert.objects.values_list("article_id", flat=True)) == {first.pk, second.pk}

    call_command("send_alerts", "--daily", verbosity=0)  # nothing new since
    call_command("send_alerts", "--due", verbosity=0)  # today's digest is sent
    assert len(mail.outbox) == 1
    search.refresh_from_db()
    assert search.last_alerted_at is not None


def test_due_sends_a_daily_digest_once_a_day_and_a_weekly_one_once_a_week(saved_search):
    daily, weekly = saved_search(SavedSearch.Frequency.DAILY), saved_search(SavedSearch.Frequency.WEEKLY, name="w")
    now = timezone.now()
    SavedSearch.objects.filter(pk=daily.pk).update(last_alerted_at=now - timedelta(days=1))
    SavedSearch.objects.filter(pk=weekly.pk).update(last_alerted_at=now - timedelta(days=6))
    assert sending.due_digests(now=now) == [daily.pk]
    SavedSearch.objects.filter(pk=weekly.pk).update(last_alerted_at=now - timedelta(days=7))
    assert sending.due_digests(now=now) == [daily.pk, weekly.pk]
    SavedSearch.objects.filter(pk=daily.pk).update(last_alerted_at=now)
    assert sending.due_digests(now=now) == [weekly.pk]


def test_the_email_is_in_the_site_language(saved_search, settings):
    settings.LANGUAGE_CODE = "uk"
    saved_search(SavedSearch.Frequency.DAILY)
    make_article("Переговоры в Париже", "Союзники встретились в Париже.")
    call_command("send_alerts", "--daily", verbosity=0)
    message = mail.outbox[0]
    assert message.subject == "1 нова стаття для «Париж»"
    assert "Припинити ці сповіщення:" in message.body and "(щодня)" in message.body
    assert "Припинити ці сповіщення" in message.alternatives[0][0]


def test_matching_is_the_search_pages_search(saved_search):
    search = saved_search(query_string="?q=Париж&language=ru&page=3&sort=oldest")
    old = make_article("Переговоры в Париже", "Союзники встретились в Париже.")
    make_article("Переговоры в Париже", "Союзники встретились в Париже.", language="uk")
    assert list(matching_articles(search)) == [old]
    assert list(matching_articles(search, since=timezone.now())) == []
    search.query_string = "outlet=no-such-outlet"
    assert list(matching_articles(search)) == []  # an invalid search matches nothing, not everything


def test_unsubscribe_works_without_logging_in(client, saved_search):
    search = saved_search()
    url = reverse("alerts:unsubscribe", args=[unsubscribe_token(search.pk)])
    page = client.get(url)
    assert page.status_code == 200
    assert "Stop the email alerts for the saved search “Париж”?" in page.content.decode()
    assert 'id="unsubscribe"' in page.content.decode()
    search.refresh_from_db()
    assert search.alert_frequency == SavedSearch.Frequency.IMMEDIATE  # opening the link changes nothing

    done = client.post(url)
    assert done.status_code == 200 and "You will get no more alerts" in done.content.decode()
    search.refresh_from_db()
    assert search.alert_frequency == SavedSearch.Frequency.NONE


def test_a_mail_programs_one_click_unsubscribe_needs_no_csrf_cookie(saved_search):
    from django.test import Client

    search = saved_search()
    response = Client(enforce_csrf_checks=True).post(
        reverse("alerts:unsubscribe", args=[unsubscribe_token(search.pk)]),
        "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    search.refresh_from_db()
    assert search.alert_frequency == SavedSearch.Frequency.NONE


def test_a_tampered_or_stale_unsubscribe_link_says_so(client, saved_search):
    search, other = saved_search(), saved_search(name="other")
    token = unsubscribe_token(search.pk)
    signature = token.rsplit(":", 1)[1]
    forged = unsubscribe_token(other.pk).rsplit(":", 1)[0] + ":" + signature  # another search, this signature
    assert forged != token
    for bad in (forged, token[:-3], "nonsense"):
        response = client.post(reverse("alerts:unsubscribe", args=[bad]))
        assert response.status_code == 400
        assert "This unsubscribe link is not valid" in response.content.decode()
    assert SavedSearch.objects.filter(alert_frequency=SavedSearch.Frequency.NONE).count() == 0
    search.delete()
    response = client.get(reverse("alerts:unsubscribe", args=[token]))
    assert response.status_code == 404 and "no longer exists" in response.content.decode()


def test_a_failing_send_is_logged_records_nothing_and_is_sent_later(saved_search, settings, caplog):
    search = saved_search()
    make_article("Переговоры в Париже", "Союзники встретились в Париже.")
    settings.EMAIL_BACKEND = "tests.alerts.failing_mail.FailingBackend"
    with caplog.at_level(logging.ERROR, logger="archive.alerts"):
        result = send_saved_search_alert.enqueue(search.pk)
    assert result.status == "FAILED"
    assert f"Alert for saved search #{search.pk} not sent" in caplog.text
    assert "SMTPServerDisconnected" in caplog.text
    assert not SentAlert.objects.exists()
    search.refresh_from_db()
    assert search.last_alerted_at is None

    with pytest.raises(Exception, match="1 alerts could not be sent"):
        call_command("send_alerts", "--immediate", verbosity=0)
    assert not SentAlert.objects.exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_saved_search_alert.enqueue(search.pk).return_value == 1  # the retry sends the same article
    assert "Переговоры в Париже" in mail.outbox[0].body
    assert SentAlert.objects.count() == 1


def test_a_failed_send_on_the_database_queue_is_queued_again_with_a_delay(saved_search, settings, queue_in_database):
    from django_tasks_db.models import DBTaskResult

    search = saved_search()
    make_article("Переговоры в Париже", "Союзники встретились в Париже.")
    settings.EMAIL_BACKEND = "tests.alerts.failing_mail.FailingBackend"
    before = timezone.now()
    with pytest.raises(sending.AlertFailed):
        send_saved_search_alert.call(search.pk)
    retry = DBTaskResult.objects.get()
    assert retry.args_kwargs == {"args": [search.pk, 2], "kwargs": {}}
    assert retry.run_after >= before + timedelta(seconds=60)
    assert not SentAlert.objects.exists()
