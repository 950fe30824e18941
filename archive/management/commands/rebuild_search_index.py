"""Re-analyze every article and rebuild the full-text index (after analyzer changes), and the
search engine's index when the engine is on (``SEARCH_ENGINE=tantivy``)."""
from django.core.management.base import BaseCommand

from archive.search import engine
from archive.search.indexing import reanalyze_all


class Command(BaseCommand):
    help = ("Recompute every article's lemmas with the current analyzer and rebuild the search index "
            "(and the search engine's index, with SEARCH_ENGINE=tantivy).")

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="Articles per transaction")
        parser.add_argument("--engine-only", action="store_true",
                            help="Only rebuild the search engine's index (the lemmas are left as they are)")

    def handle(self, *args, batch_size, engine_only, **options):
        verbosity = options["verbosity"]

        def progress(done, total):
            if verbosity >= 2:
                self.stdout.write(f"{done}/{total}")

        if not engine_only:
            changed, total = reanalyze_all(batch_size=batch_size, progress=progress)
            if verbosity >= 1:
                self.stdout.write(self.style.SUCCESS(
                    f"Re-analyzed {total} articles ({changed} changed); search index rebuilt."
                ))
        if engine.enabled():
            from archive.search.engine import store

            def engine_progress(done, total):
                if verbosity >= 1:
                    self.stdout.write(f"search engine: {done}/{total} articles")

            total = store.rebuild(batch_size=max(batch_size, 1), progress=engine_progress)
            if verbosity >= 1:
                self.stdout.write(self.style.SUCCESS(f"Search engine index rebuilt: {total} articles in {store.index_path()}."))
        elif engine_only:
            self.stderr.write("SEARCH_ENGINE is not tantivy: there is no engine index to rebuild.")
