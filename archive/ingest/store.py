"""One input file -> checked, parsed and (for imports) stored with its ImportRecord.

Storing is one transaction per file: the article, its cited outlets, its
analysis and its import record commit together or not at all. Duplicates are
found by the content hash (SHA-256 of the normalized text), first by a lookup
and then, for two imports racing each other, by the unique constraint itself:
the insert runs in a savepoint, and an IntegrityError there means the other
import won, so this file is reported as its duplicate.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from archive.ingest.decode import DecodeError, content_hash
from archive.ingest.formats.readers import apply_stated_fields, read_input
from archive.ingest.formats.records import InputRow
from archive.ingest.options import ImportOptions
from archive.ingest.parse import ParseError, ParsedArticle, parse_article
from archive.ingest.retry import (
    DatabaseUnavailable, is_database_error, is_lock_error, unavailable_reason, with_lock_retries,
)
from archive.ingest.sources import InputFile, Rejected, human_size, too_large_reason
from archive.ingest.urls import outlet_of_url
from archive.models import Article, ImportRecord, Outlet, OutletName
from archive.nlp import outlets as outlet_names
from archive.nlp.runcache import RunCache

if TYPE_CHECKING:
    from archive.models import ImportBatch

logger = logging.getLogger(__name__)


@dataclass
class FileOutcome:
    """What the loader made of one input.

    status: "new" (preview only: would be imported), "imported", "duplicate", "rejected".
    """

    source: str
    status: str
    article: Article | None = None
    parsed: ParsedArticle | None = None
    reason: str = ""
    encoding: str = ""
    content_hash: str = ""
    duplicate_of: Article | None = None
    size: int = 0


def database_outlet_groups() -> list[list[str]]:
    """The names of every outlet in the database, display name first."""
    return _load_outlet_groups()[0]


def _load_outlet_groups() -> tuple[list[list[str]], set[int]]:
    groups: dict[int, list[str]] = {}
    for outlet in Outlet.objects.only("id", "name", "domain"):
        groups[outlet.id] = [outlet.name] + ([outlet.domain] if outlet.domain else [])
    for outlet_id, name in OutletName.objects.values_list("outlet_id", "name"):
        groups.setdefault(outlet_id, []).append(name)
    return list(groups.values()), set(groups)


# The outlet names of the run in progress (groups and outlet ids): reading them
# is two queries and hundreds of rows, too much for every file of a batch. The
# only outlets a batch adds are the ones its own files create, and those make
# the next file reload (see note_outlets); other changes wait for the next run.
_cache = RunCache("outlet_groups_run")


def outlet_groups_run():
    """Read the outlet names once for every file handled inside the block."""
    return _cache.run()


def _outlet_groups() -> list[list[str]]:
    return _cache.get("groups", _load_outlet_groups)[0]


def note_outlets(outlets) -> None:
    """An outlet the run's names do not know (just created) means: reload them for the next file."""
    loaded = _cache.peek("groups")
    if loaded and any(o is not None and o.pk not in loaded[1] for o in outlets):
        _cache.clear()


def forget_run_data() -> None:
    """A file's transaction was rolled back: names and outlets it added are gone, reload them."""
    from archive.nlp.gazetteer import clear_cache

    clear_cache()
    _cache.clear()


def prepare(
    item: InputFile | InputRow | Rejected, *, options: ImportOptions, outlet_groups: list[list[str]] | None = None
) -> FileOutcome:
    """Decode and parse, no writes; the outcome is "new" or "rejected".

    ``outlet_groups``: the known outlet names (``database_outlet_groups``), when the
    caller read them already (a worker process reads them once); else the run's.
    """
    if isinstance(item, Rejected):
        return FileOutcome(item.name, "rejected", reason=item.reason)
    size = item.size if isinstance(item, InputRow) else len(item.data)
    outcome = FileOutcome(item.name, "new", size=size)
    if size > settings.ARCHIVE_MAX_FILE_BYTES:
        outcome.status, outcome.reason = "rejected", too_large_reason(human_size(size))
        return outcome
    try:
        decoded = read_input(item)
    except (DecodeError, ParseError, ValueError) as error:
        outcome.status, outcome.reason = "rejected", str(error)
        return outcome
    outcome.encoding = decoded.encoding
    outcome.content_hash = content_hash(decoded.text)
    try:
        parsed = parse_article(
            decoded.text,
            default_year=options.default_year,
            default_date=options.default_date,
            today=timezone.localdate(),
            outlet_groups=_outlet_groups() if outlet_groups is None else outlet_groups,
        )
    except ParseError as error:
        outcome.status, outcome.reason = "rejected", str(error)
        return outcome
    apply_stated_fields(parsed, decoded)
    if options.language:
        parsed.language = options.language
    if options.outlet is not None:
        parsed.publisher = options.outlet.name
    outcome.parsed = parsed
    return outcome


def check_input(item: InputFile | InputRow | Rejected, *, options: ImportOptions) -> FileOutcome:
    """The preview of one input: "new", "duplicate" or "rejected"; writes nothing."""
    outcome = prepare(item, options=options)
    if outcome.status == "new":
        existing = Article.objects.filter(content_hash=outcome.content_hash).first()
        if existing is not None:
            mark_duplicate(outcome, existing)
    return outcome


