"""Which database a query goes to: the primary (``default``) or a read replica.

The rule, in full:

- every write, and every migration, goes to the primary;
- a read goes to a replica only inside ``replica_reads()``, which the web
  middleware (``archive/web/replica_routing.py``) opens for a reader's request
  that may see data a moment old. Everything else reads from the primary: the
  import workers (``manage.py db_worker``), every management command, the
  admin, staff, and anyone who wrote in the last ``DATABASE_REPLICA_PIN_SECONDS``.
  Replicas are opt-in rather than opt-out because the code that reads what it
  has just written (an import checking for duplicates, a worker reading the
  batch it was handed, an editor's next page) is everywhere except in a
  reader's page view, and a missed opt-out there would be a wrong answer
  instead of a slower one;
- one ``replica_reads()`` block (a request's view and its streamed response) reads
  from one replica, picked in turn;
- inside a transaction on the primary, reads stay on the primary (they belong to it);
- a row's related rows are read from the database the row came from.

A replica that cannot be reached is left out for ``DATABASE_REPLICA_RETRY_SECONDS``
with a warning in the log, and its reads go to another replica or to the primary:
readers get their page a little slower, never an error. Which replicas are left
out is kept per process, in this module, behind a lock.
"""
from __future__ import annotations

import contextlib
import contextvars
import itertools
import logging
import threading
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from archive.dbconfig import REPLICA_ALIAS_PREFIX

logger = logging.getLogger(__name__)


class ReplicaChoice:
    """The database a ``replica_reads()`` block reads from, chosen at its first read.

    One block reads from one database, so a page never mixes two replicas that
    lag by different amounts.
    """

    def __init__(self):
        self.alias: str | None = None


# The open replica_reads() block's choice, or None outside any block.
_current_choice: contextvars.ContextVar[ReplicaChoice | None] = contextvars.ContextVar(
    "archive_replica_choice", default=None
)


@contextlib.contextmanager
def replica_reads(choice: ReplicaChoice | None = None):
    """Within this block, reads may go to a replica (writes still go to the primary).

    Yields the block's ``ReplicaChoice``; passing it to a later block continues
    on the same database (a response streamed after its view returned).
    """
    choice = choice or ReplicaChoice()
    token = _current_choice.set(choice)
    try:
        yield choice
    finally:
        _current_choice.reset(token)


def replica_aliases() -> list[str]:
    """The configured replicas' aliases, in order (empty without DATABASE_REPLICA_URLS)."""
    return [alias for alias in settings.DATABASES if alias.startswith(REPLICA_ALIAS_PREFIX)]


class ReplicaHealth:
    """Replicas found unreachable, each left out until a moment (``time.monotonic()``)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._down_until: dict[str, float] = {}

    def is_left_out(self, alias: str) -> bool:
        with self._lock:
            return self._down_until.get(alias, 0.0) > time.monotonic()

    def leave_out(self, alias: str, seconds: float) -> None:
        with self._lock:
            self._down_until[alias] = time.monotonic() + seconds


health = ReplicaHealth()


def reachable(alias: str) -> bool:
    """True when a connection to ``alias`` is open or can be opened now.

    Once this thread holds the connection (until the end of the request) this
    costs nothing; opening it waits at most the pool's (or connect) timeout.
    """
    try:
        connections[alias].ensure_connection()
    except DatabaseError as error:
        seconds = settings.DATABASE_REPLICA_RETRY_SECONDS
        logger.warning("Database replica %s is unreachable (%s); reading from the primary, retrying it in %ss",
                       alias, str(error).strip() or type(error).__name__, seconds)
        health.leave_out(alias, seconds)
        return False
    return True


class ReplicaRouter:
    """Django's database router for a primary with streaming replicas (see the module's rule)."""

    def __init__(self):
        self._turns = itertools.count()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def db_for_read(self, model, **hints):
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return instance._state.db
        choice = _current_choice.get()
        if choice is None or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        if choice.alias is None:
            choice.alias = self._pick_replica()
        return choice.alias

    def _pick_replica(self) -> str:
        """A reachable replica, taking turns between them; else the primary."""
        replicas = replica_aliases()
        if not replicas:
            return DEFAULT_DB_ALIAS
        start = next(self._turns) % len(replicas)
        for alias in replicas[start:] + replicas[:start]:
            if not health.is_left_out(alias) and reachable(alias):
                return alias
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replicas hold the primary's rows: a row from either may point at one from the other.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
