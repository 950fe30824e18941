"""Uploads when the server's disk is full: a real small filesystem (tmpfs) for staging and spooling."""
import os
import subprocess

import pytest

from archive.models import ImportBatch
from tests.upload.conftest import make_zip, named_file


@pytest.fixture
def small_filesystem(tmp_path):
    """A 256 KB tmpfs mounted under the test's folder (mounting needs root: skipped otherwise)."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", str(mount_point)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs to fill ({mounted.stderr.strip() or 'not root'})")
    yield mount_point
    subprocess.run(["umount", "--lazy", str(mount_point)], check=False)


def big_zip(n_bytes: int) -> bytes:
    return make_zip({"big.txt": os.urandom(n_bytes)})  # random bytes: the zip cannot shrink them


@pytest.mark.django_db
def test_a_full_staging_folder_tells_the_editor_and_leaves_nothing(editor_client, upload_url, settings,
                                                                   small_filesystem, own_files):
    settings.ARCHIVE_UPLOAD_STAGING_DIR = small_filesystem / "staging"
    response = editor_client.post(upload_url, {"files": [named_file("big.zip", big_zip(400_000))]})
    assert response.status_code == 507
    html = response.content.decode()
    assert "The server&#x27;s upload folder is full" in html and "Nothing was stored" in html
    assert [p.name for p in (small_filesystem / "staging").iterdir()] == []
    assert ImportBatch.objects.count() == 0
    # Room again (another folder): the next upload works.
    settings.ARCHIVE_UPLOAD_STAGING_DIR = small_filesystem.parent / "roomy"
    assert editor_client.post(upload_url, {"files": [named_file("a.txt", own_files["ru_budget.txt"])]}).status_code == 302


@pytest.mark.django_db
def test_a_full_upload_temp_folder_leaves_no_spool_file(editor_client, upload_url, settings, small_filesystem):
    settings.FILE_UPLOAD_TEMP_DIR = str(small_filesystem)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # every file spools to disk
    response = editor_client.post(upload_url, {"files": [named_file("big.zip", big_zip(600_000))]})
    assert response.status_code == 507
    assert "upload folder is full" in response.content.decode()
    assert list(small_filesystem.iterdir()) == []
