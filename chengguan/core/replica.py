"""Reads that can wait a moment — dashboards, rankings, reports, exports — from a read replica.

With DATABASE_REPLICA_URL set, code inside `reads_from_replica()` (a context manager and view decorator)
reads through the "replica" database, while every write, and every read after a write in the same block,
goes to the primary ("default"). When the replica does not answer, the block reads from the primary
instead and the replica is left alone for CHENGGUAN_REPLICA_RETRY_SECONDS before it is tried again. Outside
such blocks everything uses the primary: a page someone works from always shows what they just did."""

import contextlib
import functools
import logging
import threading
import time
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, connections

REPLICA = "replica"
log = logging.getLogger(__name__)

# None: not in a replica block; False: in one, reading from the primary; True: reading from the replica.
_reading: ContextVar[bool | None] = ContextVar("reading_from_replica", default=None)
_down_until = 0.0
_lock = threading.Lock()


def configured() -> bool:
    return REPLICA in settings.DATABASES


def _available() -> bool:
    global _down_until
    if time.monotonic() < _down_until:
        return False
    try:
        connections[REPLICA].ensure_connection()
    except DatabaseError as exc:
        with _lock:
            _down_until = time.monotonic() + float(getattr(settings, "CHENGGUAN_REPLICA_RETRY_SECONDS", 30))
        log.warning("read replica unavailable, reading from the primary: %s", exc)
        connections[REPLICA].close()
        return False
    return True


@contextlib.contextmanager
def reads_from_replica():
    token = _reading.set(configured() and _available())
    try:
        yield
    finally:
        _reading.reset(token)


def replica_reads(view):
    """View decorator: the view's reads come from the replica (see `reads_from_replica`)."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        with reads_from_replica():
            return view(*args, **kwargs)

    return wrapped


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _reading.get() else None

    def db_for_write(self, model, **hints):
        if _reading.get():
            _reading.set(False)  # read-after-write: the rest of the block reads what it wrote
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # a physical standby follows the primary's schema by itself
