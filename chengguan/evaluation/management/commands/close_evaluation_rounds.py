from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from chengguan.evaluation import services


class Command(BaseCommand):
    help = (
        "群众评议: close the voting of open rounds whose period has ended (the day after their last day). "
        "Run it daily from cron or a timer; officials may also close a round by hand."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", metavar="DATE", help="as of this date, e.g. 2027-01-01; for tests and demos"
        )

    def handle(self, *args, today, verbosity, **options):
        day = None
        if today:
            day = parse_date(today)
            if day is None:
                raise CommandError(f"--today: {today!r} is not a date such as 2027-01-01.")
        closed = services.close_ended_rounds(actor=services.CLOSE_ACTOR, today=day)
        if verbosity:
            self.stdout.write(f"evaluation: {len(closed)} rounds closed")
