"""Fixtures for the admin upload tests: editors, article files and zips."""
import io
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

UPLOAD_URL_NAME = "admin:archive_importbatch_upload"

# Our own articles (not the seeds): a dated Russian one, a Ukrainian one, an English one.
OWN_ARTICLES = {
    "ru_budget.txt": (
        "date 2025-03-14 Правительство утвердило проект бюджета на следующий год\n\n"
        "Правительство России утвердило проект федерального бюджета, сообщил министр финансов "
        "Антон Силуанов на заседании кабинета в пятницу.\n\n"
        "По его словам, дефицит бюджета сократится, а расходы на социальные программы вырастут. "
        "Документ будет внесён в Государственную думу до конца месяца.\n"
    ),
    "uk_harvest.txt": (
        "date 2025-08-02 Аграрії зібрали перший мільйон тонн зерна нового врожаю\n\n"
        "Українські аграрії обмолотили перший мільйон тонн зерна нового врожаю, повідомив "
        "міністр аграрної політики Віталій Коваль під час брифінгу в Києві.\n\n"
        "За його словами, урожайність пшениці цього року вища, ніж торік, попри посуху на півдні.\n"
    ),
    "en_port.txt": (
        "date 2024-11-20 Port of Rotterdam reports record container traffic\n\n"
        "The Port of Rotterdam handled a record number of containers in October, its chief "
        "executive Boudewijn Siemons told reporters on Wednesday.\n\n"
        "Shipping lines diverted vessels from congested southern routes, the port authority said, "
        "and rail connections to Germany carried more freight than ever before.\n"
    ),
}


def make_zip(members: dict[str, bytes]) -> bytes:
    """A zip archive with ``members`` (names may contain folders)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def named_file(name: str, data: bytes) -> io.BytesIO:
    """A file object the test client uploads under ``name``."""
    handle = io.BytesIO(data)
    handle.name = name
    return handle


@pytest.fixture
def zip_of():
    """Build a zip archive: ``zip_of({"folder/a.txt": b"..."})``."""
    return make_zip


@pytest.fixture
def new_editor(django_user_model):
    """Create another staff user: ``new_editor("name", perms=(...))``."""
    return lambda username, **kwargs: make_editor(django_user_model, username, **kwargs)


@pytest.fixture(autouse=True)
def private_staging_dir(settings, tmp_path):
    """Each test stages uploads in its own folder, so leftovers are visible."""
    settings.ARCHIVE_UPLOAD_STAGING_DIR = tmp_path / "staging"
    return settings.ARCHIVE_UPLOAD_STAGING_DIR


@pytest.fixture
def seed_files(seeds_dir) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(seeds_dir.glob("*.txt"))}


@pytest.fixture
def own_files() -> dict[str, bytes]:
    return {name: text.encode("utf-8") for name, text in OWN_ARTICLES.items()}


EDITOR_PERMS = (
    "add_article", "view_article", "change_article", "view_importbatch",
    "view_mention", "add_mention", "change_mention", "delete_mention", "view_person",
)


def make_editor(django_user_model, username="editor", *, perms=EDITOR_PERMS):
    user = django_user_model.objects.create_user(username=username, password="pw-for-tests-only", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="archive", codename__in=perms))
    return user


@pytest.fixture
def editor(django_user_model):
    """Staff with the permission to add articles (not a superuser)."""
    return make_editor(django_user_model)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def upload_url():
    return reverse(UPLOAD_URL_NAME)


@pytest.fixture
def upload(editor_client, upload_url):
    """POST files (name -> bytes) and options to the upload form; returns the response."""

    def post(files: dict[str, bytes], client=None, **options):
        data = {key: value for key, value in options.items() if value is not None}
        data["files"] = [named_file(name, content) for name, content in files.items()]
        return (client or editor_client).post(upload_url, data)

    return post


@pytest.fixture
def preview_and_confirm(editor_client, upload):
    """Upload, follow to the preview, confirm; returns (preview response, result response)."""

    def run(files: dict[str, bytes], **options):
        response = upload(files, **options)
        assert response.status_code == 302, response.content.decode()[:2000]
        preview_url = response["Location"]
        preview = editor_client.get(preview_url)
        assert preview.status_code == 200
        result = editor_client.post(preview_url, {"confirm": "1"}, follow=True)
        assert result.status_code == 200
        return preview, result

    return run
