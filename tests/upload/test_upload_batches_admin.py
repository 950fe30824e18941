"""Batches in the admin (interrupted ones included) and the article list around them."""
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from archive.ingest.service import ImportOptions, InputFile, import_inputs
from archive.models import Article, ImportBatch, ImportRecord
from archive.search import search_articles
from tests.factories import make_article, make_batch

pytestmark = pytest.mark.django_db


def test_batch_list_and_page_show_who_when_options_and_records(preview_and_confirm, editor_client, own_files):
    preview_and_confirm(own_files, language="")
    batch = ImportBatch.objects.get()
    listing = editor_client.get(reverse("admin:archive_importbatch_changelist")).content.decode()
    assert "editor" in listing and "3 / 0 / 0" in listing and "Done" in listing
    page = editor_client.get(reverse("admin:archive_importbatch_change", args=[batch.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    for name in own_files:
        assert name in body
    assert "default_year" in body  # the options as stored


def test_stale_running_batch_shows_as_interrupted_and_reimport_completes_it(
    editor, editor_client, preview_and_confirm, own_files, settings
):
    # A run that died after two of three files: records exist, status still "running".
    names = sorted(own_files)
    batch = make_batch(origin=ImportBatch.Origin.ADMIN, user=editor)
    import_inputs(
        [InputFile(name, own_files[name]) for name in names[:2]],
        options=ImportOptions(), origin=ImportBatch.Origin.ADMIN, user=editor, batch=batch,
    )
    long_ago = timezone.now() - timedelta(minutes=settings.ARCHIVE_IMPORT_STALE_MINUTES + 5)
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING, finished_at=None, started_at=long_ago)
    ImportRecord.objects.filter(batch=batch).update(created_at=long_ago)

    listing = editor_client.get(reverse("admin:archive_importbatch_changelist") + "?status=interrupted")
    assert listing.context["cl"].result_count == 1
    assert "Interrupted" in listing.content.decode()
    running = editor_client.get(reverse("admin:archive_importbatch_changelist") + "?status=running")
    assert running.context["cl"].result_count == 0
    result = editor_client.get(reverse("admin:archive_importbatch_result", args=[batch.pk])).content.decode()
    assert "stopped before it finished" in result

    # A running batch with recent activity is still running.
    ImportRecord.objects.filter(batch=batch).update(created_at=timezone.now())
    running = editor_client.get(reverse("admin:archive_importbatch_changelist") + "?status=running")
    assert running.context["cl"].result_count == 1

    # Uploading the same files again completes the work without duplicating articles.
    preview_and_confirm(own_files)
    assert Article.objects.count() == 3
    latest = ImportBatch.objects.order_by("-pk").first()
    assert sorted(latest.records.values_list("status", flat=True)) == ["duplicate", "duplicate", "imported"]


def test_article_list_filters_by_import_batch_and_searches(preview_and_confirm, editor_client, own_files, seed_files):
    preview_and_confirm(own_files)
    first = ImportBatch.objects.get()
    preview_and_confirm(seed_files)
    url = reverse("admin:archive_article_changelist")
    filtered = editor_client.get(url, {"import_batch": first.pk})
    assert filtered.context["cl"].result_count == 3
    nonsense = editor_client.get(url, {"import_batch": "nonsense"})
    assert nonsense.status_code == 200 and nonsense.context["cl"].result_count == 0  # no such batch: no articles
    found = editor_client.get(url, {"q": "Rotterdam"})
    assert [article.source_name for article in found.context["cl"].result_list] == ["en_port.txt"]
    by_language = editor_client.get(url, {"language": "uk"})
    assert by_language.context["cl"].result_count == 2  # one seed and our own Ukrainian article
    change = editor_client.get(reverse("admin:archive_article_change", args=[Article.objects.first().pk]))
    assert change.status_code == 200 and 'id="mentions-group"' in change.content.decode()


def test_rerun_analysis_action_redetects_language(preview_and_confirm, editor_client, own_files):
    preview_and_confirm(own_files)
    article = Article.objects.get(source_name="ru_budget.txt")
    Article.objects.filter(pk=article.pk).update(language="en")  # as a weaker detector once said
    response = editor_client.post(
        reverse("admin:archive_article_changelist"),
        {"action": "rerun_analysis", "_selected_action": [article.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "Re-analysed 1 article" in response.content.decode()
    article.refresh_from_db()
    assert article.language == "ru"


def test_rerun_analysis_reindexes_the_text_in_the_new_language(preview_and_confirm, editor_client, own_files):
    preview_and_confirm(own_files)
    article = Article.objects.get(source_name="uk_harvest.txt")
    article.language = "ru"  # a wrong language, saved as an editor would: lemmas made by the Russian analyzer
    article.save()

    def found(word: str) -> bool:
        return search_articles(Article.objects.all(), word)[0].filter(pk=article.pk).exists()

    # "пшениця" is the dictionary form of "пшениці" in the text; only the Ukrainian analyzer knows it.
    assert not found("пшениця")
    editor_client.post(
        reverse("admin:archive_article_changelist"),
        {"action": "rerun_analysis", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.language == "uk"
    assert found("пшениця") and found("посуха")


@pytest.mark.parametrize("drill_down", [
    {"published__year": "9999"},
    {"published__year": "9999", "published__month": "12"},
    {"published__year": "9999", "published__month": "12", "published__day": "31"},
    {"published__year": "99999"},
])
def test_date_drill_down_the_calendar_cannot_compute_is_refused_not_a_500(editor_client, drill_down):
    # An editor may store any date; Django's date hierarchy computes "year + 1".
    make_article("Далёкое будущее", "Текст.", "ru", date(9999, 12, 31))
    url = reverse("admin:archive_article_changelist")

    response = editor_client.get(url, drill_down)

    assert response.status_code == 302
    assert response.url.endswith("?e=1")  # the admin's "invalid filter" notice
    assert editor_client.get(url).status_code == 200
