"""The figures operations read: the task queue, overdue cases, failed log-ins, finished tasks, the
scheduler's runs."""

from datetime import timedelta

from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from chengguan.cases.models import Case
from chengguan.cases.states import WITH_DEPARTMENT
from chengguan.core.audit import Action
from chengguan.core.models import AuditEntry

from .models import JobRun, Outcome


def queue() -> dict:
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    return {
        "waiting": waiting.count(),
        "oldest_seconds": round((timezone.now() - oldest).total_seconds()) if oldest else 0,
    }


def overdue_cases() -> int:
    return Case.objects.filter(state__in=WITH_DEPARTMENT, deadline__lt=timezone.now()).count()


def failed_logins_last_day() -> int:
    return AuditEntry.objects.filter(
        action=Action.LOGIN_FAILED, at__gte=timezone.now() - timedelta(days=1)
    ).count()


def tasks_finished_last_day() -> dict[str, int]:
    finished = DBTaskResult.objects.filter(finished_at__gte=timezone.now() - timedelta(days=1))
    return {
        "succeeded": finished.filter(status=TaskResultStatus.SUCCESSFUL).count(),
        "failed": finished.filter(status=TaskResultStatus.FAILED).count(),
    }


def last_job_run() -> dict | None:
    last = JobRun.objects.exclude(outcome=Outcome.RUNNING).values("job", "finished_at", "outcome").first()
    if last is None:
        return None
    return {**last, "seconds_ago": round((timezone.now() - last["finished_at"]).total_seconds())}
