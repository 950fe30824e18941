"""The admin upload end to end: files or a zip -> preview (writes nothing) -> import -> result."""
import pytest
from django.urls import reverse

from archive.models import Article, ImportBatch, ImportRecord, Outlet

pytestmark = pytest.mark.django_db


def nothing_stored():
    return not (Article.objects.exists() or ImportBatch.objects.exists() or ImportRecord.objects.exists())


def test_seed_files_preview_writes_nothing_then_import_five(
    editor_client, editor, upload, seed_files, private_staging_dir
):
    response = upload(seed_files)
    assert response.status_code == 302
    preview = editor_client.get(response["Location"])
    assert preview.status_code == 200
    rows = preview.context["rows"]
    assert sorted(row.name for row in rows) == sorted(seed_files)
    assert [row.status for row in rows] == ["new"] * 5
    assert all(row.title and row.language in {"ru", "uk"} for row in rows)
    assert all(row.excerpt for row in rows)
    assert preview.context["counts"] == {"new": 5, "duplicate": 0, "rejected": 0}
    assert nothing_stored()
    # The bytes wait in the private staging folder, not in the database.
    assert len(list(private_staging_dir.iterdir())) == 1

    result = editor_client.post(response["Location"], {"confirm": "1"}, follow=True)
    batch = ImportBatch.objects.get()
    assert result.redirect_chain[-1][0] == reverse("admin:archive_importbatch_result", args=[batch.pk])
    assert Article.objects.count() == 5
    assert batch.origin == ImportBatch.Origin.ADMIN and batch.user == editor
    assert batch.status == ImportBatch.Status.DONE
    assert sorted(batch.records.values_list("status", flat=True)) == ["imported"] * 5
    page = result.content.decode()
    assert "5 imported" in page
    for article in Article.objects.all():
        assert reverse("admin:archive_article_change", args=[article.pk]) in page
    # Staging cleaned up after the import.
    assert list(private_staging_dir.iterdir()) == []


def test_zip_with_folders_imports_all(preview_and_confirm, zip_of, seed_files, own_files):
    members = {f"january/{name}": data for name, data in seed_files.items()}
    members.update({f"more/nested/{name}": data for name, data in own_files.items()})
    preview, result = preview_and_confirm({"articles.zip": zip_of(members)})
    assert preview.context["counts"]["new"] == 8
    assert Article.objects.count() == 8
    assert set(Article.objects.values_list("language", flat=True)) == {"ru", "uk", "en"}
    assert ImportRecord.objects.filter(status="imported").count() == 8


def test_reupload_gives_duplicates_linking_existing_articles(preview_and_confirm, zip_of, editor_client, upload, seed_files):
    preview_and_confirm(seed_files)
    first_ids = set(Article.objects.values_list("pk", flat=True))

    response = upload({"again.zip": zip_of(seed_files)})
    preview = editor_client.get(response["Location"])
    rows = preview.context["rows"]
    assert [row.status for row in rows] == ["duplicate"] * 5
    assert {row.duplicate_of_id for row in rows} == first_ids
    page = preview.content.decode()
    for pk in first_ids:
        assert f"article #{pk}" in page
        assert reverse("admin:archive_article_change", args=[pk]) in page

    result = editor_client.post(response["Location"], {"confirm": "1"}, follow=True)
    assert Article.objects.count() == 5
    second = ImportBatch.objects.order_by("-pk").first()
    records = list(second.records.all())
    assert [record.status for record in records] == ["duplicate"] * 5
    assert {record.article_id for record in records} == first_ids
    assert "5 duplicates" in result.content.decode()


def test_zip_with_one_bad_member_imports_the_others_and_names_it(preview_and_confirm, zip_of, own_files):
    members = {f"batch/{name}": data for name, data in own_files.items()}
    members["batch/broken.txt"] = b""  # an empty file is no article
    preview, result = preview_and_confirm({"mixed.zip": zip_of(members)})
    rejected = [row for row in preview.context["rows"] if row.status == "rejected"]
    assert len(rejected) == 1 and "broken.txt" in rejected[0].name and rejected[0].reason
    assert Article.objects.count() == 3
    record = ImportRecord.objects.get(status="rejected")
    assert "broken.txt" in record.source_name and record.reason
    page = result.content.decode()
    assert "broken.txt" in page and record.reason in page
    assert "3 imported" in page and "1 rejected" in page


