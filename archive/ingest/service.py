"""The loader's public entry points: preview and import of input files.

Everything that brings articles in (``manage.py import_articles``, the admin
upload, the demo data) goes through these functions, so every file is decoded,
parsed, checked and stored the same way:

    inputs = collect_paths(["fixtures/seeds"])            # or expand_upload(name, data)
    batch = import_inputs(inputs, options=ImportOptions(), origin=ImportBatch.Origin.COMMAND)

``preview`` runs the same steps without writing anything, for the admin's
"check what the loader made of it" screen.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from archive.ingest.batches import finish_batch, interruption_reason, start_batch
from archive.ingest.retry import DatabaseUnavailable
from archive.ingest.sources import InputFile, Rejected, collect_paths, expand_upload
from archive.ingest.store import FileOutcome, check_input, outlet_groups_run, store_input
from archive.models import ImportBatch, Outlet

__all__ = [
    "FileOutcome",
    "ImportOptions",
    "InputFile",
    "DatabaseUnavailable",
    "Rejected",
    "collect_paths",
    "expand_upload",
    "import_inputs",
    "preview",
]


@dataclass(frozen=True)
class ImportOptions:
    """What the person importing tells the loader about the files.

    outlet        the publishing outlet of every file (overrides what the text says)
    language      ISO 639-1 code of every file (overrides detection)
    default_date  the date of files whose text gives none
    default_year  the year of datelines without one ("ПАРИЖ, 6 января.") when the
                  text mentions no full date to infer it from
    """

    outlet: Outlet | None = None
    language: str | None = None
    default_date: date | None = None
    default_year: int | None = None

    def as_json(self) -> dict:
        """The options as stored on ImportBatch.options."""
        return {
            "outlet": self.outlet.slug if self.outlet else None,
            "language": self.language,
            "default_date": self.default_date.isoformat() if self.default_date else None,
            "default_year": self.default_year,
        }


def preview(inputs: Iterable[InputFile | Rejected], *, options: ImportOptions) -> list[FileOutcome]:
    """What importing ``inputs`` would do, file by file; writes nothing.

    Each outcome has status "new" (would be imported), "duplicate" (an article with
    the same normalized text exists, or an earlier input of this call has it) or
    "rejected" (with the reason).
    """
    outcomes: list[FileOutcome] = []
    seen: dict[str, str] = {}
    with outlet_groups_run():  # the known outlet names, read once for all inputs
        for item in inputs:
            outcome = check_input(item, options=options)
            if outcome.status == "new" and outcome.content_hash in seen:
                outcome.status = "duplicate"
                outcome.reason = f"same text as {seen[outcome.content_hash]} in this upload"
            if outcome.status == "new":
                seen[outcome.content_hash] = outcome.source
            outcomes.append(outcome)
    return outcomes


def import_inputs(
    inputs: Iterable[InputFile | Rejected],
    *,
    options: ImportOptions,
    origin: str,
    user=None,
    batch: ImportBatch | None = None,
    on_outcome: Callable[[FileOutcome], None] | None = None,
) -> ImportBatch:
    """Import every input and record what happened to it in one ImportBatch.

    One transaction per file: an article, its cited outlets, its analysis
    (archive.nlp.pipeline.analyze_article) and its ImportRecord are committed
    together or not at all, and a bad file never stops the others. Inputs are
    consumed lazily, so a folder of thousands of files is read one file at a time.

    ``batch``: an existing batch to add records to (e.g. created by the admin
    before the upload is processed); otherwise a new one is created.
    ``on_outcome``: called after each file (the command line prints progress).
    """
    if batch is None:
        batch = start_batch(origin=origin, user=user, options=options.as_json())
    from archive.nlp.pipeline import analysis_run

    error_text = ""
    try:
        # Reference data (outlet names, curated people's names, events) is read
        # once per batch, not per file: editors' changes made meanwhile count
        # from the next batch on.
        with outlet_groups_run(), analysis_run():
            for item in inputs:
                outcome = store_input(item, options=options, batch=batch)
                if on_outcome is not None:
                    on_outcome(outcome)
    except BaseException as error:
        error_text = interruption_reason(error)
        finish_batch(batch, error=error_text, database_failed=isinstance(error, DatabaseUnavailable))
        raise
    finish_batch(batch)
    return batch
