"""The date arithmetic of a forum schedule. Periods are runs of `interval_months` calendar months from the
first day of the month the schedule starts in; a forum is due in every period, by its last day. A
community is late when the last period that is over (for a monthly schedule: last month) had no forum."""

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # the last day, by which the forum is due

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        first, last = f"{self.start:%Y-%m}", f"{self.end:%Y-%m}"
        return first if first == last else f"{first} – {last}"


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, second: date) -> int:
    return (second.year - first.year) * 12 + second.month - first.month


def period_containing(starts_on: date, interval: int, day: date) -> Period | None:
    """The period of a schedule (first period from `starts_on`'s month, `interval` months each) that holds
    `day`; None before the schedule starts."""
    origin = month_start(starts_on)
    if day < origin:
        return None
    offset = months_between(origin, day) // interval * interval
    start = add_months(origin, offset)
    return Period(start, add_months(start, interval) - timedelta(days=1))


def last_complete_period(starts_on: date, interval: int, today: date) -> Period | None:
    """The last period whose every day is before this month (None when the schedule is younger)."""
    before = month_start(today) - timedelta(days=1)
    period = period_containing(starts_on, interval, before)
    while period is not None and period.end >= month_start(today):
        period = period_containing(starts_on, interval, period.start - timedelta(days=1))
    return period


def previous_month(today: date) -> Period:
    end = month_start(today) - timedelta(days=1)
    return Period(month_start(end), end)
