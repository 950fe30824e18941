"""Connection exhaustion: gunicorn (4 workers x 8 threads) against PostgreSQL at max_connections=10.

    .venv/bin/python bench/connections.py [--seconds 60] [--clients 32] [--port 55152]

Starts a private PostgreSQL cluster (initdb; as root it runs as the postgres
user), migrates it, imports fixtures/seeds, serves the archive with psycopg's
pool (DATABASE_POOL_MAX=2 per worker: 4 x 2 = 8 of the 10 connections), sends
requests from ``--clients`` threads for ``--seconds`` and prints the statuses,
then how long the server's client connections take to fall back to the pool
floor (one per worker) after the load.
"""
from __future__ import annotations

import argparse
import collections
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.reliability.private_postgres import PrivateCluster  # noqa: E402

PAGES = ["/", "/search/?q=%D0%9F%D0%B0%D1%80%D0%B8%D0%B6", "/people/", "/api/articles/?q=%D0%9C%D0%B0%D0%BA%D1%80%D0%BE%D0%BD",
         "/events/", "/archive/2026/01/"]


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return -1  # no answer at all


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--port", type=int, default=55152)
    parser.add_argument("--web-port", type=int, default=8150)
    parser.add_argument("--no-pool", action="store_true",
                        help="compare: no pool, a connection per thread kept DATABASE_CONN_MAX_AGE (60 s)")
    args = parser.parse_args()
    workers, threads = 4, 8
    with PrivateCluster(port=args.port, max_connections=10) as cluster:
        env = {**os.environ, "DATABASE_URL": cluster.url, "DATABASE_POOL_MIN": "1", "DATABASE_POOL_MAX": "2",
               "STATIC_ROOT": str(cluster.folder / "static"), "DATABASE_POOL": "0" if args.no_pool else "1"}
        python = sys.executable
        subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([python, "manage.py", "import_articles", "-v0", "fixtures/seeds"], cwd=ROOT, env=env, check=True)
        server = subprocess.Popen(
            [str(Path(python).parent / "gunicorn"), "archive.wsgi", "--bind", f"127.0.0.1:{args.web_port}",
             "--workers", str(workers), "--threads", str(threads), "--timeout", "120"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        try:
            counts, peak, settle, errors = _load(server, cluster, args, workers)
        finally:
            if server.poll() is None:
                server.terminate()
                server.wait(timeout=30)
    _report(args, workers, threads, counts, peak, settle, errors)


def _load(server, cluster, args, workers):
    """Warm up, send the load, then watch the connections fall back to the floor."""
    base = f"http://127.0.0.1:{args.web_port}"
    while True:
        try:
            socket.create_connection(("127.0.0.1", args.web_port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    for page in PAGES:  # warm every worker a little
        status_of(base + page)
    counts: collections.Counter = collections.Counter()
    lock = threading.Lock()
    stop_at = time.monotonic() + args.seconds

    def client(index: int) -> None:
        n = index
        while time.monotonic() < stop_at:
            status = status_of(base + PAGES[n % len(PAGES)])
            n += 1
            with lock:
                counts[status] += 1

    peak = 0
    pool = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    for thread in pool:
        thread.start()
    while any(thread.is_alive() for thread in pool):
        try:
            peak = max(peak, cluster.connections())
        except Exception:
            pass  # every slot taken by the archive: that is the point
        time.sleep(1)
    ended = time.monotonic()
    floor = workers
    settle = None
    while time.monotonic() - ended < 60:
        if _connections(cluster) <= floor:
            settle = time.monotonic() - ended
            break
        time.sleep(0.25)
    server.terminate()
    _, errors = server.communicate(timeout=30)
    return counts, peak, settle, errors


def _connections(cluster) -> int:
    """The server's client connections; every slot when not even this query gets one."""
    try:
        return cluster.connections()
    except Exception:
        return cluster.max_connections


def _report(args, workers, threads, counts, peak, settle, errors) -> None:
    floor = workers
    total = sum(counts.values())
    other = {status: n for status, n in counts.items() if status not in (200, 503)}
    pool = "no pool (CONN_MAX_AGE=60)" if args.no_pool else "pool 1..2 per worker"
    print(f"{args.seconds:g} s, {args.clients} clients, {workers} workers x {threads} threads, {pool}, max_connections=10")
    print(f"requests: {total}; by status: {dict(sorted(counts.items()))}; other than 200/503: {sum(other.values())}")
    print(f"peak client connections seen: {peak}")
    print(f"back to the pool floor ({floor}) after: " + (f"{settle:.1f} s" if settle is not None else "not within 60 s"))
    print(f"tracebacks in the server log: {errors.count('Traceback')}")
    if "Traceback" in errors:
        first = errors[errors.index("Traceback"):]
        print("first one:\n" + first[:3000])


if __name__ == "__main__":
    main()
