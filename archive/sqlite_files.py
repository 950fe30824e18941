"""The SQLite database file is private: it holds password hashes and sessions.

SQLite creates the file with the process's umask (usually 0644, readable by
every local user). Each new connection makes the file, and the WAL and
shared-memory files beside it, readable and writable by their owner only
(0600); SQLite gives the WAL and shm files it creates later the database
file's mode.
"""
from __future__ import annotations

import os
import stat


def protect_sqlite_file(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: chmod 0600 the files of a file-based SQLite database."""
    if connection.vendor != "sqlite" or connection.is_in_memory_db():
        return
    path = str(connection.settings_dict["NAME"])
    for candidate in (path, f"{path}-wal", f"{path}-shm"):
        try:
            info = os.stat(candidate)
        except OSError:
            continue
        if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) & 0o077:
            os.chmod(candidate, stat.S_IMODE(info.st_mode) & 0o700)
