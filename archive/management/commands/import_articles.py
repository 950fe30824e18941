"""``manage.py import_articles [--json] [--workers N | --enqueue] [--outlet SLUG] [--language CODE] [--year YYYY] PATH...``

Imports .txt and .html files, .jsonl and .csv files of many articles (one import
record per row), folders (recursively) and .zip archives through
archive.ingest.service. On a terminal (stderr a TTY, no --json) a progress bar
shows files, rate and time left. ``--workers N`` stores files with N processes
(archive/jobs/processes.py); ``--enqueue`` hands the paths to the task queue
(archive/jobs/imports.py) and returns at once. Exit status: 0 when nothing was
rejected, 1 when any input was rejected (the others are still imported), 2 for
usage errors (including a PATH that does not exist), 3 when the database could
not be used (the import stopped; running it again resumes it).
"""
import json
import os
import re
import sys
import zipfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from archive.ingest.retry import DatabaseUnavailable, unavailable_reason
from archive.ingest.service import ImportOptions, collect_paths, import_inputs
from archive.jobs import imports as import_jobs
from archive.models import ImportBatch, Outlet

_LANGUAGE = re.compile(r"^[a-z]{2}$")


class Command(BaseCommand):
    help = "Import news articles from .txt, .html, .jsonl and .csv files, folders and .zip archives."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="a .txt, .html, .jsonl or .csv file, a folder or a .zip archive")
        parser.add_argument("--json", action="store_true", help="print one JSON object per input file per line")
        parser.add_argument("--outlet", metavar="SLUG", help="the publishing outlet of every file (its slug)")
        parser.add_argument("--language", metavar="CODE", help="the language of every file (ISO 639-1, e.g. ru)")
        parser.add_argument(
            "--year", metavar="YYYY", type=int,
            help="year for datelines without one, when the text mentions no full date",
        )
        parser.add_argument(
            "--workers", metavar="N", type=int, default=1, help="store files with N processes (default 1)",
        )
        parser.add_argument(
            "--enqueue", action="store_true",
            help="queue the import for the workers (manage.py db_worker) and return at once",
        )

    def handle(self, *args, **options):
        try:
            import_options = self._import_options(options)
        except (OperationalError, InterfaceError) as error:
            raise CommandError(f"the import did not start: {unavailable_reason(error)}", returncode=3) from error
        paths = self._paths(options["paths"])
        workers = options["workers"]
        if not 1 <= workers <= 64:
            raise CommandError(f"--workers: {workers} is not between 1 and 64", returncode=2)
        if options["enqueue"]:
            return self._enqueue(paths, import_options, as_json=options["json"])
        as_json, verbosity = options["json"], options["verbosity"]
        bar = _progress_bar(paths) if not as_json and verbosity >= 1 and sys.stderr.isatty() else None

        def report(outcome):
            if bar is not None:
                bar.update(1)
            article_id, title = _article_of(outcome)
            if as_json:
                self.stdout.write(json.dumps({
                    "source": outcome.source,
                    "status": outcome.status,
                    "article_id": article_id,
                    "error": (outcome.reason or "rejected") if outcome.status == "rejected" else None,
                }, ensure_ascii=False))
            elif outcome.status == "rejected":
                self._above_bar(bar, f"rejected  {outcome.source}: {outcome.reason}", self.stderr)
            elif verbosity >= 2:
                detail = f"#{article_id} {title[:70]}" if article_id else ""
                self._above_bar(bar, f"{outcome.status:<9} {outcome.source} {detail}", self.stdout)

        try:
            if workers > 1:
                batch = self._import_with_processes(paths, import_options, workers, report)
            else:
                batch = import_inputs(
                    collect_paths(paths), options=import_options, origin=ImportBatch.Origin.COMMAND, on_outcome=report,
                )
        except DatabaseUnavailable as stopped:
            raise CommandError(
                f"the import stopped: {stopped.reason}. Every file reported above is stored; "
                "run the same command again to resume.", returncode=3,
            ) from stopped
        finally:
            if bar is not None:
                bar.close()
        counts = ImportBatch.objects.filter(pk=batch.pk).with_progress().get()
        if not as_json and verbosity >= 1:
            self.stdout.write(
                f"Import #{batch.pk}: {counts.n_imported} imported, {counts.n_duplicate} duplicate, "
                f"{counts.n_rejected} rejected."
            )
        if counts.n_rejected:
            raise CommandError(f"{counts.n_rejected} file(s) rejected", returncode=1)

    def _above_bar(self, bar, line: str, stream) -> None:
        if bar is not None:
            bar.write(line, file=sys.stderr)
        else:
            stream.write(line)

    def _import_with_processes(self, paths, import_options, workers, report) -> ImportBatch:
        from archive.jobs.processes import import_with_processes

        batch = ImportBatch.objects.create(origin=ImportBatch.Origin.COMMAND, options=import_options.as_json())
        finished = False
        try:
            import_with_processes(
                collect_paths(paths), batch=batch, options=import_options, workers=workers, on_outcome=report
            )
            finished = True
        finally:
            ImportBatch.objects.filter(pk=batch.pk).update(
                status=ImportBatch.Status.DONE if finished else ImportBatch.Status.INTERRUPTED,
                finished_at=timezone.now(),
            )
        batch.refresh_from_db()
        return batch

    def _enqueue(self, paths, import_options, *, as_json: bool) -> None:
        batch = import_jobs.create_batch(
            source={"paths": [str(Path(path).resolve()) for path in paths]},
            options=import_options, origin=ImportBatch.Origin.COMMAND,
        )
        import_jobs.enqueue_batch(batch)
        if as_json:
            self.stdout.write(json.dumps({"batch": batch.pk, "status": "queued"}))
        else:
            self.stdout.write(
                f"Import #{batch.pk} queued; a worker (manage.py db_worker) imports it. "
                f"Its progress: /admin/archive/importbatch/{batch.pk}/result/"
            )

    def _paths(self, paths: list[str]) -> list[str]:
        missing = [path for path in paths if not os.path.exists(path)]
        if missing:
            raise CommandError(f"no such file or folder: {', '.join(missing)}", returncode=2)
        return paths

    def _import_options(self, options) -> ImportOptions:
        outlet = None
        if options["outlet"]:
            outlet = Outlet.objects.filter(slug=options["outlet"]).first()
            if outlet is None:
                raise CommandError(f"--outlet: no outlet with the slug {options['outlet']!r}", returncode=2)
        language = options["language"]
        if language is not None:
            language = language.strip().lower()
            if not _LANGUAGE.match(language):
                raise CommandError(f"--language: {options['language']!r} is not a two-letter ISO 639-1 code", returncode=2)
        year = options["year"]
        if year is not None and not 1800 <= year <= 2200:
            raise CommandError(f"--year: {year} is not a plausible year", returncode=2)
        return ImportOptions(outlet=outlet, language=language, default_year=year)


