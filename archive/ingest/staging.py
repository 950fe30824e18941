"""Uploads waiting between the preview and the editor's confirmation.

Why keep the bytes instead of asking for the files again: the editor reviews a
preview and presses *Import*; choosing the same files a second time is tedious
and error-prone (another folder, a newer version), and then what is imported
would not be what was previewed. So the uploaded files are kept, exactly as
received, in a private folder (``ARCHIVE_UPLOAD_STAGING_DIR``, mode 0700, never
under ``STATIC_ROOT``/``MEDIA_ROOT``) under a random token. The token is bound
to the uploader (user id in the manifest, token list in the session) and the
folder is deleted on import, on cancel, and when it expires
(``ARCHIVE_UPLOAD_STAGING_HOURS``; expired folders are swept on the next upload).
"""
from __future__ import annotations

import errno
import json
import os
import re
import secrets
import shutil
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
SESSION_KEY = "archive_upload_tokens"
_SESSION_KEEP = 20  # tokens remembered per session (older ones simply expire)


@dataclass(frozen=True)
class StagedFile:
    name: str  # as the editor's browser sent it
    path: Path  # where the bytes wait

    def read(self) -> bytes:
        return self.path.read_bytes()


@dataclass(frozen=True)
class StagedUpload:
    token: str
    user_id: int
    created: float
    options: dict
    files: list[StagedFile]


class StagingFolderError(RuntimeError):
    """The staging folder is not private to this process's user."""


class StorageFull(OSError):
    """No room on the server for the upload; the message is for the editor."""


# Room kept free beyond the upload itself (the manifest, and other users of the disk).
_FREE_SPACE_MARGIN = 1024 * 1024


def is_disk_full(error: OSError) -> bool:
    return error.errno in (errno.ENOSPC, errno.EDQUOT)


def folder_full_message(where: str, *, needed: int | None = None, free: int | None = None) -> str:
    sizes = f" (the upload needs {filesizeformat(needed)}, {filesizeformat(free)} are free)" if needed else ""
    return (
        f"The server's upload folder is full{sizes}. Nothing was stored. "
        f"Ask the administrator to free space in {where}, or upload fewer files."
    )


def check_free_space(root: Path, needed: int) -> None:
    """Raise StorageFull before writing anything when ``needed`` bytes will not fit."""
    free = shutil.disk_usage(root).free
    if free < needed + _FREE_SPACE_MARGIN:
        raise StorageFull(folder_full_message("ARCHIVE_UPLOAD_STAGING_DIR", needed=needed, free=free))


def staging_root() -> Path:
    """The private staging folder, created 0700 if missing.

    The default lives in the shared system temp folder, where another local user
    could create it first: refuse a folder (or a symlink) that is not ours alone.
    """
    root = Path(settings.ARCHIVE_UPLOAD_STAGING_DIR)
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = root.lstat()
    if stat.S_ISLNK(info.st_mode) or info.st_uid != os.getuid() or stat.S_IMODE(info.st_mode) & 0o077:
        raise StagingFolderError(
            f"The upload staging folder {root} must be a folder owned by this user with mode 0700."
        )
    return root


def _folder(token: str) -> Path | None:
    if not _TOKEN_RE.match(token or ""):
        return None
    return staging_root() / token


def stage(*, user_id: int, options: dict, uploads: list[UploadedFile]) -> StagedUpload:
    """Keep ``uploads`` under a new token and return it (nothing reaches the database)."""
    root = staging_root()
    check_free_space(root, sum(upload.size or 0 for upload in uploads))
    token = secrets.token_urlsafe(32)
    folder = root / token
    folder.mkdir(mode=0o700)
    try:
        staged = _write(folder, token=token, user_id=user_id, options=options, uploads=uploads)
    except BaseException as error:
        shutil.rmtree(folder, ignore_errors=True)  # a partial folder would never be claimed
        if isinstance(error, OSError) and is_disk_full(error):
            raise StorageFull(folder_full_message("ARCHIVE_UPLOAD_STAGING_DIR")) from error
        raise
    return staged


