"""Re-analyze every article and rebuild the full-text index (after analyzer changes)."""
from django.core.management.base import BaseCommand

from archive.search.indexing import reanalyze_all


class Command(BaseCommand):
    help = "Recompute every article's lemmas with the current analyzer and rebuild the search index."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="Articles per transaction")

    def handle(self, *args, batch_size, **options):
        def progress(done, total):
            if options["verbosity"] >= 2:
                self.stdout.write(f"{done}/{total}")

        changed, total = reanalyze_all(batch_size=batch_size, progress=progress)
        if options["verbosity"] >= 1:
            self.stdout.write(self.style.SUCCESS(
                f"Re-analyzed {total} articles ({changed} changed); search index rebuilt."
            ))
