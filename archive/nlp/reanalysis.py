"""Re-running analysis on stored articles, after the extractors improve.

One service for ``manage.py reanalyze`` and the admin's "Re-run analysis" action,
so both redo the same steps: language (on request), cited outlets, people,
events and stories. Each article is its own transaction: a failure spoils no other.
"""
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction

from archive.models import Article
from archive.nlp.language import detect_language
from archive.nlp.outlets import database_names, find_outlets, resolve_outlet
from archive.nlp.pipeline import analysis_run, analyze_article

logger = logging.getLogger(__name__)


@dataclass
class ReanalysisResult:
    """What a re-analysis run did."""

    done: int = 0
    language_changed: int = 0
    failures: list[tuple[int, str]] = field(default_factory=list)


def reanalyze_articles(
    articles: Iterable[Article],
    *,
    redetect_language: bool,
    on_article: Callable[[Article], None] | None = None,
) -> ReanalysisResult:
    """Re-run analysis on ``articles``; idempotent, and editors' curation is kept.

    ``redetect_language`` is off for the command by default: a stored language
    may be an editor's correction.
    """
    result = ReanalysisResult()
    with analysis_run():  # curated names and events read once for the whole run
        for article in articles:
            try:
                with transaction.atomic():
                    if redetect_language and _redetect_language(article):
                        result.language_changed += 1
                    _relink_cited_outlets(article)
                    analyze_article(article)
                result.done += 1
            except Exception as error:  # reported to the caller, who names the article
                logger.exception("Re-analysis of article #%s failed", article.pk)
                result.failures.append((article.pk, str(error)))
            if on_article is not None:
                on_article(article)
    return result


def _redetect_language(article: Article) -> bool:
    found = detect_language("\n".join((article.title, article.lead, article.body)))
    if not found or found == article.language:
        return False
    # Saved through the model, not .update(): the pre_save signal re-lemmatizes the text in the
    # new language, and the search index follows the lemma columns.
    article.language = found
    article.save(update_fields=["language", "title_lemmas", "body_lemmas"])
    return True


def _relink_cited_outlets(article: Article) -> None:
    """Add the known outlets the text cites (never creating outlets, never removing editors' links)."""
    text = "\n".join((article.title, article.lead, article.body))
    cited = {resolve_outlet(match.name) for match in find_outlets(text, database_names())}
    cited.discard(None)
    cited.discard(article.outlet)
    if cited:
        article.cited_outlets.add(*cited)
