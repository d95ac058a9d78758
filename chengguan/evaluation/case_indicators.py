"""Case indicators of units for the ranking, as the assessment app defines and computes them (one
definition across the system, reached through `cases.indicators` so that evaluation does not import
assessment): on-time rate, rework rate and follow-up satisfaction of each unit with its
whole subtree, over the round's period."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from chengguan.cases.indicators import department_indicators


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def unit_case_indicators(*, department_ids, start: date, end: date) -> dict[int, dict[str, float | None]]:
    """For each department id, over the days `start`..`end`: `cases` (立案数), `on_time_rate` (按期处置率),
    `rework_rate` (返工率) and `followup_satisfaction` (回访满意率), each as the assessment's indicator of
    that name (see docs/assessment.md). A rate is None when there is nothing to divide by."""
    figures = department_indicators(
        start=_start_of(start), end=_start_of(end + timedelta(days=1)), department_ids=list(department_ids)
    )
    return {
        pk: {
            "cases": row.get("filed", 0),
            "on_time_rate": row.get("ontime_rate"),
            "rework_rate": row.get("rework_rate"),
            "followup_satisfaction": row.get("satisfaction"),
        }
        for pk, row in figures.items()
    }
