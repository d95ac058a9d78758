from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from chengguan.notices import services


class Command(BaseCommand):
    help = (
        "公示: end the objection period of published notices whose window is over; confirm those with no "
        "pending and no upheld objection, hold the others. Run it every few minutes from cron or a timer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            metavar="ISO",
            help="close as of this moment instead of the clock, e.g. 2026-10-12T10:30 (the bureau's time "
            "zone unless one is given); for tests and demos",
        )

    def handle(self, *args, now, verbosity, **options):
        moment = None
        if now:
            moment = parse_datetime(now)
            if moment is None:
                raise CommandError(f"--now: {now!r} is not a date and time such as 2026-10-12T10:30.")
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
        summary = services.close_due_notices(actor=services.CLOSE_ACTOR, now=moment)
        if verbosity:
            self.stdout.write(
                f"notices: {summary['ended']} objection periods ended, {summary['confirmed']} confirmed, "
                f"{summary['held']} held, {summary['outcomes_retried']} failed outcomes retried "
                f"({summary['outcomes_failed']} still failing)"
            )
