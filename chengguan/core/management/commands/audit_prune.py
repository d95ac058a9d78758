from datetime import datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date

from chengguan.core import audit
from chengguan.core.actors import SystemActor


class Command(BaseCommand):
    help = (
        "Remove audit entries older than a date (never within CHENGGUAN_AUDIT_RETENTION_DAYS, 180 days by "
        "default). "
        "A keyed anchor entry is left in the chain, so audit_verify still verifies what remains."
    )

    def add_arguments(self, parser):
        parser.add_argument("--before", required=True, help="YYYY-MM-DD: entries before this day are removed")

    def handle(self, *args, before, **options):
        day = parse_date(before or "")
        if day is None:
            raise CommandError("--before takes a date as YYYY-MM-DD.")
        moment = timezone.make_aware(datetime.combine(day, time.min))
        try:
            removed = audit.prune(before=moment, actor=SystemActor("audit_prune"))
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Removed {removed} audit entries before {day}."))
