from datetime import date

from django.core.management.base import BaseCommand, CommandError

from chengguan.conduct import services


class Command(BaseCommand):
    help = (
        "Self-checks (自查自纠): in the last days of each open self-check phase, remind every staff member "
        "who has not submitted, once a day. Run it once a day from the scheduler, cron or a systemd timer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", metavar="YYYY-MM-DD", help="check as of this day instead of today; for tests and demos"
        )

    def handle(self, *args, today, **options):
        day = None
        if today:
            try:
                day = date.fromisoformat(today)
            except ValueError as exc:
                raise CommandError(f"--today must be a date like 2026-06-12, not {today!r}.") from exc
        sent = services.remind_self_checks(actor=services.REMINDER_ACTOR, today=day)
        self.stdout.write(f"{sent} reminder(s) sent")
