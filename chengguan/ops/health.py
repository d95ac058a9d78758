"""Liveness and readiness for the proxy and the orchestrator.

`/healthz`: the process answers (no database, no cache). `/readyz`: it can do its work — the database
answers, the cache stores and returns a value — with the background-task queue's depth and the scheduler's
last run as information (a node can serve requests while the scheduler runs elsewhere). 503 when not ready."""

import time
import uuid

from django.core.cache import cache
from django.db import connection
from django.db.utils import DatabaseError
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from . import selectors


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


def _database() -> dict:
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        connection.close()  # the next request gets a fresh connection once the database is back
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "ms": round(1000 * (time.monotonic() - started), 1)}


def _cache() -> dict:
    key, value = f"readyz:{uuid.uuid4().hex}", "1"
    try:
        cache.set(key, value, 10)
        ok = cache.get(key) == value
        cache.delete(key)
    except Exception as exc:  # noqa: BLE001 - any cache backend's failure means not ready
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": ok}


@never_cache
def readyz(request):
    checks = {"database": _database(), "cache": _cache()}
    ready = all(check["ok"] for check in checks.values())
    if checks["database"]["ok"]:
        checks["task_queue"] = selectors.queue()
        checks["scheduler"] = selectors.last_job_run()
    return JsonResponse(
        {"status": "ready" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )
