"""Analysis of a stored article: people, events and story clusters.

The loader calls :func:`analyze_article` inside the transaction that stores the
article; ``manage.py reanalyze`` calls it again after the extractors improve.
Re-running is idempotent: mentions and automatic event links are rebuilt,
while editors' decisions (merges, hidden people, attached or detached events)
live in rows analysis never deletes.

A run over many articles (an import batch, ``reanalyze``) wraps them in
:func:`analysis_run`, so the reference data analysis only reads (the known-name
index, the events) is loaded once per run instead of once per article.
"""
from contextlib import contextmanager

from django.db import transaction

from archive.models import Article, Mention, Person, PersonName

from .events import events_run, link_events
from .gazetteer import gazetteer_run, load_gazetteer
from .linking import known_people, link, lone_people
from .recognize import Found, find_people
from .stories import assign_story


def article_text(title: str, lead: str, body: str) -> str:
    """The text recognition reads: title, lead and body, one paragraph each."""
    return "\n\n".join(part for part in (title, lead, body) if part)


@contextmanager
def analysis_run():
    """Load the curated names and the events once for all articles analysed in the block.

    Editors' changes made elsewhere meanwhile are seen by the next run; names
    the run itself adds to curated people are seen by its next article.
    """
    with gazetteer_run(), events_run():
        yield


def group_mentions(found: list[Found]) -> list[list[Found]]:
    """Mentions grouped by person identity, in order of first appearance."""
    groups: dict = {}
    for f in found:
        groups.setdefault(f.identity, []).append(f)
    return list(groups.values())


def preview_people(*, title: str, body: str, language: str) -> list[str]:
    """Names of the people in a text, in the nominative, without writing anything."""
    found = find_people(article_text(title, "", body), language, load_gazetteer())
    names = []
    # Lone surnames and Latin names the archive may not know are decided by the stored people
    # at import (linking): the preview shows only the names recognition is sure of.
    for group in group_mentions([f for f in found if not (f.unresolved or f.known_only)]):
        full = next((f for f in group if not f.surname_only), group[0])
        if full.name and full.name not in names:
            names.append(full.name)
    return names


def store_forms(forms: set, language: str) -> None:
    """Store every (person id, surface form) seen as an inflected name, in one query each way.

    ``bulk_create`` skips ``PersonName.save()``, so the key and script are set here.
    """
    if not forms:
        return
    have = set(PersonName.objects.filter(person_id__in={pid for pid, _ in forms}, language=language,
                                         name__in={name for _, name in forms})
               .values_list("person_id", "name"))
    PersonName.objects.bulk_create(
        [PersonName.derived(person_id=pid, name=name, language=language, kind=PersonName.Kind.INFLECTED)
         for pid, name in sorted(forms - have)],
        ignore_conflicts=True,
    )


@transaction.atomic(savepoint=False)  # no partial rollback is ever wanted: spare the savepoint
def analyze_people(article: Article, *, fresh: bool = False) -> list:
    """Recognize, link and store the article's mentions; returns the people who are not hidden.

    A hidden person's mentions are stored too (pages and search leave them out),
    so showing the person again brings the articles back; events and stories
    see only the visible people.

    ``fresh``: the article was created in this transaction and has no mentions yet.
    """
    language = article.language or "ru"
    text = article_text(article.title, article.lead, article.body)
    found = find_people(text, language, load_gazetteer())
    groups = group_mentions(found)
    fulls = [next((f for f in group if not f.surname_only), group[0]) for group in groups]
    known = known_people(fulls)
    lone = lone_people([f for f in fulls if f.unresolved], article.published)
    mentions, people, forms = {}, [], set()
    for group, full in zip(groups, fulls):
        # a lone surname may name no one, one person, or a family («Скрипалей»: Sergei and Yulia)
        named = lone.get(full.start, []) if full.unresolved else [link(full, language, known=known)]
        for person in filter(None, named):
            forms.update((person.pk, f.surface[:200]) for f in group)
            if collect_mention(mentions, person.pk, article, person, group) and not person.hidden:
                people.append(person)
    store_forms(forms, language)
    if not fresh:
        Mention.objects.filter(article=article).delete()
    Mention.objects.bulk_create(mentions.values())
    if not fresh:  # bulk_create sends no post_save: the search engine (when on) re-reads the mentions
        from archive.search.engine.sync import articles_changed

        articles_changed([article.pk])
    return people


def collect_mention(mentions: dict, key, article: Article, person: Person, group: list[Found]) -> bool:
    """Count ``group``, one person's mentions in ``article``, into ``mentions[key]``; True when
    the person was not there yet (two groups may link to one person: a merged duplicate)."""
    surfaces = [f.surface for f in group]
    mention = mentions.get(key)
    if mention is None:
        mentions[key] = Mention(article=article, person=person, count=len(group), first_position=group[0].start,
                                surface_forms=list(dict.fromkeys(surfaces)))
        return True
    mention.count += len(group)
    mention.first_position = min(mention.first_position, group[0].start)
    mention.surface_forms = list(dict.fromkeys(mention.surface_forms + surfaces))
    return False


def analyze_article(article: Article, *, fresh: bool = False) -> None:
    """Recognize and link the people and events ``article`` mentions (idempotent).

    ``fresh``: the loader just created ``article`` in the current transaction,
    so there are no mentions, event links or story to clear first.
    """
    with transaction.atomic():
        people = analyze_people(article, fresh=fresh)
        events = link_events(article, people, fresh=fresh)
        assign_story(article, events, people, fresh=fresh)
