"""Case indicators of units for the ranking: on-time rate, rework rate and follow-up satisfaction of the
cases each unit (with its whole subtree) received in a period. Kept in this one module so it can later be
swapped for the assessment app's indicators."""

from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q
from django.utils import timezone

from chengguan.cases.models import Case, FollowUp
from chengguan.org.models import Department


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def unit_case_indicators(*, department_ids, start: date, end: date) -> dict[int, dict[str, float | None]]:
    """For each department id: `cases` (reported in the period and dispatched to the unit or below),
    `on_time_rate` (handled by the deadline, of those handled), `rework_rate` (returned for rework at least
    once, of those handled) and `followup_satisfaction` (answered follow-ups rated 4 or 5, of those answered).
    A rate is None when there is nothing to divide by."""
    since, until = _bounds(start, end)
    result: dict[int, dict[str, float | None]] = {}
    for department in Department.objects.filter(pk__in=list(department_ids)):
        cases = Case.objects.filter(
            department__path__startswith=department.path, reported_at__gte=since, reported_at__lt=until
        )
        counts = cases.aggregate(
            total=Count("pk"),
            handled=Count("pk", filter=Q(handled_at__isnull=False)),
            on_time=Count(
                "pk",
                filter=Q(handled_at__isnull=False, deadline__isnull=False, handled_at__lte=F("deadline")),
            ),
            timed=Count("pk", filter=Q(handled_at__isnull=False, deadline__isnull=False)),
            reworked=Count("pk", filter=Q(handled_at__isnull=False, rework_count__gt=0)),
        )
        follow_ups = FollowUp.objects.filter(case__in=cases, answered_at__isnull=False, rating__isnull=False)
        answers = follow_ups.aggregate(total=Count("pk"), satisfied=Count("pk", filter=Q(rating__gte=4)))
        result[department.pk] = {
            "cases": counts["total"],
            "on_time_rate": _ratio(counts["on_time"], counts["timed"]),
            "rework_rate": _ratio(counts["reworked"], counts["handled"]),
            "followup_satisfaction": _ratio(answers["satisfied"], answers["total"]),
        }
    return result
