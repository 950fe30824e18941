"""Streaming JSON Lines: peak memory of ``import_articles`` over generated files of growing size.

    .venv/bin/python bench/jsonl_stream.py 1000 3000 10000
    .venv/bin/python bench/jsonl_stream.py --read-only 1000000
    [DATABASE_URL=postgres://...] .venv/bin/python bench/jsonl_stream.py --long 1000000 [--workers 2] [--every 10000]

For each size N, writes N generated rows (distinct texts) to a temporary .jsonl file,
imports it with ``manage.py import_articles`` in a child process on a throwaway SQLite
database, and prints rows, seconds and the child's peak RSS. Flat RSS across sizes
means the file is streamed row by row. ``--read-only N`` runs the row reader alone
over N rows (no database, no analysis): a million rows in minutes instead of hours.

``--long N`` is the archive-scale run: N real-length rows (bench/ingest.py's
bsnlp-shaped generator: ru/uk articles naming known and new people, dated over ten
years in order, as an archive export would be) through ``import_articles --json``
with the full analysis, on a throwaway database (a temporary SQLite file, or a new
``<name>_long_<pid>`` database on the PostgreSQL server of DATABASE_URL, dropped at
the end). Every ``--every`` rows it prints the rows done, the rate and the resident
memory of the import process (and of its worker processes), read from /proc, so
flatness (or growth) over the run is visible while it runs; stop it at any time.
"""
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = ("уряд програма відновлення житло заявка область міністерство рада бюджет енергетика "
         "громада місто село школа лікарня дорога міст вода тепло світло").split()


def write_rows(path: Path, count: int) -> None:
    rng = random.Random(count)
    with path.open("w", encoding="utf-8") as handle:
        for number in range(count):
            text = " ".join(rng.choice(WORDS) for _ in range(120)) + f". Запис {number}."
            handle.write(json.dumps({"title": f"Новина {number}", "text": text, "published": "2026-01-08"},
                                    ensure_ascii=False) + "\n")


def main(sizes: list[int]) -> None:
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            env = dict(os.environ, DATABASE_URL=f"sqlite:///{folder}/bench-{size}.sqlite3")
            subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
            path = Path(folder) / f"rows-{size}.jsonl"
            write_rows(path, size)
            started = time.perf_counter()
            child = subprocess.Popen([python, "manage.py", "import_articles", "-v0", str(path)], cwd=ROOT, env=env)
            _pid, status, usage = os.wait4(child.pid, 0)  # this child's own peak, not the largest so far
            child.returncode = os.waitstatus_to_exitcode(status)
            elapsed = time.perf_counter() - started
            if child.returncode:
                sys.exit(f"import_articles failed with exit status {child.returncode}")
            print(f"{size} rows ({path.stat().st_size / 1e6:.1f} MB): {elapsed:.0f} s, "
                  f"{size / elapsed:.0f} rows/s, peak RSS {usage.ru_maxrss / 1024:.0f} MB", flush=True)


def read_only(count: int) -> None:
    """The row reader alone over ``count`` generated rows: the memory of streaming, without analysis."""
    import resource

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from archive.ingest.formats.records import InputRow, read_rows

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rows.jsonl"
        write_rows(path, count)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.perf_counter()
        rows = 0
        with path.open("rb") as handle:
            for item in read_rows(str(path), handle, max_row_bytes=5 * 1024 * 1024):
                rows += isinstance(item, InputRow)
        elapsed = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"reader alone: {rows} rows ({path.stat().st_size / 1e6:.0f} MB) in {elapsed:.0f} s; "
              f"peak RSS {before:.0f} MB before reading, {after:.0f} MB after")


def write_long_rows(path: Path, count: int) -> None:
    """``count`` bsnlp-shaped articles as JSON Lines, written row by row."""
    import datetime

    sys.path.insert(0, str(ROOT / "bench"))
    from ingest import generate_one

    rng = random.Random(11)
    first_day = datetime.date(2016, 1, 1)
    per_day = max(1, count // 3650)
    with path.open("w", encoding="utf-8") as handle:
        for number in range(count):
            head, _, text = generate_one(number, rng).partition("\n\n")
            day = first_day + datetime.timedelta(days=number // per_day)
            handle.write(json.dumps({"title": head.split(" ", 2)[2], "text": text, "published": day.isoformat()},
                                    ensure_ascii=False) + "\n")


def _rss_mib(pid: int) -> tuple[float, float]:
    """(anonymous, file-backed) resident memory of ``pid`` in MiB.

    File-backed pages are mapped files (SQLite reads its database through a memory
    map, shared with the OS cache and given back under pressure); anonymous ones are
    the process's own heap, where anything accumulated per row would show.
    """
    values = {}
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(("RssAnon:", "RssFile:", "RssShmem:")):
                    values[line.split(":")[0]] = int(line.split()[1]) / 1024
    except OSError:
        pass
    return values.get("RssAnon", 0.0), values.get("RssFile", 0.0) + values.get("RssShmem", 0.0)


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(child) for child in handle.read().split()]
    except OSError:
        return []


def long_run(count: int, *, workers: int, every: int) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from ingest import throwaway_database

    python = sys.executable
    with tempfile.TemporaryDirectory() as folder, throwaway_database(folder, suffix="long"):
        env = dict(os.environ)
        subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        path = Path(folder) / f"rows-{count}.jsonl"
        started = time.perf_counter()
        write_long_rows(path, count)
        print(f"wrote {count} rows ({path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - started:.0f} s; "
              f"database {env['DATABASE_URL'].rsplit('/', 1)[-1]}; workers {workers}", flush=True)
        command = [python, "manage.py", "import_articles", "--json", "-v0", str(path)]
        if workers > 1:
            command += ["--workers", str(workers)]
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        done, statuses, peak, last = 0, {}, 0.0, started
        for line in child.stdout:
            status = json.loads(line)["status"]
            statuses[status] = statuses.get(status, 0) + 1
            done += 1
            if done % every == 0:
                now = time.perf_counter()
                anon, mapped = _rss_mib(child.pid)
                workers_rss = [sum(_rss_mib(pid)) for pid in _children(child.pid)]
                peak = max(peak, anon + mapped)
                print(f"{done:>8} rows  {now - started:7.0f} s  {done / (now - started):6.1f} rows/s overall, "
                      f"{every / (now - last):6.1f} lately  RSS {anon + mapped:5.0f} MiB "
                      f"(heap {anon:.0f}, mapped files {mapped:.0f})"
                      + (f" workers {', '.join(f'{r:.0f}' for r in workers_rss)} MiB" if workers_rss else "")
                      + f"  load {os.getloadavg()[0]:.1f}  {statuses}", flush=True)
                last = now
        child.wait()
        elapsed = time.perf_counter() - started
        print(f"finished: {done} rows in {elapsed:.0f} s ({done / elapsed:.1f} rows/s), exit {child.returncode}, "
              f"peak sampled RSS {peak:.0f} MiB, {statuses}", flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--long"]:
        import argparse

        parser = argparse.ArgumentParser()
        parser.add_argument("--long", type=int, required=True)
        parser.add_argument("--workers", type=int, default=1)
        parser.add_argument("--every", type=int, default=10000)
        arguments = parser.parse_args()
        long_run(arguments.long, workers=arguments.workers, every=arguments.every)
    elif sys.argv[1:2] == ["--read-only"]:
        read_only(int(sys.argv[2]))
    else:
        main([int(arg) for arg in sys.argv[1:]] or [1000, 3000])
