"""Scheduled report generation (run daily or monthly by cron): the previous month's report and, in
January, the previous year's — each once (existing reports are kept unless --force). Computes and
publishes the period's missing snapshots on the way."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from chengguan.assessment import periods, services
from chengguan.assessment.models import Report
from chengguan.core.refusals import Refused


class Command(BaseCommand):
    help = "Generate the monthly (and, in January, the yearly) assessment reports that are missing."

    def add_arguments(self, parser):
        parser.add_argument("--period", help="One period instead: 2026-11 (a month) or 2026 (a year).")
        parser.add_argument("--force", action="store_true", help="Generate again even if a report exists.")

    def handle(self, *args, period=None, force=False, **options):
        if period:
            try:
                wanted = [periods.parse(period)]
            except ValueError as exc:
                raise CommandError(str(exc)) from None
        else:
            last = periods.previous_month(periods.this_month())
            wanted = [last]
            if timezone.localtime().month == 1:
                wanted.append(periods.year(last.first_day.year))
        for item in wanted:
            if not force and Report.objects.filter(period_kind=item.kind, label=item.label).exists():
                self.stdout.write(f"{item.label}: already generated")
                continue
            try:
                report = services.generate_report(actor=services.REPORTS_ACTOR, period=item)
            except (ValidationError, Refused) as exc:
                raise CommandError(f"{item.label}: {' '.join(exc.messages)}") from None
            self.stdout.write(f"{item.label}: {report.pdf.name}, {report.xlsx.name}")
