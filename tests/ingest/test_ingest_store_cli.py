"""Storing: duplicates whatever the bytes look like, races, and the import_articles command."""
import json
import subprocess
import sys
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from archive.ingest.service import ImportOptions, expand_upload, import_inputs
from archive.models import Article, ImportBatch, ImportRecord, Outlet

ARTICLE = (
    " date 2026-02-10 Парламент ухвалив бюджет на відновлення\n"
    "Головна Економіка\n\n"
    "Верховна Рада ухвалила зміни до бюджету, які спрямують кошти на відновлення енергетики, "
    "повідомляє Укрінформ.\n\n"
    "Теги: бюджет, енергетика\n"
)


def load(name, data, **options):
    batch = import_inputs(expand_upload(name, data), options=ImportOptions(**options), origin=ImportBatch.Origin.ADMIN)
    return batch.records.get()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "variant",
    [
        ARTICLE.replace("\n", "\r\n").encode("utf-8"),
        ARTICLE.replace("\n", "\r").encode("utf-8"),
        b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"),
        ARTICLE.replace("\n", "  \t\n").encode("utf-8") + b"\n\n",
        ARTICLE.encode("utf-16"),
        ARTICLE.encode("cp1251"),
    ],
)
def test_reimport_in_other_bytes_is_a_duplicate_and_adds_nothing(variant):
    first = load("a.txt", ARTICLE.encode("utf-8"))
    assert first.status == "imported"
    again = load("b.txt", variant)
    assert again.status == "duplicate"
    assert again.article_id == first.article_id
    assert "already in the archive" in again.reason
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_imported_article_fields_and_options():
    record = load("x.txt", ARTICLE.encode("cp1251"))
    article = record.article
    assert record.encoding == "cp1251" and article.encoding == "cp1251"
    assert article.title == "Парламент ухвалив бюджет на відновлення"
    assert article.language == "uk" and article.tags == ["бюджет", "енергетика"]
    assert article.outlet is None
    assert [o.slug for o in article.cited_outlets.all()] == ["ukrinform"]
    assert article.original_text.startswith(" date 2026-02-10")
    assert len(record.content_hash) == 64 and record.content_hash == article.content_hash

    tass = Outlet.objects.get(slug="tass")
    forced = load("y.txt", ARTICLE.replace("бюджет на", "бюджет-2026 на").encode("utf-8"), outlet=tass, language="ru")
    assert forced.article.outlet == tass and forced.article.language == "ru"


@pytest.mark.django_db
def test_unknown_publisher_from_a_dateline_becomes_an_outlet_once():
    text = "Новость дня\n\nМИНСК, 3 марта 2026. /БЕЛТА/. Делегации провели переговоры о транзите грузов через границу."
    first = load("1.txt", text.encode("utf-8"))
    second = load("2.txt", (text + " Еще одна фраза.").encode("utf-8"))
    assert first.article.outlet.name == "БЕЛТА" == second.article.outlet.name
    assert Outlet.objects.filter(name="БЕЛТА").count() == 1
    assert first.article.outlet.slug == "belta"


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_imports_of_one_article_store_it_once():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serializes writers; the race needs a server database")
    statuses = []
    barrier = threading.Barrier(2)

    def worker(name):
        from django.db import connections

        barrier.wait()
        try:
            statuses.append(load(name, ARTICLE.encode("utf-8")).status)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(f"{n}.txt",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == ["duplicate", "imported"]
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_command_json_lines_and_exit_status(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(CommandError) as error:
        call_command("import_articles", "--json", str(tmp_path))
    assert error.value.returncode == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines == [
        {"source": str(tmp_path / "a.txt"), "status": "imported",
         "article_id": Article.objects.get().pk, "error": None},
        {"source": str(tmp_path / "empty.txt"), "status": "rejected", "article_id": None,
         "error": "the file is empty"},
    ]
    (tmp_path / "empty.txt").unlink()
    call_command("import_articles", "--json", str(tmp_path))  # exit 0: nothing rejected
    assert json.loads(capsys.readouterr().out)["status"] == "duplicate"
    assert ImportRecord.objects.filter(status="duplicate").count() == 1


@pytest.mark.django_db
def test_command_human_output_follows_verbosity(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    call_command("import_articles", str(tmp_path), verbosity=0)
    assert capsys.readouterr().out == ""
    call_command("import_articles", str(tmp_path), verbosity=2)
    out = capsys.readouterr().out
    assert "duplicate" in out and "0 imported, 1 duplicate, 0 rejected" in out


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args, message",
    [
        (["--outlet", "no-such-outlet", "x.txt"], "no outlet with the slug"),
        (["--language", "russian", "x.txt"], "not a two-letter"),
        (["--year", "20", "x.txt"], "not a plausible year"),
    ],
)
def test_command_usage_errors_exit_2(args, message):
    with pytest.raises(CommandError) as error:
        call_command("import_articles", *args)
    assert error.value.returncode == 2 and message in str(error.value)


def test_command_without_paths_exits_2():
    result = subprocess.run(
        [sys.executable, "manage.py", "import_articles", "--json"], capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 2
    assert "PATH" in result.stderr
