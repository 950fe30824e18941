"""Re-run analysis (language, people, outlets, events, stories) on stored articles."""
from django.core.management.base import BaseCommand, CommandError

from archive.models import Article
from archive.nlp.reanalysis import reanalyze_articles


class Command(BaseCommand):
    help = "Re-run language, people, outlets and events analysis on stored articles (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="Article ids")
        parser.add_argument("--all", action="store_true", help="Every article")
        parser.add_argument("--language", action="store_true",
                            help="Also detect the language again (off by default: the stored one may be an editor's)")

    def handle(self, *args, ids, all, language, verbosity, **options):
        if not ids and not all:
            raise CommandError("Give article ids or --all.")
        articles = Article.objects.order_by("id")
        if ids:
            articles = articles.filter(pk__in=ids)
            missing = set(ids) - set(articles.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"No article with id {', '.join(map(str, sorted(missing)))}.")

        def progress(article):
            if verbosity >= 2:
                self.stdout.write(f"#{article.pk} {article.title[:70]}")

        result = reanalyze_articles(articles.iterator(chunk_size=200), redetect_language=language,
                                    on_article=progress)
        for pk, error in result.failures:
            self.stderr.write(f"#{pk}: {error}")
        if verbosity:
            self.stdout.write(self.style.SUCCESS(
                f"Reanalyzed {result.done} article(s); merged {result.merged} split record(s), "
                f"{result.suggested} merge suggestion(s)."))
        if result.failures:
            raise CommandError(f"Analysis failed for {len(result.failures)} article(s).")
