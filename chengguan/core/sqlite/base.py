"""Django's SQLite backend, with write transactions queued by the operating system.

SQLite lets one writer in at a time. A connection that finds the database locked sleeps and retries, for
1, 2, 5, 10 … 100 ms, so under a steady stream of short transactions (intake at a few hundred reports a
second) the lock often stands free while every waiter sleeps, and the unlucky ones wait hundreds of
milliseconds. Here a transaction first takes an exclusive lock on a file beside the database (`flock`,
one open file per connection, so threads exclude each other too) and releases it when the transaction
ends; a waiter tries again every few milliseconds at most, and gives up with SQLite's own "database is
locked" error once the database's `timeout` has passed. Every transaction of this backend takes the
write lock when it begins anyway (`transaction_mode` IMMEDIATE, see settings), so nothing new is
serialised. Without `fcntl` (Windows) or for an in-memory database, it is Django's backend unchanged."""

import os
import time

from django.db import OperationalError
from django.db.backends.sqlite3 import base

try:
    import fcntl
except ImportError:  # pragma: no cover - not on the platforms we deploy to
    fcntl = None


DEFAULT_TIMEOUT = 5.0  # seconds, as Python's sqlite3 waits when OPTIONS has no "timeout"
FIRST_PAUSE, LAST_PAUSE = 0.0002, 0.002  # seconds between tries for the lock: short, so a freed lock is taken


def _open_lock_file(path: str) -> int:
    """The lock file, created group-writable (the web server, the worker and cron may run as different
    users of one group) whatever the umask."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o660)
    except FileExistsError:
        return os.open(path, os.O_RDWR)
    os.fchmod(fd, 0o660)
    return fd


class DatabaseWrapper(base.DatabaseWrapper):
    _lock_file: int | None = None
    _locked = False

    def _start_transaction_under_autocommit(self):
        self._lock_writers()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._unlock_writers()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._unlock_writers()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._unlock_writers()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._unlock_writers()
            if self._lock_file is not None:
                os.close(self._lock_file)
                self._lock_file = None

    def _lock_writers(self) -> None:
        if fcntl is None or self.is_in_memory_db() or self._locked:
            return
        if self._lock_file is None:
            self._lock_file = _open_lock_file(f"{self.settings_dict['NAME']}.writers")
        deadline = time.monotonic() + float(self.settings_dict["OPTIONS"].get("timeout", DEFAULT_TIMEOUT))
        pause = FIRST_PAUSE
        while True:
            try:
                fcntl.flock(self._lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:  # what SQLite itself says after its busy timeout
                    raise OperationalError("database is locked") from None
                time.sleep(pause)
                pause = min(pause * 2, LAST_PAUSE)
        self._locked = True

    def _unlock_writers(self) -> None:
        if self._locked:
            fcntl.flock(self._lock_file, fcntl.LOCK_UN)
            self._locked = False
