"""Requests per second through gunicorn: the JSON search API and the search page.

    .venv/bin/python bench/http_load.py --database-url sqlite:////work/me/bench100k.sqlite3
    .venv/bin/python bench/http_load.py --database-url postgres://postgres@127.0.0.1:5432/bench_me \\
        --workers 3 --worker-class gthread --threads 4 --clients 1,8

Starts gunicorn with the project's command line (``gunicorn archive.wsgi``, as ``make
run`` does) against the given archive (one built by bench/search.py: copy it first, the
server may write its cache and sessions), waits until every worker has booted, warms
the workers up, then measures ``/api/articles/?q=...`` and ``/search/?q=...`` at each
number of concurrent clients (threads with one keep-alive connection each, urllib3).

Two passes over bench/search.py's query mix (``query_mix()``, 42 queries in six classes):

* **cold**: every request a query and filter combination (language, date range, sort) no
  request before it asked, so no cache of the server can answer it: this is the cost of
  searching. Each run has a cache folder of its own (``CACHE_URL``), so no earlier run
  answers either;
* **repeated**: the 42 plain queries again and again, each asked once (untimed) before
  (what a server cache can answer).

This process never touches the database: it only builds the query mix (the vocabulary
comes from pymorphy3's dictionaries) and speaks HTTP, so it holds no connection, lock or
transaction the server could wait for. gunicorn's output goes to a log file (read
for the workers' start and printed on failure), never to a pipe nobody reads, which would
block the server once the pipe filled up.

Prints one table: target, clients, pass, requests, errors, requests/s, p50/p95/p99 ms, and
the CPU time gunicorn's processes spent per request (user + system, read from /proc): on a
shared machine requests/s follow the cores the server was given, the CPU per request does not.
"""
from __future__ import annotations

import argparse
import itertools
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import urllib3

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: The two things measured: the JSON search API and the HTML search page.
TARGETS = {"api": "/api/articles/", "page": "/search/"}
LANGUAGES = ("", "ru", "uk", "en")
SORTS = ("", "newest")
#: Date ranges (from, to) over the bench's ten years: every one answers 200, even with no match.
DATE_RANGES = (("", ""), ("2018-01-01", ""), ("", "2021-12-31"), ("2020-01-01", "2024-12-31"), ("2022-06-01", ""),
               ("2017-01-01", "2019-12-31"), ("2021-01-01", ""), ("", "2023-06-30"), ("2019-03-01", "2025-03-01"),
               ("2024-01-01", ""))


def plain_queries() -> list[str]:
    """bench/search.py's query mix, every class, in a fixed order (kept in a temporary file:
    building the vocabulary takes a minute)."""
    import json

    saved = Path(tempfile.gettempdir()) / f"bench-http-query-mix-{os.getuid()}.json"
    if saved.exists():
        return json.loads(saved.read_text())
    from bench.search import query_mix

    queries = [q for queries in query_mix().values() for q in queries]
    saved.write_text(json.dumps(queries, ensure_ascii=False))
    return queries


def combinations(queries: list[str], seed: int = 11) -> list[dict]:
    """Every (query, language, dates, sort) combination once, in a fixed shuffled order."""
    found = []
    for q, language, (start, end), sort in itertools.product(queries, LANGUAGES, DATE_RANGES, SORTS):
        params = {"q": q, "language": language, "date_from": start, "date_to": end, "sort": sort}
        found.append({key: value for key, value in params.items() if value})
    random.Random(seed).shuffle(found)
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn_command(port: int, args) -> list[str]:
    """The Makefile's ``run`` line (without the access log: it would measure the log's writes)."""
    # The project's gunicorn.conf.py (its hooks) with the workers given here: every setting
    # measured is on the command line, which overrides the file's.
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "archive.wsgi", "--config", str(ROOT / "gunicorn.conf.py"),
               "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers), "--timeout", str(args.timeout),
               "--worker-class", args.worker_class,
               # sync with threads > 1 would run as gthread (gunicorn's rule), so sync gets 1
               "--threads", str(args.threads if args.worker_class != "sync" else 1)]
    return command


