"""The scheduler runs each periodic job once per interval, however many schedulers run, and records every
run with its duration and outcome."""

import threading

import pytest
from django.db import connection

from chengguan.ops import scheduler
from chengguan.ops.jobs import JOBS, Job
from chengguan.ops.models import JobRun, Outcome

pytestmark = pytest.mark.django_db(transaction=True)  # the PostgreSQL lock is held by a real session

QUICK = Job("quick", "check", 3600, "Django's system check, as a stand-in for a real job")
BROKEN = Job("broken", "no_such_command", 3600, "a job whose command does not exist")


def test_a_due_job_runs_once_and_is_not_due_again_within_its_interval():
    first = scheduler.run_due([QUICK])
    assert [run.outcome for run in first] == [Outcome.SUCCEEDED]
    assert first[0].duration is not None and first[0].node
    assert scheduler.run_due([QUICK]) == []
    assert JobRun.objects.filter(job="quick").count() == 1


def test_a_job_runs_again_once_its_interval_has_passed(settings):
    scheduler.run_due([QUICK])
    settings.CHENGGUAN_JOB_INTERVALS = {"quick": 0}
    assert len(scheduler.run_due([QUICK])) == 1


def test_a_failing_job_is_recorded_and_the_others_still_run():
    runs = scheduler.run_due([BROKEN, QUICK])
    assert [(run.job, run.outcome) for run in runs] == [
        ("broken", Outcome.FAILED),
        ("quick", Outcome.SUCCEEDED),
    ]
    assert "no_such_command" in runs[0].message


def test_a_job_whose_lock_another_scheduler_holds_is_skipped():
    held, release, done = threading.Event(), threading.Event(), threading.Event()

    def other_scheduler():
        try:
            with scheduler.job_lock("quick") as got:
                assert got
                held.set()
                release.wait(10)
        finally:
            connection.close()
            done.set()

    thread = threading.Thread(target=other_scheduler)
    thread.start()
    assert held.wait(10)
    try:
        assert scheduler.run_due([QUICK]) == []
    finally:
        release.set()
        thread.join(10)
    assert len(scheduler.run_due([QUICK])) == 1


def test_every_periodic_job_names_a_real_command():
    from django.core.management import get_commands

    commands = get_commands()
    assert [job.command for job in JOBS if job.command not in commands] == []
