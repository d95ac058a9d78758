from django.core.management.base import BaseCommand, CommandError

from chengguan.core import audit


class Command(BaseCommand):
    help = (
        "Check the audit log: every entry's link and keyed MAC, the head counter, and the checkpoint file "
        "kept outside the database. Reports the first break, if any, and exits non-zero."
    )

    def handle(self, *args, **options):
        try:
            report = audit.verify_report()
        except ValueError as exc:  # an unreadable checkpoint file
            raise CommandError(f"Audit log cannot be verified: {exc}.") from exc
        if report.broken is not None:
            raise CommandError(
                f"Audit log is broken after {report.checked} good entries: {report.broken.reason}."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit log intact: {report.describe()}."))
