"""The SQLite backend queues write transactions on a lock file, so a second writer starts the moment the
first one ends instead of polling the database lock."""

import os
import stat
import threading
import time

import pytest
from django.db import OperationalError, connection

from chengguan.core.sqlite.base import DatabaseWrapper

pytestmark = [
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backend only"),
    pytest.mark.django_db,  # lets these tests open connections of their own
]


def _wrapper(path, alias):
    settings = {**connection.settings_dict, "ENGINE": "chengguan.core.sqlite", "NAME": str(path)}
    return DatabaseWrapper(settings, alias=alias)


def _begin(db):
    db.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def _end(db, how):
    getattr(db, how)()
    db.set_autocommit(True)


def _second_writer(path, began: threading.Event, done: threading.Event):
    """In its own thread (connections belong to the thread that made them): one insert, committed."""

    def write():
        second = _wrapper(path, "second")
        try:
            _begin(second)  # waits here while another connection's transaction is open
            began.set()
            second.cursor().execute("INSERT INTO t VALUES (1)")
            _end(second, "commit")
            done.set()
        finally:
            second.close()

    thread = threading.Thread(target=write)
    thread.start()
    return thread


@pytest.mark.parametrize("how", ["commit", "rollback"])
def test_a_second_writer_waits_until_the_first_transaction_ends(tmp_path, how):
    path = tmp_path / "db.sqlite3"
    first = _wrapper(path, "first")
    try:
        first.cursor().execute("CREATE TABLE t (n integer)")
        _begin(first)
        first.cursor().execute("INSERT INTO t VALUES (0)")
        began, done = threading.Event(), threading.Event()
        thread = _second_writer(path, began, done)
        assert not began.wait(0.3), "the second transaction began while the first was open"
        ended = time.monotonic()
        _end(first, how)
        assert began.wait(5)
        assert time.monotonic() - ended < 0.5  # woken straight away, not after a polling sleep
        thread.join(5)
        assert done.is_set()
        rows = first.cursor().execute("SELECT n FROM t ORDER BY n").fetchall()
        assert rows == ([(0,), (1,)] if how == "commit" else [(1,)])
    finally:
        first.close()
    assert (tmp_path / "db.sqlite3.writers").exists()


def test_closing_a_connection_in_a_transaction_frees_the_lock(tmp_path):
    path = tmp_path / "db.sqlite3"
    first = _wrapper(path, "first")
    first.cursor().execute("CREATE TABLE t (n integer)")
    _begin(first)
    first.close()
    began, done = threading.Event(), threading.Event()
    _second_writer(path, began, done).join(5)
    assert done.is_set()


def test_a_writer_gives_up_with_database_is_locked_after_the_timeout(tmp_path):
    path = tmp_path / "db.sqlite3"
    first = _wrapper(path, "first")
    waiting = {**connection.settings_dict, "ENGINE": "chengguan.core.sqlite", "NAME": str(path)}
    waiting["OPTIONS"] = {**waiting.get("OPTIONS", {}), "timeout": 0.3}
    failure = []

    def write():
        second = DatabaseWrapper(waiting, alias="second")
        started = time.monotonic()
        try:
            _begin(second)
        except OperationalError as exc:
            failure.append((str(exc), time.monotonic() - started))
        finally:
            second.close()

    try:
        first.cursor().execute("CREATE TABLE t (n integer)")
        _begin(first)
        thread = threading.Thread(target=write)
        thread.start()
        thread.join(5)
    finally:
        first.close()
    assert failure, "the second writer never gave up"
    message, waited = failure[0]
    assert message == "database is locked"
    assert 0.25 <= waited < 2


def test_the_lock_file_is_group_writable_whatever_the_umask(tmp_path):
    old = os.umask(0o077)
    try:
        db = _wrapper(tmp_path / "db.sqlite3", "first")
        db.cursor().execute("CREATE TABLE t (n integer)")
        _begin(db)
        _end(db, "commit")
        db.close()
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "db.sqlite3.writers").stat().st_mode) == 0o660
