"""The private folder where uploads wait between preview and confirmation."""
import os
import time

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from archive.ingest import staging


def test_staged_upload_is_private_bound_to_its_user_and_expires(settings, private_staging_dir):
    staged = staging.stage(user_id=7, options={"language": "uk"}, uploads=[SimpleUploadedFile("a.txt", b"hello")])
    folder = private_staging_dir / staged.token
    assert oct(private_staging_dir.stat().st_mode & 0o777) == "0o700"
    assert [item.read() for item in staging.load(staged.token, user_id=7).files] == [b"hello"]
    assert staging.load(staged.token, user_id=8) is None
    assert staging.load("../../etc", user_id=7) is None

    old = time.time() - 3 * 3600
    os.utime(folder, (old, old))
    settings.ARCHIVE_UPLOAD_STAGING_HOURS = 1
    assert staging.sweep_expired() == 1
    assert not folder.exists()


def test_staging_folder_under_static_root_fails_the_system_check(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "public"
    settings.ARCHIVE_UPLOAD_STAGING_DIR = tmp_path / "public" / "uploads"
    assert [error.id for error in staging.check_staging_dir()] == ["archive.E101"]
    settings.ARCHIVE_UPLOAD_STAGING_DIR = tmp_path / "private"
    assert staging.check_staging_dir() == []


def test_only_one_request_can_claim_a_staged_upload(private_staging_dir):
    staged = staging.stage(user_id=3, options={}, uploads=[SimpleUploadedFile("a.txt", b"text")])
    assert staging.claim(staged.token, user_id=4) is None  # not this user's
    claimed = staging.claim(staged.token, user_id=3)
    assert [item.read() for item in claimed.files] == [b"text"]
    assert staging.claim(staged.token, user_id=3) is None  # a double click imports once
    staging.discard(claimed.token)
    assert list(private_staging_dir.iterdir()) == []


def test_a_staging_folder_others_can_open_is_refused(settings, tmp_path):
    shared = tmp_path / "shared-uploads"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)  # as if another local user had created it first, open to all
    settings.ARCHIVE_UPLOAD_STAGING_DIR = shared

    with pytest.raises(staging.StagingFolderError):
        staging.staging_root()
    assert "archive.E102" in [error.id for error in staging.check_staging_dir()]


def test_a_symlinked_staging_folder_is_refused(settings, tmp_path):
    target = tmp_path / "elsewhere"
    target.mkdir(mode=0o700)
    link = tmp_path / "uploads"
    link.symlink_to(target)
    settings.ARCHIVE_UPLOAD_STAGING_DIR = link

    with pytest.raises(staging.StagingFolderError):
        staging.staging_root()
