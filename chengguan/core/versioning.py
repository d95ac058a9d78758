"""Per-process caches of reference data that notice changes made by other processes.

`bump(key)` is called (in the writing transaction) whenever the data changes; `VersionedCache` rebuilds its
value when the stored version differs from the one it was built from, checking at most every
CHENGGUAN_CACHE_CHECK_SECONDS so a hot path does not query the database on every call."""

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save

from .models import DataVersion

T = TypeVar("T")


def current(key: str) -> int:
    return DataVersion.objects.filter(key=key).values_list("version", flat=True).first() or 0


def bump(key: str) -> None:
    with transaction.atomic():
        if not DataVersion.objects.filter(key=key).update(version=F("version") + 1):
            DataVersion.objects.get_or_create(key=key, defaults={"version": 1})
        _changed_here().add(key)
    for cache in VersionedCache.instances.get(key, []):
        transaction.on_commit(cache.invalidate)
    transaction.on_commit(lambda: _changed_here().discard(key))


def _changed_here() -> set[str]:
    """The keys this thread's connection has bumped in a transaction not yet seen to end. Until it ends,
    anything built from that data may be rolled back, so no cache keeps it (see VersionedCache.get)."""
    connection = transaction.get_connection()
    if not _in_transaction(connection) or not hasattr(connection, "chengguan_changed_keys"):
        connection.chengguan_changed_keys = set()  # every transaction that bumped has ended, committed or not
    return connection.chengguan_changed_keys


def _in_transaction(connection) -> bool:
    """In a transaction of the program's own. The block a Django test case wraps each test in stands for
    the database itself, as it does for on_commit hooks, so data set up by a test counts as committed."""
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def bump_on_change(key: str, *models, unless_only: frozenset[str] = frozenset()) -> None:
    """Bump `key` whenever a row of any of `models` is saved or deleted, except rows loaded raw (fixtures)
    and saves of nothing but the `unless_only` fields."""

    def changed(sender, raw=False, update_fields=None, **kwargs):
        if raw or (unless_only and update_fields is not None and set(update_fields) <= unless_only):
            return
        bump(key)

    for model in models:
        uid = f"bump-{key}-{model._meta.label}"
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid)


class VersionedCache(Generic[T]):
    instances: dict[str, list["VersionedCache"]] = {}

    def __init__(self, key: str, build: Callable[[], T]):
        self.key, self.build = key, build
        self._value: T | None = None
        self._version = -1
        self._checked_at = 0.0
        self._lock = threading.Lock()
        VersionedCache.instances.setdefault(key, []).append(self)

    def invalidate(self) -> None:
        self._version = -1

    def get(self) -> T:
        if self.key in _changed_here():  # this transaction changed the data: build for it alone, keep nothing
            return self.build()
        now = time.monotonic()
        if self._version >= 0 and now - self._checked_at < settings.CHENGGUAN_CACHE_CHECK_SECONDS:
            return self._value  # type: ignore[return-value]
        with self._lock:
            stored = current(self.key)
            if stored != self._version:
                self._value = self.build()
                self._version = stored
            self._checked_at = time.monotonic()
            return self._value  # type: ignore[return-value]
