"""Import inputs with several processes: ``import_articles --workers N``.

The parent reads the inputs (files, folders, zips) once and hands them, with
their positions in the batch, to N forked processes through a bounded queue, so
memory stays flat however many files there are. Each process analyzes a file
without the database (archive.ingest.bulk.analyze_input: decode, parse, lemmas,
person recognition), with the reference data (outlet names, curated people's
names) it read once at its start, and sends the result back; the parent writes
the results a batch at a time (archive.ingest.bulk.BatchWriter: one transaction
per batch, duplicates decided by the content hash) and reports each outcome.

Analysis runs in parallel on PostgreSQL and on SQLite alike: only the parent writes.
"""
from __future__ import annotations

import multiprocessing
import queue as queue_module
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import connections

from archive.ingest.bulk import Analyzed, BatchWriter, analyze_input, load_reference
from archive.ingest.options import ImportOptions
from archive.ingest.sources import InputFile, Rejected
from archive.ingest.store import FileOutcome
from archive.models import ImportBatch

_DONE = None


def import_with_processes(
    inputs: Iterable[InputFile | Rejected],
    *,
    batch: ImportBatch,
    options: ImportOptions,
    workers: int,
    on_outcome: Callable[[FileOutcome], None],
) -> None:
    """Import ``inputs`` into ``batch`` with ``workers`` processes; ``on_outcome`` runs in this process."""
    from archive.nlp.pipeline import analysis_run

    with analysis_run():
        _import(inputs, batch=batch, options=options, workers=workers, on_outcome=on_outcome)


def _import(inputs, *, batch, options, workers, on_outcome) -> None:
    context = multiprocessing.get_context("fork")
    todo = context.Queue(maxsize=workers * 8)
    results = context.Queue()  # holds at most what the bounded todo queue let through
    reference = load_reference(fixed_outlets=True)  # read once, inherited by every process
    _close_connections_before_fork()
    processes = [
        context.Process(target=_work, args=(todo, results, options, reference), daemon=True) for _ in range(workers)
    ]
    writer = BatchWriter(batch=batch, options=options, on_outcome=on_outcome, size=settings.ARCHIVE_IMPORT_WRITE_BATCH)
    for process in processes:
        process.start()
    running = workers

    def drain(block: bool) -> None:
        nonlocal running
        while running:
            try:
                message = results.get(timeout=1 if block else 0)
            except queue_module.Empty:
                if block and not any(process.is_alive() for process in processes):
                    running = 0  # a process died without saying so
                if not block:
                    return
                continue
            if message is _DONE:
                running -= 1
            else:
                writer.add(message)
            if not block:
                continue

    try:
        def hand_over(task) -> None:
            while True:
                try:
                    todo.put(task, timeout=0.2)
                    return
                except queue_module.Full:
                    drain(block=False)

        for position, item in enumerate(inputs):
            hand_over((position, item))
            drain(block=False)
        for _ in processes:
            hand_over(_DONE)
        drain(block=True)
        writer.flush()
    finally:
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.terminate()


def _close_connections_before_fork() -> None:
    """Each process opens its own connections: none may inherit the parent's sockets.

    Closing a connection is not enough on PostgreSQL with psycopg's pool, which
    keeps the connection open for reuse; the pool itself is closed, and each
    process (the parent included) opens a new one when it next needs it.
    """
    for connection in connections.all(initialized_only=True):
        connection.close()
        if connection.vendor == "postgresql" and connection.settings_dict["OPTIONS"].get("pool"):
            connection.close_pool()


def _work(todo, results, options: ImportOptions, reference) -> None:
    """A worker process: analyze what the parent hands over, send the results back; no database."""
    try:
        while (task := todo.get()) is not _DONE:
            position, item = task
            try:
                analyzed = analyze_input(item, options=options, reference=reference, position=position)
            except Exception as error:  # a bug on one file: the parent records it as rejected
                outcome = FileOutcome(getattr(item, "name", "?"), "rejected",
                                      reason=f"the file could not be analyzed ({type(error).__name__}: {error})")
                analyzed = Analyzed(outcome=outcome, position=position)
            results.put(analyzed)
    finally:
        connections.close_all()
        results.put(_DONE)
