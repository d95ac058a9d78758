from datetime import date

from django.core.management.base import BaseCommand, CommandError

from chengguan.insight import services


class Command(BaseCommand):
    help = (
        "舆情: make the weekly digest for leaders (counts, spikes, top terms, repeat locations) of the last "
        "complete week, once, and tell the leaders. Safe to run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--week", metavar="YYYY-MM-DD", help="a day of the week to digest (default: last week)"
        )

    def handle(self, *args, week, verbosity, **options):
        start = None
        if week:
            try:
                start = date.fromisoformat(week)
            except ValueError:
                raise CommandError(f"--week: {week!r} is not a date such as 2026-10-12.") from None
        try:
            digest, created = services.build_digest(actor=services.DIGEST_ACTOR, week_start=start)
        except services.InsightRefused as exc:
            raise CommandError(exc.message) from exc
        if verbosity:
            state = "made and announced" if created else "already made"
            self.stdout.write(
                f"digest of the week of {digest.week_start}: {state} ({digest.data['total']} reports)"
            )
