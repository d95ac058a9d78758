from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from chengguan.accounts.services import prune_sessions
from chengguan.core import audit
from chengguan.core.actors import SystemActor
from chengguan.ops.models import JobRun


class Command(BaseCommand):
    help = (
        "Remove what is past its retention: finished background-task rows (CHENGGUAN_TASK_RETENTION_DAYS, "
        "30 days), scheduler runs (90 days), sessions past their idle or absolute limit and, when "
        "CHENGGUAN_AUDIT_PRUNE_AFTER_DAYS is set (never below the audit retention of 180 days), audit "
        "entries older than that."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        days = int(getattr(settings, "CHENGGUAN_TASK_RETENTION_DAYS", 30))
        tasks, _ = DBTaskResult.objects.filter(finished_at__lt=now - timedelta(days=days)).delete()
        runs, _ = JobRun.objects.filter(started_at__lt=now - timedelta(days=90)).delete()
        sessions = prune_sessions(actor=SystemActor("prune"))
        self.stdout.write(
            f"{tasks} finished task rows, {runs} scheduler runs and {sessions} stale sessions removed."
        )
        audit_days = int(getattr(settings, "CHENGGUAN_AUDIT_PRUNE_AFTER_DAYS", 0) or 0)
        if audit_days:
            audit_days = max(audit_days, settings.CHENGGUAN_AUDIT_RETENTION_DAYS)
            removed = audit.prune(before=now - timedelta(days=audit_days), actor=SystemActor("prune"))
            self.stdout.write(f"{removed} audit entries older than {audit_days} days removed.")
