"""Re-running analysis on stored articles, after the extractors improve.

One service for ``manage.py reanalyze`` and the admin's "Re-run analysis" action,
so both redo the same steps: language (on request), cited outlets, people,
events and stories. Each article is its own transaction: a failure spoils no other.

A better recognizer also shows which old records were one person split in two
(a wrong nominative made «Стівен Баркля» next to «Стівен Барклі»): a discovered
person who is named nowhere after the run, and whose words in every article it
was mentioned in now belong to one and the same person, is merged into that
person; when its words went to different people, each gets a merge suggestion.
Curated and hidden people are never merged by analysis.
"""
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction

from archive.curation import merge_people
from archive.models import Article, Mention, Person
from archive.nlp.language import detect_language
from archive.nlp.outlets import database_names, find_outlets, resolve_outlet
from archive.nlp.linking import resolve, suggest_merge
from archive.nlp.pipeline import analysis_run, analyze_article

logger = logging.getLogger(__name__)


@dataclass
class ReanalysisResult:
    """What a re-analysis run did."""

    done: int = 0
    language_changed: int = 0
    merged: int = 0
    suggested: int = 0
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
    moved: dict[int, list[frozenset]] = {}
    with analysis_run():  # curated names and events read once for the whole run
        for article in articles:
            try:
                with transaction.atomic():
                    if redetect_language and _redetect_language(article):
                        result.language_changed += 1
                    _relink_cited_outlets(article)
                    before = _surfaces(article)
                    analyze_article(article)
                    _note_moves(before, _surfaces(article), moved)
                result.done += 1
            except Exception as error:  # reported to the caller, who names the article
                logger.exception("Re-analysis of article #%s failed", article.pk)
                result.failures.append((article.pk, str(error)))
            if on_article is not None:
                on_article(article)
    _merge_split_people(moved, result)
    return result


def _surfaces(article: Article) -> dict[int, set[str]]:
    return {pid: set(forms) for pid, forms in
            Mention.objects.filter(article=article).values_list("person_id", "surface_forms")}


def _note_moves(before: dict, after: dict, moved: dict) -> None:
    """For each person who lost their mention in an article: the people their words went to."""
    for old, words in before.items():
        if old in after:
            continue
        moved.setdefault(old, []).append(frozenset(new for new, new_words in after.items() if words & new_words))


def _merge_split_people(moved: dict, result: ReanalysisResult) -> None:

    for old_id, targets in sorted(moved.items()):
        old = Person.objects.filter(pk=old_id).first()
        if (old is None or old.origin == Person.Origin.CURATED or old.hidden or old.merged_into_id
                or Mention.objects.filter(person=old).exists()):
            continue  # an editor's person, or still named somewhere
        people = {resolve(p) for p in Person.objects.filter(pk__in=set().union(*targets))}
        people.discard(old)
        if len(people) == 1 and all(len(t) == 1 for t in targets):
            merge_people(people.pop(), old, acting_user=None)
            result.merged += 1
        else:
            for other in sorted(people, key=lambda p: p.pk):
                suggest_merge(old, other, f"re-analysis moved the words of {old} to {other}")
                result.suggested += 1


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
