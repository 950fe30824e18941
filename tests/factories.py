"""One way to make the archive's rows in tests: articles, people with their names, events,
outlets and import batches.

Plain functions with keyword defaults, not factory_boy: every row here needs one or two
fields a test cares about and a unique key it does not (an article's ``content_hash``, a
slug), and the lemmas and the search index are filled by the model's own ``pre_save``
signal and the database triggers, exactly as for the loader. A declarative factory
library would add sequences and lazy attributes to say the same thing less directly.

Each function saves through the ORM (``Model.save()`` or ``objects.create``), so the
signals, the triggers and ``PersonName.save()`` (which derives the cross-script key) run
as they do for an editor or the loader; :func:`bulk_create_articles` is the one exception,
for tests of the bulk path and for the few that need thousands of rows.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from archive.models import (
    Article, Event, EventArticle, ImportBatch, Mention, Outlet, Person, PersonName,
)
from archive.search.signals import article_lemmas

#: The day an article is published unless the test says otherwise (``published=None``
#: makes an undated one): an ordinary weekday, away from the month and year edges.
DEFAULT_DAY = date(2026, 2, 10)


def article_hash(*parts: object) -> str:
    """A 64-hex ``content_hash`` for a test article, derived from what makes it distinct.

    Tests that need the loader's own hash of a text use ``archive.ingest.decode.content_hash``.
    """
    return hashlib.sha256("\x1f".join(str(part) for part in parts).encode("utf-8")).hexdigest()


def build_article(
    title: str = "Городской совет собрался",
    body: str = "Депутаты городского совета обсудили бюджет.",
    language: str = "ru",
    published: date | None = DEFAULT_DAY,
    **fields,
) -> Article:
    """An unsaved Article; ``original_text`` and a unique ``content_hash`` filled in.

    Two articles differing in title, lead, body, language, date, outlet or original text get
    different hashes, so a test can store the same text twice under two dates. Any model
    field may be given (``outlet=``, ``lead=``, ``story=``, ``author=``, ``tags=`` ...).
    """
    lead = fields.get("lead", "")
    fields.setdefault("original_text", "\n\n".join(part for part in (title, lead, body) if part))
    outlet = fields.get("outlet")
    fields.setdefault("content_hash", article_hash(
        title, lead, body, language, published, outlet.slug if outlet else "", fields["original_text"]))
    return Article(title=title, body=body, language=language, published=published, **fields)


def make_article(
    title: str = "Городской совет собрался",
    body: str = "Депутаты городского совета обсудили бюджет.",
    language: str = "ru",
    published: date | None = DEFAULT_DAY,
    **fields,
) -> Article:
    """A stored Article (see :func:`build_article`); ``save()`` fills the lemmas and the index."""
    article = build_article(title, body, language, published, **fields)
    article.save()
    return article


def bulk_create_articles(articles: Iterable[Article]) -> list[Article]:
    """Store built articles with one ``bulk_create``, as a bulk loader would.

    ``bulk_create`` sends no ``pre_save``, so the analyzer's lemmas are computed here for
    the articles that do not carry their own (the index triggers read those columns).
    """
    rows = list(articles)
    for row in rows:
        if not (row.title_lemmas or row.body_lemmas):
            row.title_lemmas, row.body_lemmas = article_lemmas(
                title=row.title, lead=row.lead, body=row.body, language=row.language)
    return Article.objects.bulk_create(rows)


def make_outlet(name: str, slug: str, *, language: str = "", **fields) -> Outlet:
    """A stored Outlet (``kind=``, ``domain=`` ... as keywords)."""
    return Outlet.objects.create(name=name, slug=slug, language=language, **fields)


def make_person(
    name: str,
    slug: str,
    names: Mapping[str, Sequence[str]] | None = None,
    *,
    kind: str = PersonName.Kind.CANONICAL,
    **fields,
) -> Person:
    """A stored Person with name forms: ``names={"ru": ["Иван Петренко"], "en": [...]}``.

    Each form is saved through ``PersonName.save()``, which derives the cross-script key.
    Other Person fields (``origin=``, ``hidden=``, ``merged_into=`` ...) as keywords.
    """
    person = Person.objects.create(name=name, slug=slug, **fields)
    for language, forms in (names or {}).items():
        for form in forms:
            PersonName.objects.create(person=person, name=form, language=language, kind=kind)
    return person


def mention(article: Article, person: Person, *forms: str, count: int | None = None) -> Mention:
    """Record that ``article`` mentions ``person`` with these surface forms (first one found sets the position)."""
    position = min((article.body.find(form) for form in forms if form in article.body), default=0)
    return Mention.objects.create(
        article=article, person=person, surface_forms=list(forms), count=count or len(forms) or 1,
        first_position=position,
    )


def make_event(
    slug: str,
    name_en: str,
    *,
    articles: Iterable[Article] = (),
    source: str = EventArticle.Source.AUTO,
    **fields,
) -> Event:
    """A stored Event, linked to ``articles`` (with link ``source``); other fields as keywords."""
    event = Event.objects.create(slug=slug, name_en=name_en, **fields)
    for article in articles:
        EventArticle.objects.create(event=event, article=article, source=source)
    return event


def make_batch(*, origin: str = ImportBatch.Origin.ADMIN, user=None, **fields) -> ImportBatch:
    """A stored ImportBatch, running, as an upload or a command starts one."""
    return ImportBatch.objects.create(origin=origin, user=user, **fields)
