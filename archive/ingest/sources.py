"""Turning paths and uploads into input files, safely.

Files, folders (recursively) and ``.zip`` archives become a stream of
``InputFile`` (name + bytes) or ``Rejected`` (name + a reason a person
understands). Zip archives are never extracted to disk: entries are read into
memory with caps on the bytes actually read (per entry and in total) and on
the number of entries, so a zip bomb or a lying header cannot exhaust memory.
"""
from __future__ import annotations

import io
import os
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings

from archive.ingest.safe_files import NotARegularFile, display_name, open_regular

#: File types the loader reads; anything else is reported, never guessed at.
TEXT_SUFFIX = ".txt"
ZIP_SUFFIX = ".zip"
#: One article per file (plain text, a web page) and many (JSON Lines, CSV; see formats.records).
SINGLE_SUFFIXES = (TEXT_SUFFIX, ".html", ".htm")
BULK_SUFFIXES = (".jsonl", ".csv")
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class InputFile:
    """One file to import: a display name (path, or ``archive.zip/entry.txt``) and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Rejected:
    """An input that could not even be read as a file, with the reason."""

    name: str
    reason: str


def human_size(size: int) -> str:
    """``5242880`` -> ``"5 MB"``: sizes in messages people read."""
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:g} {unit}" if unit == "bytes" else f"{size:.3g} {unit}"
        size /= 1024
    return str(size)  # pragma: no cover


def too_large_reason(size_text: str) -> str:
    limit = human_size(settings.ARCHIVE_MAX_FILE_BYTES)
    return f"the file is too large ({size_text}; the limit is {limit})"


def expand_upload(name: str, data: bytes) -> list[InputFile | Rejected]:
    """An uploaded ``.txt`` or ``.zip`` as input files, under the loader's limits."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ZIP_SUFFIX:
        if len(data) > settings.ARCHIVE_MAX_ZIP_TOTAL_BYTES:
            limit = human_size(settings.ARCHIVE_MAX_ZIP_TOTAL_BYTES)
            return [Rejected(name, f"the zip archive is too large ({human_size(len(data))}; the limit is {limit})")]
        return list(_zip_entries(name, io.BytesIO(data)))
    if suffix in BULK_SUFFIXES:
        if len(data) > settings.ARCHIVE_MAX_ZIP_TOTAL_BYTES:
            limit = human_size(settings.ARCHIVE_MAX_ZIP_TOTAL_BYTES)
            return [Rejected(name, f"the file is too large to upload ({human_size(len(data))}; the limit is {limit})")]
        return list(_bulk_rows(name, io.BytesIO(data)))
    if suffix in SINGLE_SUFFIXES:
        if len(data) > settings.ARCHIVE_MAX_FILE_BYTES:
            return [Rejected(name, too_large_reason(human_size(len(data))))]
        return [InputFile(name, data)]
    return [Rejected(name, _unsupported_reason(name))]


def collect_paths(paths: list[str]) -> Iterator[InputFile | Rejected]:
    """Every input under ``paths``: files, folders (recursively, sorted) and zips.

    In folders only ``*.txt`` and ``*.zip`` are picked up (hidden files and other
    types are left alone); a path named explicitly with another type is rejected.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found in sorted(_walk(path)):
                yield from _read_path(found, in_folder=True)
        elif path.exists() or path.is_symlink():
            yield from _read_path(path, in_folder=False)
        else:
            yield Rejected(display_name(raw), "no such file or folder")


def _walk(folder: Path) -> Iterator[Path]:
    """Candidate files under ``folder``; links to folders are yielded too, to be refused."""
    for root, dirs, files in os.walk(folder):  # never descends into linked folders
        dirs[:] = [d for d in dirs if not d.startswith(".") and d != "__MACOSX"]
        for dirname in dirs:
            if os.path.islink(os.path.join(root, dirname)):
                yield Path(root) / dirname
        for filename in files:
            if filename.startswith("."):
                continue
            if PurePosixPath(filename).suffix.lower() in (*SINGLE_SUFFIXES, *BULK_SUFFIXES, ZIP_SUFFIX):
                yield Path(root) / filename


def _read_path(path: Path, *, in_folder: bool) -> Iterator[InputFile | Rejected]:
    """One file's inputs. Found in a folder, it must be a regular file (no link is followed)."""
    name = display_name(path)
    suffix = path.suffix.lower()
    try:
        if suffix not in SINGLE_SUFFIXES + (ZIP_SUFFIX,) + BULK_SUFFIXES and not (in_folder and path.is_symlink()):
            yield Rejected(name, _unsupported_reason(name))
            return
        with open_regular(path, follow_links=not in_folder) as handle:
            size = os.fstat(handle.fileno()).st_size
            if suffix == ZIP_SUFFIX:
                if size > settings.ARCHIVE_MAX_ZIP_TOTAL_BYTES:
                    limit = human_size(settings.ARCHIVE_MAX_ZIP_TOTAL_BYTES)
                    yield Rejected(name, f"the zip archive is too large ({human_size(size)}; the limit is {limit})")
                    return
                yield from _zip_entries(name, handle)
                return
            if suffix in BULK_SUFFIXES:  # streamed: the size limit applies to each row
                yield from _bulk_rows(name, handle)
                return
            if size > settings.ARCHIVE_MAX_FILE_BYTES:
                yield Rejected(name, too_large_reason(human_size(size)))
                return
            data = handle.read(settings.ARCHIVE_MAX_FILE_BYTES + 1)
        if len(data) > settings.ARCHIVE_MAX_FILE_BYTES:  # grew while we looked
            yield Rejected(name, too_large_reason(f"over {human_size(settings.ARCHIVE_MAX_FILE_BYTES)}"))
            return
        yield InputFile(name, data)
    except NotARegularFile as refused:
        yield Rejected(name, refused.reason)
    except OSError as error:
        yield Rejected(name, f"cannot read the file ({error.strerror or error})")


