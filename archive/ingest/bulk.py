"""The bulk import path: analysis without the database, writes in batches.

Importing a file has two halves. :func:`analyze_input` is the pure one: decode,
parse, the search analyzer's lemma columns and person recognition, reading only
reference data loaded beforehand (the outlet names, the curated people's name
index); it runs in worker processes (archive/jobs/processes.py) or inline, and
its result (:class:`Analyzed`) is plain picklable data. :class:`BatchWriter` is
the other: it gathers analyzed inputs and writes them a batch at a time in one
transaction: the duplicates of the batch found with one query, the articles,
their cited outlets, people (archive.nlp.batch_linking), mentions and import
records with one bulk insert each, then events and story clusters, which read
the mentions just written.

The per-file guarantee holds in meaning: a batch commits whole or not at all, so
a file's article, mentions and record appear together or not at all. If a batch
fails (another import stored the same text or recorded the same position
meanwhile, a value the database refuses), it is rolled back and its files are
stored one by one by ``store.store_prepared``, so one bad file still never takes
the others down, and a lost race is reported exactly as the per-file path does.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from archive.ingest.formats.records import InputRow
from archive.ingest.options import ImportOptions
from archive.ingest.retry import (
    DatabaseUnavailable, is_database_error, is_lock_error, unavailable_reason, with_lock_retries,
)
from archive.ingest.sources import InputFile, Rejected
from archive.ingest.store import (
    FileOutcome, cited_outlet, forget_run_data, mark_duplicate, note_outlets, outlet_of_url, prepare,
    publisher_outlet, store_prepared,
)
from archive.models import Article, ImportBatch, ImportRecord, Mention
from archive.nlp.recognize import Found
from archive.search.engine import sync as engine_sync
from archive.web import search_cache

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reference:
    """What analysis reads besides the file: loaded once per worker process, never per file."""

    outlet_groups: list[list[str]] | None = None  # None: the run's own (refreshed when a batch adds outlets)
    gazetteer: object | None = None  # archive.nlp.gazetteer.Gazetteer; None: the run's own


def load_reference(*, fixed_outlets: bool) -> Reference:
    """The reference data for :func:`analyze_input`.

    ``fixed_outlets``: for a worker process, the outlet names as they are now (outlets
    the import itself creates are known to the next run) and the curated names as
    they are now; inline, the run's own, which learn what earlier batches added.
    """
    from archive.ingest.store import database_outlet_groups
    from archive.nlp.gazetteer import load_gazetteer

    if not fixed_outlets:
        return Reference()
    return Reference(outlet_groups=database_outlet_groups(), gazetteer=load_gazetteer())


@dataclass
class Analyzed:
    """One input after :func:`analyze_input`: its outcome so far ("new" or "rejected") and analysis."""

    outcome: FileOutcome
    position: int | None = None
    lemmas: tuple[str, str] = ("", "")  # the search analyzer's title and body columns
    found: list[Found] = field(default_factory=list)  # recognized people
    event_words: list[str] = field(default_factory=list)  # the text's lemmas events are matched on


def analyze_input(
    item: InputFile | InputRow | Rejected, *, options: ImportOptions, reference: Reference, position: int | None = None
) -> Analyzed:
    """Decode, parse and analyze one input without touching the database."""
    from archive.nlp.events import lemmas
    from archive.nlp.gazetteer import load_gazetteer
    from archive.nlp.pipeline import article_text
    from archive.nlp.recognize import find_people
    from archive.search.signals import article_lemmas

    outcome = prepare(item, options=options, outlet_groups=reference.outlet_groups)
    analyzed = Analyzed(outcome=outcome, position=position)
    if outcome.status == "new":
        parsed = outcome.parsed
        analyzed.lemmas = article_lemmas(title=parsed.title[:1000], lead=parsed.lead, body=parsed.body,
                                         language=parsed.language)
        text = article_text(parsed.title[:1000], parsed.lead, parsed.body)
        analyzed.found = find_people(text, parsed.language or "ru", reference.gazetteer or load_gazetteer())
        analyzed.event_words = lemmas("\n".join((parsed.title[:1000], parsed.lead, parsed.body)), parsed.language)
    return analyzed


class BatchWriter:
    """Writes analyzed inputs into ``batch``, ``size`` at a time (see the module docstring).

    A batch is also written once its first input waited ``max_wait`` seconds, so a
    slow stream still shows progress. ``on_outcome`` is called for every input once
    it is stored (the command line prints, a job counts).
    """

    def __init__(self, *, batch: ImportBatch, options: ImportOptions, size: int = 100, max_wait: float = 1.0,
                 on_outcome: Callable[[FileOutcome], None] | None = None):
        self.batch, self.options, self.size, self.max_wait = batch, options, max(1, size), max_wait
        self.on_outcome = on_outcome
        self.pending: list[Analyzed] = []
        self._since = 0.0
        self._outlets: dict = {}  # resolve_outlet answers of this writer (dropped when a batch rolls back)

    def add(self, analyzed: Analyzed) -> bool:
        """Queue one input; writes the batch when it is full or old enough. Returns whether it wrote."""
        if not self.pending:
            self._since = time.monotonic()
        self.pending.append(analyzed)
        if len(self.pending) >= self.size or time.monotonic() - self._since >= self.max_wait:
            self.flush()
            return True
        return False

    def flush(self) -> list[FileOutcome]:
        """Write what is queued; returns the outcomes (inputs another worker recorded first are left out)."""
        pending, self.pending = sorted(self.pending, key=_order), []
        if not pending:
            return []
        prepared = [(a.outcome.status, a.outcome.reason) for a in pending]
        try:
            with_lock_retries(lambda: self._write(pending), on_retry=self._forget)
            outcomes = [a.outcome for a in pending]
        except Exception as error:
            self._forget()
            if is_database_error(error) and not is_lock_error(error):
                raise DatabaseUnavailable(unavailable_reason(error)) from error
            logger.info("Batch write failed (%s: %s); storing its %d files one by one",
                        type(error).__name__, error, len(pending))
            outcomes = self._one_by_one(pending, prepared)
        if self.on_outcome is not None:
            for outcome in outcomes:
                self.on_outcome(outcome)
        return outcomes

    def _forget(self) -> None:
        self._outlets.clear()
        forget_run_data()

    def _one_by_one(self, pending: list[Analyzed], prepared: list[tuple[str, str]]) -> list[FileOutcome]:
        outcomes = []
        for analyzed, (status, reason) in zip(pending, prepared):
            outcome = analyzed.outcome
            outcome.status, outcome.reason, outcome.article, outcome.duplicate_of = status, reason, None, None
            try:
                outcomes.append(store_prepared(outcome, options=self.options, batch=self.batch,
                                               position=analyzed.position))
            except IntegrityError:  # another worker recorded this position meanwhile
                continue
        return outcomes

    # -- one batch, one transaction ---------------------------------------------------------

    def _write(self, pending: list[Analyzed]) -> None:
        for analyzed in pending:  # a retried attempt starts from what analysis made
            outcome = analyzed.outcome
            if outcome.status != "rejected":
                outcome.status, outcome.reason, outcome.article, outcome.duplicate_of = "new", "", None, None
        with transaction.atomic():
            created = self._store_articles([a for a in pending if a.outcome.status == "new"])
            if created:
                self._analyze(created)
            ImportRecord.objects.bulk_create([_record(self.batch, a) for a in pending])

    def _store_articles(self, new: list[Analyzed]) -> list[Analyzed]:
        """Insert the articles whose text is neither in the archive nor earlier in the batch."""
        hashes = {a.outcome.content_hash for a in new}
        stored = {a.content_hash: a for a in Article.objects.filter(content_hash__in=hashes).only("id", "title", "content_hash")}
        first: dict[str, Analyzed] = {}
        created, later = [], []
        for analyzed in new:
            outcome = analyzed.outcome
            if outcome.content_hash in stored:
                mark_duplicate(outcome, stored[outcome.content_hash])
            elif outcome.content_hash in first:
                later.append(analyzed)
            else:
                first[outcome.content_hash] = analyzed
                outcome.article = self._article(analyzed)
                created.append(analyzed)
        Article.objects.bulk_create([a.outcome.article for a in created])
        for analyzed in later:
            mark_duplicate(analyzed.outcome, first[analyzed.outcome.content_hash].outcome.article)
        through, links, outlets = Article.cited_outlets.through, [], []
        for analyzed in created:
            article, parsed = analyzed.outcome.article, analyzed.outcome.parsed
            analyzed.outcome.status = "imported"
            cited = [self._outlet(("cited", name, parsed.new_cited_kinds.get(name)), lambda: cited_outlet(name, parsed))
                     for name in parsed.cited_outlets]
            outlets += [article.outlet, *cited]
            ids = dict.fromkeys(o.pk for o in cited if o is not None and o.pk != article.outlet_id)
            links += [through(article_id=article.pk, outlet_id=outlet_id) for outlet_id in ids]
        through.objects.bulk_create(links)
        note_outlets(outlets)
        return created

    def _article(self, analyzed: Analyzed) -> Article:
        outcome, parsed, options = analyzed.outcome, analyzed.outcome.parsed, self.options
        outlet = (options.outlet
                  or (self._outlet(("publisher", parsed.publisher), lambda: publisher_outlet(parsed))
                      if parsed.publisher else None)
                  or (self._outlet(("url", parsed.url), lambda: outlet_of_url(parsed.url)) if parsed.url else None))
        return Article(
            title=parsed.title[:1000], lead=parsed.lead, body=parsed.body, published=parsed.published,
            date_inferred=parsed.date_inferred, language=parsed.language, outlet=outlet, url=parsed.url,
            author=parsed.author[:300], place=parsed.place[:200], tags=parsed.tags, source_name=outcome.source[:500],
            content_hash=outcome.content_hash, original_text=parsed.text, encoding=outcome.encoding,
            title_lemmas=analyzed.lemmas[0], body_lemmas=analyzed.lemmas[1],
        )

    def _outlet(self, key: tuple, resolve: Callable):
        """An outlet by store's rules, asked once per writer for each name (and dropped on rollback)."""
        if key not in self._outlets:
            self._outlets[key] = resolve()
        return self._outlets[key]

    def _analyze(self, created: list[Analyzed]) -> None:
        """People, then events and stories, for the batch's new articles (``pipeline.analyze_article``)."""
        from archive.nlp.batch_linking import BatchLinker, person_key
        from archive.nlp.events import link_events
        from archive.nlp.pipeline import collect_mention, group_mentions
        from archive.nlp.stories import assign_story
        from archive.search import names

        linker = BatchLinker([a.found for a in created], {f.person_id for a in created for f in a.found if f.person_id})
        mentions: list[Mention] = []
        people_of: list[list] = []
        for analyzed in created:
            article = analyzed.outcome.article
            language = article.language or "ru"
            groups = group_mentions(analyzed.found)
            fulls = [next((f for f in group if not f.surname_only), group[0]) for group in groups]
            lone = linker.lone_people([f for f in fulls if f.unresolved], article.published)
            by_person, people = {}, []
            for group, full in zip(groups, fulls):
                # a lone surname may name no one, one person, or a family (see linking.lone_people)
                named = lone.get(full.start, []) if full.unresolved else [linker.link(full, language)]
                for person in filter(None, named):
                    linker.add_forms(person, [f.surface for f in group], language)
                    if collect_mention(by_person, person_key(person), article, person, group) and not person.hidden:
                        people.append(person)
            linker.record_article(by_person, article.published)
            mentions += by_person.values()
            people_of.append(people)
        linker.flush()
        for mention in mentions:  # people created by the flush have their ids now
            mention.person_id = mention.person.pk
        Mention.objects.bulk_create(mentions)
        names.invalidate()  # bulk inserts send no post_save: the search's name map must reload
        search_cache.archive_changed()  # nor do cached searches know of these articles
        for analyzed, people in zip(created, people_of):
            article = analyzed.outcome.article
            events = link_events(article, people, fresh=True, words=analyzed.event_words)
            assign_story(article, events, people, fresh=True)
        # Bulk inserts send no post_save: the search engine (when on) is told of the new articles.
        engine_sync.articles_changed([analyzed.outcome.article.pk for analyzed in created])


def _order(analyzed: Analyzed):
    return (analyzed.position is None, analyzed.position or 0)


def _record(batch: ImportBatch, analyzed: Analyzed) -> ImportRecord:
    outcome = analyzed.outcome
    return ImportRecord(
        batch=batch, position=analyzed.position, source_name=outcome.source[:1000],
        content_hash=outcome.content_hash, encoding=outcome.encoding, size=outcome.size,
        status=outcome.status, article=outcome.article, reason=outcome.reason,
    )
