"""A private PostgreSQL cluster for one test: initdb, start on its own port, stop, remove.

initdb and postgres refuse to run as root; as root they run as the ``postgres``
system user (runuser). Tests that need the cluster skip, saying why, where
initdb is not installed.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg


def find_tool(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


class PrivateCluster:
    """``with PrivateCluster(port=55150, max_connections=10) as cluster: cluster.url``."""

    def __init__(self, *, port: int, max_connections: int = 20):
        self.port = port
        self.max_connections = max_connections
        self.initdb = find_tool("initdb")
        self.pg_ctl = find_tool("pg_ctl")
        self.folder = Path(tempfile.mkdtemp(prefix="archive-pg-"))
        self.data = self.folder / "data"
        self.user = "postgres"

    @property
    def url(self) -> str:
        return f"postgres://{self.user}@127.0.0.1:{self.port}/archive"

    def _run(self, *command: str, check=True) -> subprocess.CompletedProcess:
        if os.getuid() == 0:
            command = ("runuser", "-u", "postgres", "--", *command)
        return subprocess.run(command, capture_output=True, text=True, check=check, timeout=120)

    def __enter__(self) -> "PrivateCluster":
        if os.getuid() == 0:
            shutil.chown(self.folder, "postgres")
        self.user = "postgres" if os.getuid() == 0 else os.environ.get("USER", "postgres")
        self._run(self.initdb, "-D", str(self.data), "-A", "trust", "-U", self.user, "--no-sync", "-E", "UTF8")
        self.start()
        with psycopg.connect(self.url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as db:
            db.execute("CREATE DATABASE archive")
        return self

    def start(self) -> None:
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -c max_connections={self.max_connections} "
                   f"-c superuser_reserved_connections=0 -c fsync=off "
                   f"-k {self.folder}")
        self._run(self.pg_ctl, "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start")

    def stop(self) -> None:
        self._run(self.pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)

    def connections(self) -> int:
        """Client backends connected now (this query's own connection not counted)."""
        with psycopg.connect(self.url, autocommit=True) as db:
            return db.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
            ).fetchone()[0]

    def wait_until(self, predicate, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(0.2)
        return predicate()

    def __exit__(self, *exc) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


class PrivateReplica(PrivateCluster):
    """A streaming replica of a running ``PrivateCluster``: ``pg_basebackup -R``, started on its own port.

    ``with PrivateReplica(primary, port=...) as replica: replica.url`` (the same
    database and user as the primary's, read-only).
    """

    def __init__(self, primary: PrivateCluster, *, port: int):
        super().__init__(port=port, max_connections=primary.max_connections)
        self.primary = primary
        self.pg_basebackup = find_tool("pg_basebackup")

    def __enter__(self) -> "PrivateReplica":
        if os.getuid() == 0:
            shutil.chown(self.folder, "postgres")
        self.user = self.primary.user
        # -R writes standby.signal and primary_conninfo; -X stream copies the WAL written meanwhile;
        # a fast checkpoint starts the copy at once (a spread one waits minutes on an idle server).
        self._run(self.pg_basebackup, "-h", "127.0.0.1", "-p", str(self.primary.port), "-U", self.user,
                  "-D", str(self.data), "-R", "-X", "stream", "--checkpoint=fast", "--no-sync")
        self.start()
        return self

    def _sql(self, url: str, sql: str):
        with psycopg.connect(url, autocommit=True) as db:
            return db.execute(sql).fetchone()[0]

    def pause_replay(self) -> None:
        """Stop applying the primary's changes: the replica lags until ``resume_replay``."""
        self._sql(self.url, "SELECT pg_wal_replay_pause()")

    def resume_replay(self) -> None:
        self._sql(self.url, "SELECT pg_wal_replay_resume()")

    def wait_caught_up(self, timeout: float = 30) -> None:
        """Until the replica has applied everything the primary had written when called."""
        written = self._sql(self.primary.url, "SELECT pg_current_wal_lsn()::text")
        check = f"SELECT pg_last_wal_replay_lsn() >= '{written}'::pg_lsn"
        if not self.wait_until(lambda: bool(self._sql(self.url, check)), timeout):
            raise TimeoutError(f"the replica on port {self.port} did not catch up with its primary")
