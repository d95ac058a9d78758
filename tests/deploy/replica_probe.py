"""Run in a process of its own against the test's servers (DATABASE_URL, DATABASE_REPLICA_URL); prints one
JSON object saying where reads went. `python replica_probe.py STEP`."""

import json
import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chengguan.settings.test")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connections, router  # noqa: E402
from django.test import Client  # noqa: E402

from chengguan.core.models import WorkdayOverride  # noqa: E402
from chengguan.core.replica import reads_from_replica  # noqa: E402


def in_recovery(alias: str) -> bool:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        return cursor.fetchone()[0]


def step_migrate() -> dict:
    call_command("migrate", verbosity=0)
    return {"migrated": True}


def step_reads() -> dict:
    WorkdayOverride.objects.create(date="2031-05-01", is_workday=False, note="from the primary")
    deadline = time.monotonic() + 20
    with reads_from_replica():
        alias = router.db_for_read(WorkdayOverride)
        while not WorkdayOverride.objects.filter(note="from the primary").exists():
            assert time.monotonic() < deadline, "the row never reached the replica"
            time.sleep(0.2)
        seen_on_replica = in_recovery(alias)
        WorkdayOverride.objects.create(date="2031-05-02", is_workday=False, note="written in the block")
        after_write = router.db_for_read(WorkdayOverride) or "default"
        read_back = WorkdayOverride.objects.filter(note="written in the block").exists()
    outside = router.db_for_read(WorkdayOverride) or "default"
    return {
        "alias": alias,
        "replica_in_recovery": seen_on_replica,
        "after_write": after_write,
        "read_back": read_back,
        "outside": outside,
    }


def step_fallback() -> dict:
    started = time.monotonic()
    with reads_from_replica():
        alias = router.db_for_read(WorkdayOverride) or "default"
        count = WorkdayOverride.objects.count()
    return {"alias": alias, "count": count, "seconds": round(time.monotonic() - started, 1)}


def step_readyz() -> dict:
    return {"status": Client().get("/readyz").status_code}


if __name__ == "__main__":
    print(json.dumps(globals()[f"step_{sys.argv[1]}"]()))