def _article_of(outcome) -> tuple[int | None, str]:
    """(article id, title) of a loader outcome or of a worker process's report."""
    if hasattr(outcome, "article_id"):
        return outcome.article_id, outcome.title
    return (outcome.article.pk, outcome.article.title) if outcome.article else (None, "")


def _progress_bar(paths: list[str]):
    import shutil

    from tqdm import tqdm

    # A terminal that reports no size (some pseudo-terminals) gets 80 x 24, not an empty bar.
    size = shutil.get_terminal_size()
    return tqdm(
        total=_count_inputs(paths), unit="file", file=sys.stderr, ncols=size.columns, nrows=size.lines,
        smoothing=0.1,
    )


def _count_inputs(paths: list[str]) -> int | None:
    """About how many inputs ``paths`` hold (the bar's total), without reading the files."""
    total = 0
    for raw in paths:
        path = Path(raw)
        found = [path] if not path.is_dir() else [
            Path(root) / name for root, _dirs, names in os.walk(path) for name in names
            if name.lower().endswith((".txt", ".zip")) and not name.startswith(".")
        ]
        for item in found:
            if item.suffix.lower() == ".zip":
                try:
                    with zipfile.ZipFile(item) as archive:
                        total += sum(1 for info in archive.infolist() if not info.is_dir())
                except (OSError, zipfile.BadZipFile):
                    total += 1
            else:
                total += 1
    return total or None