class Server:
    """gunicorn serving the archive at ``database_url`` on a free port, its output in a log file."""

    def __init__(self, args):
        self.args = args
        self.port = free_port()
        self.log_path = Path(tempfile.mkstemp(prefix="bench-http-gunicorn-", suffix=".log")[1])
        self.process: subprocess.Popen | None = None
        self.cache_dir = Path(tempfile.mkdtemp(prefix="bench-http-cache-"))

    def env(self) -> dict:
        # A cache of this run's own (unless --env CACHE_URL=... names one): entries of an earlier
        # run against the same archive would otherwise answer this run's "cold" requests.
        env = {**os.environ, "DATABASE_URL": self.args.database_url, "DEBUG": "0", "LOG_LEVEL": "WARNING",
               "CACHE_URL": f"file://{self.cache_dir}"}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        for setting in self.args.env:
            name, _, value = setting.partition("=")
            env[name] = value
        return env

    def start(self) -> None:
        manifest = ROOT / "staticfiles" / "staticfiles.json"
        if not manifest.exists():  # the page's {% static %} needs whitenoise's manifest, as `make run` makes it
            subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput"], cwd=ROOT, env=self.env(),
                           check=True, stdout=subprocess.DEVNULL)
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(gunicorn_command(self.port, self.args), cwd=ROOT, env=self.env(),
                                        stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        log.close()
        deadline = time.monotonic() + 120
        http = urllib3.PoolManager(retries=False, timeout=urllib3.Timeout(total=30))
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited with {self.process.returncode}:\n{self.log()}")
            booted = len(re.findall(r"Booting worker with pid", self.log()))
            if booted >= self.args.workers:
                try:
                    if http.request("GET", self.url("/api/articles/?page_size=1")).status == 200:
                        return
                except urllib3.exceptions.HTTPError:
                    pass
            time.sleep(0.5)
        raise SystemExit(f"gunicorn did not answer within 120 s:\n{self.log()}")

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by gunicorn's processes (its process group, on
        Linux): what the requests cost the server, whatever else the machine runs meanwhile."""
        total = 0
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == self.process.pid:  # the process group gunicorn's session leads
                total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
        return total / os.sysconf("SC_CLK_TCK")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log_path.unlink(missing_ok=True)
        shutil.rmtree(self.cache_dir, ignore_errors=True)


def measure(server: Server, path: str, requests: list[dict], clients: int, *, timeout: float) -> dict:
    """GET ``path`` with each of ``requests`` from ``clients`` threads; latencies and statuses."""
    pool = urllib3.HTTPConnectionPool("127.0.0.1", server.port, maxsize=clients, block=True, retries=False,
                                      timeout=urllib3.Timeout(total=timeout))
    todo = iter(requests)
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []

    def client():
        while True:
            with lock:
                params = next(todo, None)
            if params is None:
                return
            started = time.perf_counter()
            try:
                response = pool.request("GET", f"{path}?{urlencode(params)}", headers={"Accept-Language": "en"})
                status = response.status
            except urllib3.exceptions.HTTPError as error:
                status = type(error).__name__
            elapsed = time.perf_counter() - started
            with lock:
                if status == 200:
                    latencies.append(elapsed)
                else:
                    errors.append(f"{status} {params}")

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    pool.close()
    return {"latencies": latencies, "errors": errors, "wall": wall}


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"), help="the archive (a copy)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (gthread)")
    parser.add_argument("--timeout", type=int, default=60, help="gunicorn's --timeout (seconds)")
    parser.add_argument("--clients", default="1,8", help="numbers of concurrent clients, comma-separated")
    parser.add_argument("--requests", type=int, default=240, help="requests per target, clients and pass")
    parser.add_argument("--warmup", type=int, default=60, help="requests per target before measuring")
    parser.add_argument("--targets", default="api,page")
    parser.add_argument("--passes", default="cold,repeated")
    parser.add_argument("--request-timeout", type=float, default=30.0)
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="an extra environment variable for gunicorn (CACHE_URL=..., repeatable)")
    args = parser.parse_args()
    if not args.database_url:
        parser.error("give --database-url (or DATABASE_URL): a copy of a bench archive")

    queries = plain_queries()
    fresh = iter(combinations(queries))
    clients_list = [int(n) for n in args.clients.split(",")]
    targets = args.targets.split(",")
    passes = args.passes.split(",")
    needed = args.warmup * len(targets) + args.requests * len(targets) * len(clients_list) * passes.count("cold")
    if needed > len(combinations(queries)):
        parser.error(f"{needed} distinct combinations needed, {len(combinations(queries))} exist: fewer --requests")

    server = Server(args)
    server.start()
    rows = []
    try:
        log = server.log()
        print(f"# gunicorn {' '.join(gunicorn_command(server.port, args)[1:])}: "
              f"{len(re.findall('Booting worker', log))} workers booted; load {os.getloadavg()[0]:.2f}",
              flush=True)
        for target in targets:  # warm every worker: imports, name maps, the database's pages
            measure(server, TARGETS[target], [next(fresh) for _ in range(args.warmup)], max(clients_list),
                    timeout=args.request_timeout)
        for target, clients, kind in itertools.product(targets, clients_list, passes):
            if kind == "cold":
                batch = [next(fresh) for _ in range(args.requests)]
            else:  # each query asked once before, untimed: what a cache could answer, it has
                measure(server, TARGETS[target], [{"q": q} for q in queries], clients, timeout=args.request_timeout)
                batch = [{"q": q} for q in itertools.islice(itertools.cycle(queries), args.requests)]
            cpu_before = server.cpu_seconds()
            result = measure(server, TARGETS[target], batch, clients, timeout=args.request_timeout)
            cpu = (server.cpu_seconds() - cpu_before) / len(batch)
            done = result["latencies"]
            rows.append((target, clients, kind, len(batch), len(result["errors"]),
                         len(done) / result["wall"], *(1000 * percentile(done, s) for s in (0.5, 0.95, 0.99)),
                         1000 * cpu))
            print("  %-5s %2d clients %-8s %4d req %3d errors %7.1f req/s  p50 %6.1f  p95 %6.1f  p99 %6.1f ms"
                  "  server CPU %5.1f ms/req" % rows[-1], flush=True)
            for error in result["errors"][:3]:
                print("    error:", error, flush=True)
        if any(row[4] for row in rows):
            print(server.log()[-3000:])
    finally:
        server.stop()
    print()
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("| target | clients | pass | requests | errors | req/s | p50 ms | p95 ms | p99 ms | server CPU ms/req |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        print("| %s | %d | %s | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f |" % row)


if __name__ == "__main__":
    main()
