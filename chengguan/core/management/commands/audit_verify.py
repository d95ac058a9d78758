from django.core.management.base import BaseCommand, CommandError

from chengguan.core import audit


class Command(BaseCommand):
    help = "Check the audit log's hash chain and report the first broken link, if any."

    def handle(self, *args, **options):
        checked, broken = audit.verify()
        if broken is not None:
            raise CommandError(f"Audit log is broken after {checked} good entries: {broken.reason}.")
        self.stdout.write(self.style.SUCCESS(f"Audit log intact: {checked} entries verified."))