def _unsupported_reason(name: str) -> str:
    suffix = PurePosixPath(name).suffix or "no extension"
    return (
        f"unsupported file type ({suffix}): the loader imports .txt, .html/.htm, .jsonl and .csv files "
        "and .zip archives of them"
    )


def _bulk_rows(name: str, stream) -> Iterator:
    from archive.ingest.formats.records import read_rows

    return read_rows(name, stream, max_row_bytes=settings.ARCHIVE_MAX_FILE_BYTES)


def is_junk(entry_name: str) -> bool:
    """macOS metadata and folder entries that zip tools add: skipped without a record."""
    parts = PurePosixPath(entry_name.replace("\\", "/")).parts
    return (
        entry_name.endswith("/")
        or "__MACOSX" in parts
        or (bool(parts) and (parts[-1].startswith("._") or parts[-1] == ".DS_Store"))
    )


def is_hidden(entry_name: str) -> bool:
    """A hidden file, or a file in a hidden folder: skipped in zips as in folders."""
    parts = PurePosixPath(entry_name.replace("\\", "/")).parts
    return any(part.startswith(".") and part not in (".", "..") for part in parts)


def unsafe_entry_reason(entry_name: str) -> str | None:
    """Why an entry name is unsafe (absolute, or climbing out with ``..``), else None."""
    normalized = entry_name.replace("\\", "/")
    if normalized.startswith("/") or (len(normalized) > 1 and normalized[1] == ":"):
        return "unsafe path inside the zip (absolute path); the entry was not read"
    if ".." in PurePosixPath(normalized).parts:
        return "unsafe path inside the zip (it tries to leave the archive with '..'); the entry was not read"
    return None


def _zip_entries(zip_name: str, handle) -> Iterator[InputFile | Rejected]:
    """The entries of a zip as inputs, reading at most the configured bytes."""
    try:
        archive = zipfile.ZipFile(handle)
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        yield Rejected(zip_name, "not a readable zip archive (corrupt, truncated or not a zip at all)")
        return
    max_entries = settings.ARCHIVE_MAX_ZIP_ENTRIES
    max_entry = settings.ARCHIVE_MAX_FILE_BYTES
    max_total = settings.ARCHIVE_MAX_ZIP_TOTAL_BYTES
    entries = [info for info in infos if not is_junk(info.filename) and not is_hidden(info.filename)]
    if not entries:
        yield Rejected(zip_name, "the zip archive holds no files to import (hidden files and folders are skipped)")
        return
    if len(entries) > max_entries:
        yield Rejected(
            zip_name,
            f"the zip archive has {len(entries)} files; the limit is {max_entries} (split it into smaller archives)",
        )
        return
    total = 0
    with archive:
        for info in entries:
            name = f"{zip_name}/{info.filename}"
            unsafe = unsafe_entry_reason(info.filename)
            if unsafe:
                yield Rejected(name, unsafe)
                continue
            suffix = PurePosixPath(info.filename).suffix.lower()
            if suffix == ZIP_SUFFIX:
                yield Rejected(name, "a zip inside a zip is not opened; unpack it and import it separately")
                continue
            if suffix not in (*SINGLE_SUFFIXES, *BULK_SUFFIXES):
                yield Rejected(name, _unsupported_reason(info.filename))
                continue
            if info.flag_bits & 0x1:
                yield Rejected(name, "the entry is password-protected")
                continue
            if total >= max_total:
                yield Rejected(name, f"the zip archive unpacks to more than {human_size(max_total)}; the rest was not read")
                continue
            data, read, problem = _read_capped(archive, info, min(max_entry, max_total - total))
            total += read
            if problem == "entry":
                yield Rejected(name, too_large_reason(f"over {human_size(max_entry)} unpacked"))
            elif problem == "total":
                yield Rejected(name, f"the zip archive unpacks to more than {human_size(max_total)}; the rest was not read")
            elif problem:
                yield Rejected(name, problem)
            elif suffix in BULK_SUFFIXES:
                yield from _bulk_rows(name, io.BytesIO(data))
            else:
                yield InputFile(name, data)


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> tuple[bytes, int, str | None]:
    """Read an entry, stopping after ``cap`` bytes: the headers' sizes are not trusted.

    Returns the data, the number of bytes actually read and a problem (None,
    "entry", "total" or a message).
    """
    if info.file_size > settings.ARCHIVE_MAX_FILE_BYTES:
        return b"", 0, "entry"
    chunks: list[bytes] = []
    read = 0
    try:
        with archive.open(info) as stream:
            while True:
                chunk = stream.read(min(_CHUNK, cap + 1 - read))
                if not chunk:
                    break
                chunks.append(chunk)
                read += len(chunk)
                if read > cap:
                    over_entry = read > settings.ARCHIVE_MAX_FILE_BYTES
                    return b"", read, "entry" if over_entry else "total"
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as error:
        return b"", read, f"the entry is damaged and cannot be unpacked ({error})"
    except NotImplementedError:
        return b"", read, "the entry uses a compression method the loader does not support"
    except RuntimeError as error:  # encrypted entries without a password
        return b"", read, f"the entry cannot be read ({error})"
    return b"".join(chunks), read, None
