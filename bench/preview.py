"""The admin upload preview on real-length articles: upload N files, open the preview page.

    .venv/bin/python bench/preview.py ../shared/bsnlp [--files 20] [--runs 5]

Each run uploads N raw files of a folder in the BSNLP layout (title line and body, as an
editor would have them) through the admin's upload form with Django's test client, as a
staff user, and follows to the preview page (parsing, language and date detection, person
recognition; nothing is imported). Prints the time of the upload POST, of the preview
page, and of both, per run and the median. A throwaway database (bench/ingest.py).
"""
import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ingest import throwaway_database  # noqa: E402


def raw_files(paths: list[str]) -> list[tuple[str, bytes]]:
    files = []
    for top in paths:
        for raw in sorted(Path(top).glob("**/raw/*/*.txt")):
            lines = raw.read_text(encoding="utf-8-sig").splitlines()
            title = lines[4].strip() if len(lines) > 4 else ""
            body = "\n".join(lines[5:]).strip()
            files.append((raw.name, f"{title}\n\n{body}\n".encode()))
    return files


def run(args) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from django.conf import settings

    setup_test_environment()  # the test client's host and middleware settings
    settings.STATIC_ROOT = args.static_root  # pages render with whitenoise's hashed names, as served
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    editor = get_user_model().objects.create_superuser("bench", "bench@example.org", "x")
    client = Client()
    client.force_login(editor)
    files = raw_files(args.paths)
    if len(files) < args.files * args.runs:
        sys.exit(f"need {args.files * args.runs} files, found {len(files)}")
    upload_url = reverse("admin:archive_importbatch_upload")
    rows = []
    for n in range(args.runs):
        chunk = files[n * args.files:(n + 1) * args.files]
        handles = []
        for name, data in chunk:
            handle = io.BytesIO(data)
            handle.name = name
            handles.append(handle)
        started = time.perf_counter()
        response = client.post(upload_url, {"files": handles})
        posted = time.perf_counter()
        if response.status_code != 302:
            sys.exit(f"upload refused: {response.status_code}")
        page = client.get(response["Location"])
        shown = time.perf_counter()
        if page.status_code != 200:
            sys.exit(f"preview failed: {page.status_code}")
        rows.append((posted - started, shown - posted, shown - started))
        print(f"run {n + 1}: upload {rows[-1][0] * 1000:.0f} ms, preview page {rows[-1][1] * 1000:.0f} ms, "
              f"both {rows[-1][2] * 1000:.0f} ms", flush=True)
    sizes = [len(data) for _, data in files[:args.files * args.runs]]
    print(f"median over {args.runs} runs of {args.files} files ({statistics.mean(sizes):.0f} bytes on average): "
          f"upload {statistics.median(r[0] for r in rows) * 1000:.0f} ms, "
          f"preview page {statistics.median(r[1] for r in rows) * 1000:.0f} ms, "
          f"both {statistics.median(r[2] for r in rows) * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, throwaway_database(tmp, "preview"):
        args.static_root = os.path.join(tmp, "static")
        run(args)


if __name__ == "__main__":
    main()
