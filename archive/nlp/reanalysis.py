"""Re-running analysis on stored articles, after the extractors improve.

One service for ``manage.py reanalyze`` and the admin's "Re-run analysis" action,
so both redo the same steps: language (on request), cited outlets, people,
events and stories. Each article is its own transaction: a failure spoils no other.

A better recognizer also shows which old records were one person split in two
(a wrong nominative made «Стівен Баркля» next to «Стівен Барклі»): a discovered
person who is named nowhere after the run, and whose words in every article it
was mentioned in now belong to one and the same person, is merged into that
person; when its words went to different people, each gets a merge suggestion.
Records split by spelling rather than by a changed reading (a stored «Доминик Рааба»
next to «Доминик Рааб», «Шайлеш Вара» next to «Шейлеш Вара») keep their mentions, so
after the run each discovered person mentioned in the re-analysed articles is looked up
by its names as linking would look up a new one (:func:`archive.nlp.linking.find_person`);
a strong match is the same person, and the record mentioned less is merged into it.
A record met only in English text and one met in Cyrillic are found the same way
(archive/nlp/cross_script.py); the merged person keeps the English spelling as its name.
Curated and hidden people are never merged by analysis (a discovered record may be
merged into a curated person).
"""
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction

from archive.curation import merge_people
from archive.ingest.datelines import place_of_body
from archive.models import Article, CurationLog, Mention, MergeSuggestion, Person, PersonName
from archive.nlp.language import detect_language
from archive.nlp.outlets import database_names, find_outlets, resolve_outlet
from archive.nlp import cross_script
from archive.nlp.linking import adopt_english_spelling, find_person, resolve, suggest_merge
from archive.nlp.pipeline import analysis_run, analyze_article
from archive.nlp.recognize import Found

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
    mentioned: set[int] = set()
    with analysis_run():  # curated names and events read once for the whole run
        for article in articles:
            try:
                with transaction.atomic():
                    if redetect_language and _redetect_language(article):
                        result.language_changed += 1
                    _relink_cited_outlets(article)
                    _fill_place(article)
                    before = _surfaces(article)
                    analyze_article(article)
                    after = _surfaces(article)
                    _note_moves(before, after, moved)
                    mentioned.update(after)
                result.done += 1
            except Exception as error:  # reported to the caller, who names the article
                logger.exception("Re-analysis of article #%s failed", article.pk)
                result.failures.append((article.pk, str(error)))
            if on_article is not None:
                on_article(article)
    _merge_split_people(moved, result)
    _merge_spelling_variants(mentioned, result)
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
            target = people.pop()
            if not _kept_apart(old, target):
                merge_people(target, old, acting_user=None)
                result.merged += 1
        else:
            for other in sorted(people, key=lambda p: p.pk):
                suggest_merge(old, other, f"re-analysis moved the words of {old} to {other}")
                result.suggested += 1


def _merge_spelling_variants(person_ids: set[int], result: ReanalysisResult) -> None:
    """Merge discovered records that linking now knows are one person (see the module docstring)."""
    for person_id in sorted(person_ids):
        person = Person.objects.filter(pk=person_id, origin=Person.Origin.DISCOVERED, hidden=False,
                                       merged_into__isnull=True).first()
        if person is None:
            continue  # curated, hidden, or merged earlier in this pass
        for name in person.names.exclude(kind=PersonName.Kind.INFLECTED).exclude(script="Latn").order_by("id"):
            first, _, last = name.name.rpartition(" ")
            if not first:
                continue
            other, _weak = find_person(Found(name.name, 0, first.split()[0], last), exclude=person)
            if other is None or other.hidden or other.pk == person.pk or _kept_apart(person, other):
                continue
            keep, gone = _survivor(person, other)
            english = _english_spelling(person, other)
            with transaction.atomic():
                merge_people(keep, gone, acting_user=None)
                if english:
                    adopt_english_spelling(keep, english, cross_script.ENGLISH)
            result.merged += 1
            break


def _english_spelling(a: Person, b: Person) -> str | None:
    """The name of the one of two records met only in Latin text (an English article's
    spelling, "Jeremy Hunt"), which the merged person takes if it is shown by a
    transliteration ("Dzheremi Khant")."""
    for person in (a, b):
        if not person.names.filter(script="Cyrl").exists() and cross_script.is_latin(person.name):
            return person.name
    return None


def _kept_apart(a: Person, b: Person) -> bool:
    """Did an editor decide these two are different people (a rejected merge, a split between them)?"""
    pair = {a.pk, b.pk}
    rejected = MergeSuggestion.objects.filter(person_id__in=pair, other_id__in=pair,
                                              status=MergeSuggestion.Status.REJECTED).exists()
    return rejected or CurationLog.objects.filter(action=CurationLog.Action.SPLIT, details__old__in=pair,
                                                  details__new__in=pair).exists()


def _survivor(a: Person, b: Person) -> tuple[Person, Person]:
    """(kept, merged away): a curated person is kept; else the one in more articles, else the older."""
    if (a.origin == Person.Origin.CURATED) != (b.origin == Person.Origin.CURATED):
        return (a, b) if a.origin == Person.Origin.CURATED else (b, a)
    count_a, count_b = (Mention.objects.filter(person=p).count() for p in (a, b))
    return (a, b) if (count_a, -a.pk) >= (count_b, -b.pk) else (b, a)


def _redetect_language(article: Article) -> bool:
    found = detect_language("\n".join((article.title, article.lead, article.body)))
    if not found or found == article.language:
        return False
    # Saved through the model, not .update(): the pre_save signal re-lemmatizes the text in the
    # new language, and the search index follows the lemma columns.
    article.language = found
    article.save(update_fields=["language", "title_lemmas", "body_lemmas"])
    return True


def _fill_place(article: Article) -> None:
    """A blank place from the body's dateline (articles stored before the loader kept it)."""
    if not article.place:
        article.place = place_of_body(article.body)
        if article.place:
            Article.objects.filter(pk=article.pk).update(place=article.place)


def _relink_cited_outlets(article: Article) -> None:
    """Add the known outlets the text cites (never creating outlets, never removing editors' links)."""
    text = "\n".join((article.title, article.lead, article.body))
    cited = {resolve_outlet(match.name) for match in find_outlets(text, database_names())}
    cited.discard(None)
    cited.discard(article.outlet)
    if cited:
        article.cited_outlets.add(*cited)
