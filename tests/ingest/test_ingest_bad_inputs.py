"""Every kind of bad input gets a rejected record with a clear reason, and loses nothing else."""
import io
import zipfile

import pytest

from archive.ingest.service import ImportOptions, collect_paths, expand_upload, import_inputs, preview
from archive.models import Article, ImportBatch, ImportRecord

GOOD = (
    " date 2026-02-03 Рада ухвалила закон про енергетику\n\n"
    "Верховна Рада ухвалила закон, який має захистити енергетичну інфраструктуру взимку. "
    "За нього проголосували 250 народних депутатів.\n"
).encode("utf-8")
GOOD_2 = (
    "Parliament passes energy law\n\n"
    "The parliament passed a law on Tuesday that is meant to protect the energy grid in winter. "
    "It was backed by 250 members.\n"
).encode("utf-8")


def make_zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def run(inputs):
    batch = import_inputs(inputs, options=ImportOptions(), origin=ImportBatch.Origin.ADMIN)
    return {r.source_name: r for r in batch.records.all()}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"  \n\r\n \t ", "whitespace"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "not a text file"),
        (bytes(range(256)) * 8, "binary data"),
        ("Текст".encode("utf-8") * 20 + b"\xff\xfe" + "ещё".encode("utf-8"), "undecodable bytes"),
        (b" date 2026-01-01 \n\n", "no article text"),
        (b"Just a title", "no article text"),
    ],
)
def test_bad_files_are_rejected_and_the_good_one_is_still_imported(data, reason):
    records = run([InputFileOf("bad.txt", data), InputFileOf("good.txt", GOOD)])
    assert records["bad.txt"].status == "rejected"
    assert reason in records["bad.txt"].reason
    assert records["bad.txt"].article is None
    assert records["good.txt"].status == "imported"
    assert Article.objects.count() == 1


def InputFileOf(name, data):  # noqa: N802 - reads like the dataclass it builds
    return expand_upload(name, data)[0]


@pytest.mark.django_db
def test_file_over_the_size_limit(settings, tmp_path):
    settings.ARCHIVE_MAX_FILE_BYTES = 1000
    big = tmp_path / "big.txt"
    big.write_bytes(GOOD + b"x" * 1000)
    (tmp_path / "ok.txt").write_bytes(GOOD_2)
    records = run(collect_paths([str(tmp_path)]))
    assert records[str(big)].status == "rejected"
    assert "too large" in records[str(big)].reason and "1000 bytes" in records[str(big)].reason
    assert records[str(tmp_path / "ok.txt")].status == "imported"
    assert "too large" in expand_upload("big.txt", GOOD + b"x" * 1000)[0].reason


@pytest.mark.django_db
def test_zip_with_every_kind_of_bad_entry():
    data = make_zip({
        "good.txt": GOOD,
        "folder/good2.txt": GOOD_2,
        "../escape.txt": GOOD,
        "/etc/absolute.txt": GOOD,
        "__MACOSX/._good.txt": b"\x00\x05\x16\x07junk",
        "folder/._good2.txt": b"\x00\x05\x16\x07junk",
        "inner.zip": make_zip({"a.txt": GOOD}),
        "picture.jpg": b"\xff\xd8\xff",
    })
    records = run(expand_upload("upload.zip", data))
    assert records["upload.zip/good.txt"].status == "imported"
    assert records["upload.zip/folder/good2.txt"].status == "imported"
    assert "unsafe path" in records["upload.zip/../escape.txt"].reason
    assert "absolute" in records["upload.zip//etc/absolute.txt"].reason
    assert "zip inside a zip" in records["upload.zip/inner.zip"].reason
    assert "unsupported file type" in records["upload.zip/picture.jpg"].reason
    assert not any("MACOSX" in name or "/._" in name for name in records)  # junk is skipped silently
    assert Article.objects.count() == 2


@pytest.mark.django_db
def test_corrupt_zip_is_rejected(tmp_path):
    broken = tmp_path / "broken.zip"
    broken.write_bytes(make_zip({"a.txt": GOOD})[:40])
    records = run(collect_paths([str(broken)]))
    assert records[str(broken)].status == "rejected"
    assert "not a readable zip" in records[str(broken)].reason
    damaged = bytearray(make_zip({"a.txt": GOOD * 5}))
    damaged[60:70] = b"\x00" * 10  # inside the compressed data: CRC/decompression fails on read
    (rejected,) = expand_upload("damaged.zip", bytes(damaged))
    assert "damaged" in rejected.reason or "not a readable zip" in rejected.reason


def test_zip_bomb_caps_bytes_actually_read(settings):
    settings.ARCHIVE_MAX_FILE_BYTES = 10_000
    settings.ARCHIVE_MAX_ZIP_TOTAL_BYTES = 25_000
    bomb = make_zip({"bomb.txt": b"a" * 10_000_000})  # ~10 KB compressed
    (entry,) = expand_upload("bomb.zip", bomb)
    assert "too large" in entry.reason
    many = make_zip({f"{n}.txt": b"b" * 9_000 for n in range(5)})
    outcomes = expand_upload("many.zip", many)
    names = [o.name for o in outcomes if hasattr(o, "data")]
    assert len(names) == 2  # 2 x 9 KB fit under 25 KB, the third would not
    assert all("unpacks to more than" in o.reason for o in outcomes if not hasattr(o, "data"))


def test_zip_entry_count_cap(settings):
    settings.ARCHIVE_MAX_ZIP_ENTRIES = 3
    (rejected,) = expand_upload("many.zip", make_zip({f"{n}.txt": GOOD for n in range(4)}))
    assert "4 files" in rejected.reason and "limit is 3" in rejected.reason


def test_missing_path_and_unsupported_type(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_bytes(GOOD)
    (tmp_path / ".hidden.txt").write_bytes(GOOD)
    found = list(collect_paths([str(tmp_path / "nope.txt"), str(tmp_path / "notes.pdf"), str(tmp_path)]))
    assert found[0].reason == "no such file or folder"
    assert "unsupported file type (.pdf)" in found[1].reason
    assert [f.name for f in found[2:]] == [str(tmp_path / "sub" / "a.txt")]  # pdf and hidden file left alone


@pytest.mark.django_db
def test_preview_writes_nothing_and_reports_what_would_happen():
    outcomes = preview(expand_upload("a.txt", GOOD) + expand_upload("b.txt", GOOD) + expand_upload("c.txt", b""),
                       options=ImportOptions())
    assert [o.status for o in outcomes] == ["new", "duplicate", "rejected"]
    assert outcomes[0].parsed.title == "Рада ухвалила закон про енергетику"
    assert Article.objects.count() == 0 and ImportRecord.objects.count() == 0 and ImportBatch.objects.count() == 0
