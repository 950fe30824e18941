"""Relinking the articles a person's new or changed name concerns, when an editor gives it.

An editor who adds «Alexei Polishchuk» to a person expects the articles that write
that name (in any case form or script) to link to the person at once, not after a
reanalysis. The articles concerned are those the archive's own search finds for
the name's surname (word forms and other scripts included, as a reader's search
would) and those already mentioning the person; each is analysed again.
"""
from archive.models import Article, Person
from archive.nlp.gazetteer import clear_cache
from archive.nlp.pipeline import analysis_run, analyze_article
from archive.search import filter_articles, parse

#: The most articles one name edit relinks at once; more are left to ``manage.py reanalyze``.
RELINK_LIMIT = 500


def articles_naming(person: Person, names: list[str]) -> list[int]:
    """Ids of the articles that may write one of ``names`` or already mention ``person``."""
    ids = set(Article.objects.filter(mentions__person=person).values_list("pk", flat=True)[:RELINK_LIMIT])
    for name in names:
        words = name.split()
        if not words:
            continue
        # The surname as a quoted term: word forms and other scripts match, operators do not apply.
        query = '"' + words[-1].replace('"', "") + '"'
        ids.update(filter_articles(Article.objects.all(), parse(query))
                   .values_list("pk", flat=True)[:RELINK_LIMIT])
    return sorted(ids)[:RELINK_LIMIT]


def relink_articles(article_ids: list[int]) -> int:
    """Analyse the articles again with the current known names; returns how many."""
    clear_cache()
    done = 0
    with analysis_run():
        for article in Article.objects.filter(pk__in=article_ids).order_by("pk"):
            analyze_article(article)
            done += 1
    return done
