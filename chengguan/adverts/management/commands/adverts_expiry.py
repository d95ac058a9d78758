from datetime import date

from django.core.management.base import BaseCommand, CommandError

from chengguan.adverts import services


class Command(BaseCommand):
    help = (
        "Outdoor-advertising permits: expire those past their validity and remind the advertising section "
        "once of each that ends within CHENGGUAN_ADVERTS_REMIND_DAYS. Run it once a day (the scheduler does)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", metavar="YYYY-MM-DD", help="run as of this day instead of today; for tests and demos"
        )

    def handle(self, *args, today=None, **options):
        day = None
        if today:
            try:
                day = date.fromisoformat(today)
            except ValueError as exc:
                raise CommandError(f"--today must be a date like 2026-10-16, not {today!r}.") from exc
        counts = services.run_expiry(actor=services.EXPIRY_ACTOR, today=day)
        self.stdout.write(f"{counts['expired']} permit(s) expired, {counts['reminded']} reminder(s) sent")
