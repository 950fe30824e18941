"""Folders with links, pipes and undecodable names, imported by a real ``import_articles``."""
import os
import zipfile

import pytest

from tests.reliability.conftest import article_bytes, json_lines, manage


def import_json(archive_db, *paths, timeout=60):
    result = manage("import_articles", "--json", *map(str, paths), database_url=archive_db.url, timeout=timeout)
    return result, {line["source"].rsplit("/", 1)[-1]: line for line in json_lines(result.stdout)}


def test_a_folder_import_never_follows_links_out_of_the_folder(archive_db, tmp_path):
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_bytes(article_bytes(1))
    (tmp_path / "outside" / "more.txt").write_bytes(article_bytes(2))
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "good.txt").write_bytes(article_bytes(3))
    os.symlink("/etc/passwd", folder / "passwd.txt")
    os.symlink(secret, folder / "secret.txt")
    os.symlink(secret.parent, folder / "linked-folder")

    result, lines = import_json(archive_db, folder)

    assert result.returncode == 1, result.stderr
    assert lines["good.txt"]["status"] == "imported"
    for name in ("passwd.txt", "secret.txt", "linked-folder"):
        assert lines[name]["status"] == "rejected", name
        assert "symbolic link" in lines[name]["error"], name
    assert archive_db.value(f"SELECT count(*) FROM archive_article WHERE source_name LIKE '{folder}/%'") == 1
    reasons = dict(archive_db.rows("SELECT source_name, reason FROM archive_importrecord WHERE status = 'rejected'"))
    assert reasons[str(folder / "passwd.txt")].startswith("a symbolic link, not followed")
    assert archive_db.value("SELECT count(*) FROM archive_article WHERE body LIKE '%root:%'") == 0


def test_a_fifo_in_a_folder_is_refused_without_waiting(archive_db, tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    (folder / "zz_after.txt").write_bytes(article_bytes(4))

    result, lines = import_json(archive_db, folder, timeout=60)  # before the fix: blocked forever

    assert lines["pipe.txt"]["status"] == "rejected"
    assert "named pipe" in lines["pipe.txt"]["error"]
    assert lines["zz_after.txt"]["status"] == "imported"
    assert archive_db.value("SELECT status FROM archive_importbatch ORDER BY id DESC LIMIT 1") == "done"


def test_a_fifo_named_on_the_command_line_is_refused_too(archive_db, tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    result, lines = import_json(archive_db, tmp_path / "pipe.txt", timeout=60)
    assert result.returncode == 1
    assert lines["pipe.txt"]["status"] == "rejected" and "named pipe" in lines["pipe.txt"]["error"]


def test_names_that_are_not_utf8_are_imported_and_recorded(archive_db, tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    raw_folder = os.fsencode(folder)
    with open(raw_folder + b"/b_\xff.txt", "wb") as handle:
        handle.write(article_bytes(5))
    with open(raw_folder + b"/c_\xd0.zip", "wb") as handle, zipfile.ZipFile(handle, "w") as archive:
        archive.writestr("inside.txt", article_bytes(6))
    (folder / "d_after.txt").write_bytes(article_bytes(7))

    result, lines = import_json(archive_db, folder)

    assert result.returncode == 0, result.stderr
    assert lines["b_\ufffd.txt"]["status"] == "imported"
    assert lines["inside.txt"]["status"] == "imported"
    assert lines["d_after.txt"]["status"] == "imported"
    records = [name for (name,) in archive_db.rows(
        f"SELECT source_name FROM archive_importrecord WHERE source_name LIKE '{folder}/%' ORDER BY id")]
    assert records == [f"{folder}/b_\ufffd.txt", f"{folder}/c_\ufffd.zip/inside.txt", f"{folder}/d_after.txt"]
    assert archive_db.value("SELECT status FROM archive_importbatch ORDER BY id DESC LIMIT 1") == "done"


@pytest.mark.django_db
def test_hidden_files_in_a_zip_are_skipped_as_in_folders(tmp_path):
    from django.core.management import call_command

    from archive.models import ImportRecord

    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(".hidden.txt", article_bytes(8))
        archive.writestr(".git/notes.txt", article_bytes(9))
        archive.writestr("shown.txt", article_bytes(10))
    call_command("import_articles", str(path), verbosity=0)
    assert list(ImportRecord.objects.values_list("source_name", "status")) == [(f"{path}/shown.txt", "imported")]


@pytest.mark.django_db
@pytest.mark.parametrize("members", [{}, {".only-hidden.txt": b"x"}, {"__MACOSX/._a.txt": b"x"}])
def test_an_empty_zip_leaves_a_rejected_record(tmp_path, members):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from archive.models import ImportRecord

    path = tmp_path / "empty.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), verbosity=0)
    record = ImportRecord.objects.get()
    assert (record.source_name, record.status) == (str(path), "rejected")
    assert record.reason.startswith("the zip archive holds no files to import")
