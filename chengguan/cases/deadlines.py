"""Handling deadlines on the working-day calendar: from the category's time limit and the urgency, moved
by approved extensions, paused while a case is suspended."""

from datetime import datetime, timedelta
from decimal import Decimal

from chengguan.core import worktime
from chengguan.taxonomy import selectors as taxonomy

from .models import Case

# With no category (or a category without a limit) a case still gets a deadline: the general default.
DEFAULT_LIMIT = (Decimal("5"), worktime.DAYS)


def limit_for(case: Case) -> tuple[Decimal, str]:
    if case.category_id:
        limit = taxonomy.time_limit(case.category, case.urgency)
        if limit is not None:
            return Decimal(limit.amount), str(limit.unit)
    return DEFAULT_LIMIT


def set_deadline(case: Case, *, start: datetime) -> None:
    """Give the case its deadline counted from `start` (the dispatch)."""
    amount, unit = limit_for(case)
    case.limit_amount, case.limit_unit = amount, unit
    case.deadline = worktime.add_working_time(start, amount, unit)
    case.remaining_hours = None


def extend(case: Case, working_days: Decimal) -> None:
    case.deadline = worktime.add_working_time(case.deadline, working_days, worktime.DAYS)


def pause(case: Case, *, at: datetime) -> None:
    """Remember how much working time was left; the deadline is void until resumed."""
    if case.deadline is not None:
        case.remaining_hours = max(worktime.working_time_between(at, case.deadline, worktime.HOURS), 0.0)
        case.deadline = None


def resume(case: Case, *, at: datetime) -> None:
    if case.remaining_hours is not None:
        case.deadline = worktime.add_working_time(at, case.remaining_hours, worktime.HOURS)
        case.remaining_hours = None


def limit_hours(case: Case) -> float:
    """The case's whole time limit in working hours (for 'due soon' thresholds)."""
    if case.limit_amount is None:
        return 0.0
    amount = float(case.limit_amount)
    return amount if case.limit_unit == worktime.HOURS else amount * worktime.hours_per_day()


def remaining_hours(case: Case, *, now: datetime) -> float | None:
    if case.deadline is None:
        return case.remaining_hours
    return worktime.working_time_between(now, case.deadline, worktime.HOURS)


def is_overdue(case: Case, *, now: datetime) -> bool:
    return case.deadline is not None and case.deadline < now


def overdue_by(case: Case, *, now: datetime) -> timedelta | None:
    return now - case.deadline if is_overdue(case, now=now) else None
