"""Per-process caches of reference data: a change made elsewhere is seen within the check interval, and a
value built from a transaction's own uncommitted change is never kept."""

import threading
import time

import pytest
from django.db import connection, transaction

from chengguan.core import versioning
from chengguan.core.models import WorkdayOverride
from chengguan.core.versioning import VersionedCache

pytestmark = pytest.mark.django_db(transaction=True)  # real commits, seen by other connections

KEY = "test-overrides"


def _notes() -> set[str]:
    return set(WorkdayOverride.objects.values_list("note", flat=True))


@pytest.fixture
def cache():
    made = VersionedCache(KEY, _notes)
    yield made
    VersionedCache.instances[KEY].remove(made)


def _change_elsewhere(note: str) -> None:
    """What another process does: its own connection, its own committed transaction."""

    def write():
        try:
            with transaction.atomic():
                WorkdayOverride.objects.create(date=f"2031-01-{len(note):02d}", is_workday=True, note=note)
                versioning.bump(KEY)
        finally:
            connection.close()

    thread = threading.Thread(target=write)
    thread.start()
    thread.join(10)


def test_a_change_by_another_connection_is_seen_within_the_check_interval(cache, settings):
    settings.CHENGGUAN_CACHE_CHECK_SECONDS = 0.5
    assert cache.get() == set()
    _change_elsewhere("elsewhere")
    started = time.monotonic()
    while cache.get() != {"elsewhere"}:
        assert time.monotonic() - started < 0.5 + 0.5, "not seen within the interval"
        time.sleep(0.05)


def test_a_value_built_inside_a_rolled_back_transaction_is_not_kept(cache, settings):
    settings.CHENGGUAN_CACHE_CHECK_SECONDS = 60
    assert cache.get() == set()
    with pytest.raises(RuntimeError), transaction.atomic():
        WorkdayOverride.objects.create(date="2031-02-01", is_workday=True, note="rolled back")
        versioning.bump(KEY)
        assert cache.get() == {"rolled back"}  # the writer sees its own change
        raise RuntimeError
    assert cache.get() == set()


def test_a_committed_change_is_seen_at_once_by_the_process_that_made_it(cache, settings):
    settings.CHENGGUAN_CACHE_CHECK_SECONDS = 60
    assert cache.get() == set()
    with transaction.atomic():
        WorkdayOverride.objects.create(date="2031-03-01", is_workday=True, note="committed")
        versioning.bump(KEY)
    assert cache.get() == {"committed"}
