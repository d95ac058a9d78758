from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from chengguan.insight import services


class Command(BaseCommand):
    help = (
        "舆情: test each day's reports per category × community and × street against the rolling baseline "
        "and "
        "raise one alert per spike (run it again: nothing is raised twice). Checks today and yesterday by "
        "default."
    )

    def add_arguments(self, parser):
        parser.add_argument("--day", metavar="YYYY-MM-DD", help="check this day only")
        parser.add_argument(
            "--days", type=int, default=2, help="check this many days up to today (default 2)"
        )

    def handle(self, *args, day, days, verbosity, **options):
        if day:
            try:
                days_to_check = [date.fromisoformat(day)]
            except ValueError:
                raise CommandError(f"--day: {day!r} is not a date such as 2026-10-12.") from None
        else:
            if not 1 <= days <= 60:
                raise CommandError("--days must be between 1 and 60.")
            today = timezone.localdate()
            days_to_check = [today - timedelta(days=n) for n in range(days - 1, -1, -1)]
        for checked_day in days_to_check:
            run = services.detect_spikes(actor=services.SPIKE_ACTOR, day=checked_day)
            if verbosity:
                self.stdout.write(
                    f"spikes {run.day}: {run.checked} tested, {len(run.raised)} raised, "
                    f"{len(run.updated)} updated"
                )
