"""Streaming JSON Lines: peak memory of ``import_articles`` over generated files of growing size.

    .venv/bin/python bench/jsonl_stream.py 1000 3000 10000
    .venv/bin/python bench/jsonl_stream.py --read-only 1000000

For each size N, writes N generated rows (distinct texts) to a temporary .jsonl file,
imports it with ``manage.py import_articles`` in a child process on a throwaway SQLite
database, and prints rows, seconds and the child's peak RSS. Flat RSS across sizes
means the file is streamed row by row. ``--read-only N`` runs the row reader alone
over N rows (no database, no analysis): a million rows in minutes instead of hours.
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


if __name__ == "__main__":
    if sys.argv[1:2] == ["--read-only"]:
        read_only(int(sys.argv[2]))
    else:
        main([int(arg) for arg in sys.argv[1:]] or [1000, 3000])