def store_input(
    item: InputFile | InputRow | Rejected, *, options: ImportOptions, batch: ImportBatch, position: int | None = None
) -> FileOutcome:
    """Import one input into ``batch``; never raises for a bad file.

    A locked database is waited out (archive.ingest.retry); one that cannot be
    used raises DatabaseUnavailable, which stops the batch: the file is not at fault.

    ``position``: the input's place in a job's batch (archive/jobs). A batch holds
    one record per position, so the file whose position another worker has just
    recorded raises IntegrityError with nothing of it stored.
    """
    return store_prepared(prepare(item, options=options), options=options, batch=batch, position=position)


def store_prepared(
    outcome: FileOutcome, *, options: ImportOptions, batch: ImportBatch, position: int | None = None
) -> FileOutcome:
    """:func:`store_input` for an input already decoded and parsed (:func:`prepare`)."""
    if outcome.status == "rejected":
        _record_now(batch, outcome, position=position)
        return outcome
    prepared = (outcome.status, outcome.reason)

    def attempt():
        outcome.status, outcome.reason = prepared
        outcome.article = outcome.duplicate_of = None
        with transaction.atomic():
            _store(outcome, options=options)
            _record(batch, outcome, position=position)

    try:
        with_lock_retries(attempt, on_retry=forget_run_data)
    except Exception as error:  # a bad file never stops the others
        forget_run_data()
        if is_database_error(error) and not is_lock_error(error):
            raise DatabaseUnavailable(unavailable_reason(error)) from error
        if position is not None and _position_taken(batch, position):
            raise IntegrityError(f"input {position} of batch #{batch.pk} is already recorded") from error
        logger.exception("Import of %s failed", outcome.source)
        outcome.status, outcome.article = "rejected", None
        if is_lock_error(error):
            outcome.reason = "the database is locked by another writer (waited and retried); import the file again"
        else:
            outcome.reason = f"the article could not be stored ({type(error).__name__}: {error})"
        _record_now(batch, outcome, position=position)
    return outcome


def _record_now(batch: ImportBatch, outcome: FileOutcome, *, position: int | None = None) -> None:
    """Record an outcome outside a file's transaction, waiting out locks; the database gone stops the batch."""
    try:
        with_lock_retries(lambda: _record(batch, outcome, position=position))
    except Exception as error:
        if is_database_error(error):
            reason = "the database is locked" if is_lock_error(error) else unavailable_reason(error)
            raise DatabaseUnavailable(f"{reason}; the record of {outcome.source} could not be written") from error
        raise


def _position_taken(batch: ImportBatch, position: int) -> bool:
    return ImportRecord.objects.filter(batch=batch, position=position).exists()


def _store(outcome: FileOutcome, *, options: ImportOptions) -> None:
    from archive.nlp.pipeline import analyze_article

    existing = Article.objects.filter(content_hash=outcome.content_hash).first()
    if existing is not None:
        mark_duplicate(outcome, existing)
        return
    parsed = outcome.parsed
    article = Article(
        title=parsed.title[:1000],
        lead=parsed.lead,
        body=parsed.body,
        published=parsed.published,
        date_inferred=parsed.date_inferred,
        language=parsed.language,
        outlet=options.outlet or publisher_outlet(parsed) or outlet_of_url(parsed.url),
        url=parsed.url,
        author=parsed.author[:300],
        place=parsed.place[:200],
        tags=parsed.tags,
        source_name=outcome.source[:500],
        content_hash=outcome.content_hash,
        original_text=parsed.text,
        encoding=outcome.encoding,
    )
    try:
        with transaction.atomic():  # savepoint: a lost race leaves the outer transaction usable
            article.save()
    except IntegrityError:
        existing = Article.objects.filter(content_hash=outcome.content_hash).first()
        if existing is None:
            raise
        mark_duplicate(outcome, existing)
        return
    cited = [cited_outlet(name, parsed) for name in parsed.cited_outlets]
    note_outlets([article.outlet, *cited])
    # add(), not set(): the article is new, there are no links to compare with.
    article.cited_outlets.add(*[o for o in cited if o is not None and o.pk != article.outlet_id])
    analyze_article(article, fresh=True)
    outcome.status, outcome.article = "imported", article


def publisher_outlet(parsed: ParsedArticle) -> Outlet | None:
    """The publishing outlet the text states; a name the archive does not know yet becomes a new outlet."""
    if not parsed.publisher:
        return None
    is_domain = "." in parsed.publisher and " " not in parsed.publisher
    return outlet_names.resolve_outlet(
        parsed.publisher, create=True, kind="online" if is_domain else "agency",
        domain=parsed.publisher if is_domain else "",
    )


def cited_outlet(name: str, parsed: ParsedArticle) -> Outlet | None:
    # Known outlets resolve by name; unknown ones were named with their kind
    # ("газета X", "телеканал «Y»") or in a "Источник:" line, so they are outlets for sure.
    return outlet_names.resolve_outlet(name, create=True, kind=parsed.new_cited_kinds.get(name, "other"))


def mark_duplicate(outcome: FileOutcome, existing: Article) -> None:
    outcome.status = "duplicate"
    outcome.duplicate_of = existing
    outcome.article = existing
    outcome.reason = f"the same text is already in the archive as article #{existing.pk} «{existing.title[:80]}»"


def _record(batch: ImportBatch, outcome: FileOutcome, *, position: int | None = None) -> None:
    ImportRecord.objects.create(
        batch=batch,
        position=position,
        source_name=outcome.source[:1000],
        content_hash=outcome.content_hash,
        encoding=outcome.encoding,
        size=outcome.size,
        status=outcome.status,
        article=outcome.article,
        reason=outcome.reason,
    )
