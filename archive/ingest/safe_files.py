"""Opening files found on disk without being led anywhere else.

A folder import reads only regular files that really are inside the folder it
was given: a symbolic link (to ``/etc/passwd``, or to a folder elsewhere), a
named pipe (which would block the import forever), a socket or a device is
refused with a reason. The checks are made on the opened file descriptor
(``O_NOFOLLOW``, ``fstat``), not on the path beforehand, so a file swapped for
a link between the check and the read is refused as well.

File names are kept as the operating system gives them (so the file can be
opened), and shown as text with U+FFFD where their bytes are not UTF-8.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


class NotARegularFile(OSError):
    """The path is not a regular file the loader may read; ``reason`` says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def display_name(path: Path | str) -> str:
    """The path as text people can read and databases can store.

    Names that are not valid UTF-8 come from ``os`` with surrogate escapes, which
    cannot be encoded; their undecodable bytes become U+FFFD.
    """
    return os.fsencode(str(path)).decode("utf-8", errors="replace")


def kind_of(mode: int) -> str:
    """``"a named pipe (FIFO)"``: what a non-regular file is, in words."""
    for test, words in _KINDS:
        if test(mode):
            return words
    return "not a regular file"


def refusal_reason(mode: int, *, in_folder: bool) -> str:
    """Why a file of this mode is not read."""
    where = " inside the folder being imported" if in_folder else ""
    if stat.S_ISLNK(mode):
        return f"a symbolic link, not followed: only regular files{where} are imported"
    return f"{kind_of(mode)}, not a regular file: only regular files{where} are imported"


def open_regular(path: Path, *, follow_links: bool):
    """Open ``path`` for reading in binary mode if it is a regular file.

    ``follow_links`` is False for files found while walking a folder (a link
    there could point anywhere), True for a path named explicitly. Never blocks:
    the open is non-blocking, so a FIFO is refused instead of waited on.
    Raises NotARegularFile with the reason, or OSError when the file cannot be opened.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow_links:
        flags |= os.O_NOFOLLOW
    try:
        fd = os.open(path, flags)
    except OSError as error:
        if not follow_links and os.path.islink(path):  # ELOOP from O_NOFOLLOW
            raise NotARegularFile(refusal_reason(stat.S_IFLNK, in_folder=True)) from error
        raise
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotARegularFile(refusal_reason(mode, in_folder=not follow_links))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
