from datetime import date

from django.core.management.base import BaseCommand, CommandError

from chengguan.campaigns import services


class Command(BaseCommand):
    help = (
        "Campaign progress reports: remind units whose monthly report falls due within the campaign's "
        "reminder days, and flag reports not in by their due date (the unit and the civility office are "
        "told). Run it once a day from cron or a systemd timer."
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
        counts = services.check_reports(actor=services.REPORTS_ACTOR, today=day)
        self.stdout.write(
            f"{counts['reminded']} reminder(s) sent, {counts['flagged']} report(s) flagged overdue"
        )
