"""Who may use the upload page, and limits that end in form errors (never a 500)."""
import pytest
from django.test import Client
from django.urls import reverse

from archive.models import Article, ImportBatch

pytestmark = pytest.mark.django_db


def assert_nothing_stored(staging_dir):
    assert not Article.objects.exists() and not ImportBatch.objects.exists()
    assert not staging_dir.exists() or list(staging_dir.iterdir()) == []


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_is_sent_to_login(client, upload_url, own_files, method, private_staging_dir):
    response = getattr(client, method)(upload_url, {"files": []} if method == "post" else None)
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    assert_nothing_stored(private_staging_dir)


def test_non_staff_user_is_refused(client, django_user_model, upload, own_files, upload_url, private_staging_dir):
    user = django_user_model.objects.create_user(username="reader", password="pw-for-tests-only")
    client.force_login(user)
    assert reverse("admin:login") in client.get(upload_url)["Location"]
    response = upload(own_files, client=client)
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    assert_nothing_stored(private_staging_dir)


def test_staff_without_add_article_permission_gets_403(client, new_editor, upload, own_files, upload_url, private_staging_dir):
    viewer = new_editor("viewer", perms=("view_article", "view_importbatch"))
    client.force_login(viewer)
    assert client.get(upload_url).status_code == 403
    assert upload(own_files, client=client).status_code == 403
    assert_nothing_stored(private_staging_dir)
    # ...and the lists do not offer the link.
    page = client.get(reverse("admin:archive_article_changelist")).content.decode()
    assert upload_url not in page


def test_csrf_token_is_required(editor, upload, own_files, private_staging_dir):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert upload(own_files, client=strict).status_code == 403
    assert_nothing_stored(private_staging_dir)


def test_import_link_on_article_and_batch_lists(editor_client, upload_url):
    for name in ("admin:archive_article_changelist", "admin:archive_importbatch_changelist"):
        page = editor_client.get(reverse(name))
        assert page.status_code == 200
        assert f'href="{upload_url}"' in page.content.decode()
    form = editor_client.get(upload_url)
    assert form.status_code == 200 and 'enctype="multipart/form-data"' in form.content.decode()


def test_no_files_chosen_is_a_form_error(upload, private_staging_dir):
    response = upload({})
    assert response.status_code == 400
    assert "files" in response.context["form"].errors
    assert_nothing_stored(private_staging_dir)


def test_oversized_file_is_a_form_error_naming_it(settings, upload, own_files, private_staging_dir):
    settings.ARCHIVE_MAX_FILE_BYTES = 300
    files = dict(own_files)
    files["long_read.txt"] = ("date 2025-01-01 Long\n\n" + "слово " * 200).encode()
    response = upload(files)
    assert response.status_code == 400
    message = " ".join(response.context["form"].errors["files"])
    assert "long_read.txt" in message and "at most" in message
    assert_nothing_stored(private_staging_dir)


def test_too_large_upload_in_total_is_a_form_error(settings, upload, own_files, private_staging_dir):
    total = sum(len(data) for data in own_files.values())
    settings.ARCHIVE_UPLOAD_MAX_TOTAL_BYTES = total - 10
    response = upload(own_files)
    assert response.status_code == 400
    assert "at most" in " ".join(response.context["form"].errors["files"])
    assert_nothing_stored(private_staging_dir)


def test_request_far_over_the_total_is_refused_before_reading(settings, upload, own_files, private_staging_dir):
    settings.ARCHIVE_UPLOAD_MAX_TOTAL_BYTES = 1
    settings.ARCHIVE_UPLOAD_MAX_FILES = 1  # small allowance for form overhead
    big = {"big.txt": b"x" * 200_000}
    response = upload(big)
    assert response.status_code == 400
    assert "The upload is" in response.context["request_error"]
    assert "The upload is" in response.content.decode()
    assert_nothing_stored(private_staging_dir)


def test_too_many_files_is_a_form_error(settings, upload, own_files, private_staging_dir):
    settings.ARCHIVE_UPLOAD_MAX_FILES = 2  # our own check (Django's limit is higher)
    response = upload(own_files)
    assert response.status_code == 400
    assert "at most 2" in " ".join(response.context["form"].errors["files"])
    assert_nothing_stored(private_staging_dir)


def test_more_files_than_django_accepts_is_a_form_error_too(settings, upload, own_files, private_staging_dir):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2  # Django's parser refuses before the form sees them
    response = upload(own_files)
    assert response.status_code == 400
    assert "at most 2" in response.context["request_error"]
    assert_nothing_stored(private_staging_dir)
