from django.core.management.base import BaseCommand, CommandError

from chengguan.core import audit, audit_checkpoints
from chengguan.core.models import AuditEntry


class Command(BaseCommand):
    help = (
        "Verify the audit chain and append its newest entry to the checkpoint file if it is not there yet "
        "(an entry whose checkpoint was lost when a process died right after its commit). Run it hourly."
    )

    def handle(self, *args, **options):
        report = audit.verify_report()
        if report.broken is not None:
            raise CommandError(
                f"Audit log is broken after {report.checked} good entries: {report.broken.reason}."
            )
        newest = AuditEntry.objects.order_by("-id").values_list("id", "hash").first()
        if newest is not None and newest[0] not in audit_checkpoints.read():
            audit_checkpoints.append(*newest)
        self.stdout.write(f"Audit log intact: {report.describe()}.")
