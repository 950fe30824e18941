"""``manage.py import_articles [--json] [--outlet SLUG] [--language CODE] [--year YYYY] PATH...``

Imports .txt and .html files, .jsonl and .csv files of many articles (one import
record per row), folders (recursively) and .zip archives through
archive.ingest.service. Exit status: 0 when nothing was rejected, 1 when any
input was rejected (the others are still imported), 2 for usage errors, 3 when the
database could not be used (the import stopped; running it again resumes it).
"""
import json
import re

from django.core.management.base import BaseCommand, CommandError
from django.db import InterfaceError, OperationalError

from archive.ingest.retry import DatabaseUnavailable, unavailable_reason
from archive.ingest.service import ImportOptions, batch_counts, collect_paths, import_inputs
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

    def handle(self, *args, **options):
        try:
            import_options = self._import_options(options)
        except (OperationalError, InterfaceError) as error:
            raise CommandError(f"the import did not start: {unavailable_reason(error)}", returncode=3) from error
        as_json, verbosity = options["json"], options["verbosity"]

        def report(outcome):
            article_id = outcome.article.pk if outcome.article else None
            if as_json:
                self.stdout.write(json.dumps({
                    "source": outcome.source,
                    "status": outcome.status,
                    "article_id": article_id,
                    "error": (outcome.reason or "rejected") if outcome.status == "rejected" else None,
                }, ensure_ascii=False))
            elif outcome.status == "rejected":
                self.stderr.write(f"rejected  {outcome.source}: {outcome.reason}")
            elif verbosity >= 2:
                detail = f"#{article_id} {outcome.article.title[:70]}" if outcome.article else ""
                self.stdout.write(f"{outcome.status:<9} {outcome.source} {detail}")

        try:
            batch = import_inputs(
                collect_paths(options["paths"]), options=import_options,
                origin=ImportBatch.Origin.COMMAND, on_outcome=report,
            )
        except DatabaseUnavailable as stopped:
            raise CommandError(
                f"the import stopped: {stopped.reason}. Every file reported above is stored; "
                "run the same command again to resume.", returncode=3,
            ) from stopped
        counts = batch_counts(batch)
        if not as_json and verbosity >= 1:
            self.stdout.write(
                f"Import #{batch.pk}: {counts['imported']} imported, {counts['duplicate']} duplicate, "
                f"{counts['rejected']} rejected."
            )
        if counts["rejected"]:
            raise CommandError(f"{counts['rejected']} file(s) rejected", returncode=1)

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
