from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from chengguan.ops import backup


class Command(BaseCommand):
    help = (
        "Back up the installation into one tar file: the database (pg_dump, or SQLite's online backup), "
        "the uploaded media, the audit chain's checkpoint file and a manifest with counts and checksums. "
        "The keys (CHENGGUAN_KEYS_DIR) are left out unless --include-keys: keep them on other media."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", default="", help="folder for the backup (default: DATA_DIR/backups)")
        parser.add_argument(
            "--include-keys", action="store_true", help="put the keys folder in the backup too"
        )

    def handle(self, *args, to="", include_keys=False, **options):
        folder = Path(to) if to else Path(settings.DATA_DIR) / "backups"
        try:
            archive = backup.backup(folder, include_keys=include_keys)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        counts = backup.counts()
        summary = f"{counts['cases']} cases, {counts['audit_entries']} audit entries"
        self.stdout.write(self.style.SUCCESS(f"Backup written to {archive} ({summary})."))
