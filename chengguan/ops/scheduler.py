"""Runs the periodic jobs, each at most once per interval however many nodes run the scheduler.

Before a job runs, the scheduler takes the job's lock without waiting — a PostgreSQL session advisory lock,
or on SQLite an exclusive `flock` on a file beside the database — and only then reads the job's last run:
a scheduler on another node that holds the lock, or ran the job moments ago, makes this one skip it. A
scheduler that dies frees its lock with its connection (or process)."""

import contextlib
import hashlib
import io
import logging
import os
import socket
import time
import traceback
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import close_old_connections, connection
from django.utils import timezone

from .jobs import JOBS, Job
from .models import JobRun, Outcome

log = logging.getLogger(__name__)
MESSAGE_LIMIT = 4000

try:
    import fcntl
except ImportError:  # pragma: no cover - not on the platforms we deploy to
    fcntl = None


def node_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


@contextlib.contextmanager
def job_lock(name: str):
    """True while this process holds the job's lock; False (at once) when another one does."""
    if connection.vendor == "postgresql":
        key = int.from_bytes(
            hashlib.sha256(f"chengguan.job:{name}".encode()).digest()[:8], "big", signed=True
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            held = cursor.fetchone()[0]
        try:
            yield held
        finally:
            if held:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    folder = Path(settings.DATA_DIR) / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(folder / f"job-{name}.lock", os.O_RDWR | os.O_CREAT, 0o660)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


def is_due(job: Job, now) -> bool:
    last = JobRun.objects.filter(job=job.name).values_list("started_at", flat=True).first()
    return last is None or (now - last).total_seconds() >= job.interval


def run_job(job: Job) -> JobRun:
    """Run the job now (the caller holds its lock) and record the run."""
    run = JobRun.objects.create(job=job.name, started_at=timezone.now(), node=node_name())
    started = time.monotonic()
    output = io.StringIO()
    try:
        call_command(job.command, *job.args, stdout=output, stderr=output)
    except Exception:  # noqa: BLE001 - a job's failure is recorded and logged, and the others still run
        run.outcome, run.message = (
            Outcome.FAILED,
            (output.getvalue() + traceback.format_exc())[-MESSAGE_LIMIT:],
        )
        log.exception("periodic job %s failed", job.name)
    else:
        run.outcome, run.message = Outcome.SUCCEEDED, output.getvalue()[-MESSAGE_LIMIT:]
    run.finished_at, run.duration = timezone.now(), round(time.monotonic() - started, 3)
    run.save(update_fields=["outcome", "message", "finished_at", "duration"])
    return run


def run_due(jobs=None) -> list[JobRun]:
    """One pass: every due job whose lock is free, in the order of JOBS."""
    runs = []
    for job in jobs or JOBS:
        close_old_connections()
        with job_lock(job.name) as held:
            if held and is_due(job, timezone.now()):
                runs.append(run_job(job))
    return runs