def test_unreadable_zip_is_a_rejected_row_not_an_error(preview_and_confirm, own_files):
    files = dict(own_files)
    files["damaged.zip"] = b"PK\x03\x04 this is not really a zip archive"
    preview, result = preview_and_confirm(files)
    statuses = {row.name: row.status for row in preview.context["rows"]}
    assert statuses["damaged.zip"] == "rejected"
    assert Article.objects.count() == 3
    assert ImportRecord.objects.get(status="rejected").source_name == "damaged.zip"


def test_defaults_apply_to_files_that_lack_them(preview_and_confirm):
    outlet = Outlet.objects.create(name="Harbour Gazette", slug="harbour-gazette")
    text = (
        "Ferry timetable changes from Monday\n\n"
        "The ferry company announced that morning departures to the islands will move "
        "half an hour earlier from Monday, citing new tide tables and crew rotations.\n"
    ).encode()
    preview, _ = preview_and_confirm(
        {"ferry.txt": text}, outlet=str(outlet.pk), language="en", default_date="2025-05-02"
    )
    row = preview.context["rows"][0]
    assert row.outlet == "Harbour Gazette" and row.outlet_from_options
    article = Article.objects.get()
    assert article.outlet == outlet
    assert article.language == "en"
    assert article.published.isoformat() == "2025-05-02"
    batch = ImportBatch.objects.get()
    assert batch.options["language"] == "en"


def test_cancel_discards_the_staged_files(editor_client, upload, own_files, private_staging_dir):
    response = upload(own_files)
    cancelled = editor_client.post(response["Location"], {"cancel": "1"})
    assert cancelled.status_code == 302
    assert list(private_staging_dir.iterdir()) == []
    assert nothing_stored()
    # Confirming afterwards imports nothing and says why.
    again = editor_client.post(response["Location"], {"confirm": "1"}, follow=True)
    assert "no longer waiting" in again.content.decode()
    assert nothing_stored()


def test_preview_token_of_another_editor_is_refused(client, new_editor, upload, own_files):
    response = upload(own_files)
    other = new_editor("other")
    client.force_login(other)
    refused = client.post(response["Location"], {"confirm": "1"}, follow=True)
    assert "no longer waiting" in refused.content.decode()
    assert nothing_stored()


def test_options_are_validated(upload, own_files):
    response = upload(own_files, default_date="2025-13-40", default_year="1200", outlet="999999", language="xx")
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"default_date", "default_year", "outlet", "language"}
    assert nothing_stored()


def test_preview_marks_an_inferred_date_and_same_text_twice(editor_client, upload):
    dateline = (
        "Порт Владивостока увеличил грузооборот\n\n"
        "ВЛАДИВОСТОК, 5 марта. /ТАСС/. Грузооборот порта Владивосток вырос на десять процентов, "
        "сообщил директор порта Иван Петров журналистам.\n\n"
        "По его словам, рост обеспечили контейнерные перевозки и новые причалы.\n"
    ).encode()
    response = upload({"port.txt": dateline, "copy/port.txt": dateline}, default_year="2024")
    preview = editor_client.get(response["Location"])
    first, second = preview.context["rows"]
    assert first.status == "new"
    assert first.published.isoformat() == "2024-03-05" and first.date_inferred
    assert "(inferred)" in preview.content.decode()
    assert second.status == "duplicate" and second.reason  # the same text twice in one upload
    assert nothing_stored()


def test_preview_names_the_outlet_of_a_known_domain_in_the_address_as_the_import_will(editor_client, upload):
    body = (
        "Уряд ухвалив програму відновлення житла для родин, які втратили домівки, повідомили в міністерстві.\n\n"
        "Програма розрахована на три роки і охоплює всі області.\n"
    )
    files = {
        "known.txt": f"https://www.unian.ua/politics/12345.html\nУряд ухвалив програму\n\n{body}".encode(),
        "unknown.txt": f"https://news.example-unknown.org/a/1\nУряд ухвалив іншу програму\n\n{body}Ще рядок.\n".encode(),
    }
    preview = editor_client.get(upload(files)["Location"])
    outlets = {row.name: row.outlet for row in preview.context["rows"]}
    assert outlets == {"known.txt": "УНІАН", "unknown.txt": ""}
    assert nothing_stored()
