from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from chengguan.core import audit
from chengguan.ops import backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `chengguan backup` into an empty installation (a new empty database, no "
        "media), then check it: the audit chain verifies and the counts match the backup's manifest. The "
        "audit keys must be in CHENGGUAN_KEYS_DIR (copied there, or restored from a backup made with them)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the backup's .tar file")

    def handle(self, *args, archive, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"{archive} is not a file.")
        try:
            manifest = backup.restore(path)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        report = audit.verify_report()
        if report.broken is not None:
            raise CommandError(f"Restored, but the audit log does not verify: {report.broken.reason}.")
        counts, expected = backup.counts(), manifest["counts"]
        if counts["cases"] != expected["cases"] or counts["audit_entries"] != expected["audit_entries"]:
            raise CommandError(
                f"Restored, but the counts differ from the backup's: {counts} against {expected}."
            )
        self.stdout.write(
            self.style.SUCCESS(f"Restored {counts['cases']} cases; audit log intact ({report.describe()}).")
        )
