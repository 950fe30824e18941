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
from django.conf import settings

from archive.ingest.batches import finish_batch, interruption_reason, start_batch
from archive.ingest.bulk import BatchWriter, analyze_input, load_reference
from archive.ingest.retry import DatabaseUnavailable
from archive.ingest.sources import InputFile, Rejected, collect_paths, expand_upload
from archive.ingest.options import ImportOptions
from archive.ingest.store import FileOutcome, check_input, outlet_groups_run
from archive.models import ImportBatch

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

    Files are analyzed one at a time and written ``ARCHIVE_IMPORT_WRITE_BATCH`` at a
    time (archive.ingest.bulk): an article, its cited outlets, its analysis and its
    ImportRecord are committed together or not at all, and a bad file never stops
    the others. Inputs are consumed lazily, so memory does not grow with their number.

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
            reference = load_reference(fixed_outlets=False)
            writer = BatchWriter(batch=batch, options=options, on_outcome=on_outcome,
                                 size=settings.ARCHIVE_IMPORT_WRITE_BATCH)
            try:
                for item in inputs:
                    writer.add(analyze_input(item, options=options, reference=reference))
            except DatabaseUnavailable:
                raise  # nothing more can be written
            except BaseException:
                # Reading the inputs stopped (an error, Ctrl-C): the files analyzed so far are
                # still written, so every file reported before the stop is stored.
                writer.flush()
                raise
            writer.flush()
    except BaseException as error:
        error_text = interruption_reason(error)
        finish_batch(batch, error=error_text, database_failed=isinstance(error, DatabaseUnavailable))
        raise
    finish_batch(batch)
    return batch
