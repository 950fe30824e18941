"""Import inputs with several processes: ``import_articles --workers N``.

The parent reads the inputs (files, folders, zips) once and hands them, with
their positions in the batch, to N forked processes through a bounded queue, so
memory stays flat however many files there are. Each process stores a file as
the loader always does (archive.ingest.store.store_input: one transaction per
file, the content hash deciding duplicates) with its own database connection and
its own reference data (outlet names, people, events), read once. The parent
reports each outcome as it arrives.

On PostgreSQL the processes' transactions run side by side; on SQLite they take
turns for the write lock, so only decoding and parsing overlap.
"""
from __future__ import annotations

import multiprocessing
import queue as queue_module
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import IntegrityError, connections

from archive.ingest.service import ImportOptions
from archive.ingest.sources import InputFile, Rejected
from archive.models import ImportBatch

_DONE = None


@dataclass(frozen=True)
class Outcome:
    """What a worker process reports about one input (picklable, no ORM objects)."""

    position: int
    source: str
    status: str
    article_id: int | None
    title: str
    reason: str


def import_with_processes(
    inputs: Iterable[InputFile | Rejected],
    *,
    batch: ImportBatch,
    options: ImportOptions,
    workers: int,
    on_outcome: Callable[[Outcome], None],
) -> None:
    """Import ``inputs`` into ``batch`` with ``workers`` processes; ``on_outcome`` runs in this process."""
    context = multiprocessing.get_context("fork")
    todo = context.Queue(maxsize=workers * 4)
    results = context.Queue()
    _close_connections_before_fork()
    processes = [
        context.Process(target=_work, args=(todo, results, batch, options), daemon=True) for _ in range(workers)
    ]
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
                on_outcome(message)
            if not block:
                continue

    try:
        for position, item in enumerate(inputs):
            while True:
                try:
                    todo.put((position, item), timeout=0.2)
                    break
                except queue_module.Full:
                    drain(block=False)
            drain(block=False)
        for _ in processes:
            todo.put(_DONE)
        drain(block=True)
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


def _work(todo, results, batch: ImportBatch, options: ImportOptions) -> None:
    from archive.ingest.store import outlet_groups_run, store_input
    from archive.nlp.pipeline import analysis_run

    try:
        with outlet_groups_run(), analysis_run():
            while (task := todo.get()) is not _DONE:
                position, item = task
                try:
                    outcome = store_input(item, options=options, batch=batch, position=position)
                except IntegrityError:
                    continue
                article = outcome.article
                results.put(Outcome(
                    position=position, source=outcome.source, status=outcome.status,
                    article_id=article.pk if article else None, title=article.title if article else "",
                    reason=outcome.reason,
                ))
    finally:
        connections.close_all()
        results.put(_DONE)