def _write(folder: Path, *, token: str, user_id: int, options: dict, uploads: list[UploadedFile]) -> StagedUpload:
    files = []
    for index, upload in enumerate(uploads):
        path = folder / f"{index:05d}.upload"
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        files.append(StagedFile(name=upload.name, path=path))
    staged = StagedUpload(token=token, user_id=user_id, created=time.time(), options=options, files=files)
    manifest = {
        "user_id": user_id,
        "created": staged.created,
        "options": options,
        "files": [{"name": item.name, "path": item.path.name} for item in files],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return staged


def load(token: str, *, user_id: int) -> StagedUpload | None:
    """The staged upload ``token`` of user ``user_id``, or None (unknown, expired, another user's)."""
    folder = _folder(token)
    return _load_folder(folder, token, user_id) if folder is not None else None


def claim(token: str, *, user_id: int) -> StagedUpload | None:
    """Take the staged upload for importing: exactly one request gets it.

    A double click on *Import* sends two requests; the folder is renamed
    (atomic), so the second finds nothing instead of importing again.
    Discard the returned upload (its ``token``) when done.
    """
    folder = _folder(token)
    if folder is None or load(token, user_id=user_id) is None:
        return None
    claimed = f"{token}-claimed"
    try:
        os.rename(folder, folder.with_name(claimed))
    except OSError:  # another request claimed it first
        return None
    return _load_folder(folder.with_name(claimed), claimed, user_id)


def load_for_job(token: str) -> StagedUpload | None:
    """A claimed upload handed to an import job (archive/jobs), or None if it is gone.

    The job may start long after the claim (a busy queue) or resume after a worker
    died, so the upload's age does not count here; the job marks the folder as in
    use (``keep_alive``) and discards it when it has consumed every file.
    """
    folder = _folder(token)
    if folder is None:
        return None
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = [StagedFile(name=item["name"], path=folder / item["path"]) for item in manifest["files"]]
    return StagedUpload(
        token=token, user_id=manifest.get("user_id"), created=manifest["created"],
        options=manifest["options"], files=files,
    )


def keep_alive(token: str) -> None:
    """Mark a job's upload folder as in use, so ``sweep_expired`` leaves it alone."""
    folder = _folder(token)
    if folder is not None:
        try:
            os.utime(folder)
        except OSError:
            pass


def _load_folder(folder: Path, token: str, user_id: int) -> StagedUpload | None:
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("user_id") != user_id or _expired(manifest.get("created", 0)):
        return None
    files = [StagedFile(name=item["name"], path=folder / item["path"]) for item in manifest["files"]]
    return StagedUpload(
        token=token, user_id=user_id, created=manifest["created"], options=manifest["options"], files=files
    )


def discard(token: str) -> None:
    """Delete the staged upload ``token`` (no error if it is already gone)."""
    folder = _folder(token)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def sweep_expired() -> int:
    """Delete every expired staged upload; returns how many were deleted."""
    removed = 0
    for folder in staging_root().iterdir():
        if folder.is_dir() and _TOKEN_RE.match(folder.name) and _expired(folder.stat().st_mtime):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def _expired(created: float) -> bool:
    return time.time() - created > settings.ARCHIVE_UPLOAD_STAGING_HOURS * 3600


# The session half of the binding: a token only works in the session that uploaded it.

def remember(session, token: str) -> None:
    tokens = [item for item in session.get(SESSION_KEY, []) if item != token]
    session[SESSION_KEY] = (tokens + [token])[-_SESSION_KEEP:]


def belongs_to_session(session, token: str) -> bool:
    return token in session.get(SESSION_KEY, [])


def forget(session, token: str) -> None:
    session[SESSION_KEY] = [item for item in session.get(SESSION_KEY, []) if item != token]


@checks.register(checks.Tags.security)
def check_staging_dir(app_configs=None, **kwargs):
    """Uploaded files must never wait where the web server publishes files."""
    staging = Path(settings.ARCHIVE_UPLOAD_STAGING_DIR).resolve()
    public = [Path(p).resolve() for p in (settings.STATIC_ROOT, settings.MEDIA_ROOT) if p]
    errors = [
        checks.Error(
            f"ARCHIVE_UPLOAD_STAGING_DIR ({staging}) is inside a public folder ({root}).",
            hint="Point ARCHIVE_UPLOAD_STAGING_DIR at a private folder outside STATIC_ROOT and MEDIA_ROOT.",
            id="archive.E101",
        )
        for root in public
        if staging == root or root in staging.parents
    ]
    try:
        staging_root()
    except (OSError, StagingFolderError) as error:
        errors.append(checks.Error(
            str(error), hint="Set ARCHIVE_UPLOAD_STAGING_DIR to a folder only this user can use.", id="archive.E102",
        ))
    return errors
