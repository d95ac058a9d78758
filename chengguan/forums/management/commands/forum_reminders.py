from datetime import date

from django.core.management.base import BaseCommand, CommandError

from chengguan.forums import services


class Command(BaseCommand):
    help = (
        "Community forums: remind the organisers of a forum coming up within the schedule's reminder days, "
        "and of a period ending soon with no forum held or scheduled in it. Run it once a day."
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
                raise CommandError(f"--today must be a date like 2026-10-16, not {today!r}.") from exc
        counts = services.send_reminders(actor=services.REMINDERS_ACTOR, today=day)
        self.stdout.write(
            f"{counts['forums']} forum reminder(s), {counts['periods']} reminder(s) of a forum due sent"
        )
