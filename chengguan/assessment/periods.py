"""Assessment periods: a month, a quarter, a year or a custom range of days, as [start, end) instants in
the bureau's time zone (settings.TIME_ZONE, Asia/Shanghai)."""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from chengguan.core.dates import validate_sane_date

from .models import PeriodKind


@dataclass(frozen=True)
class Period:
    kind: str
    label: str
    start: datetime
    end: datetime  # exclusive

    @property
    def first_day(self) -> date:
        return timezone.localtime(self.start).date()

    @property
    def last_day(self) -> date:
        return timezone.localtime(self.end).date() - timedelta(days=1)


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=timezone.get_default_timezone())


def _next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def month(year: int, month_no: int) -> Period:
    first = date(year, month_no, 1)
    return Period(PeriodKind.MONTH, f"{year}-{month_no:02d}", _at(first), _at(_next_month(first)))


def quarter(year: int, number: int) -> Period:
    first = date(year, 3 * (number - 1) + 1, 1)
    last = date(year + (number == 4), (3 * number) % 12 + 1, 1)
    return Period(PeriodKind.QUARTER, f"{year}Q{number}", _at(first), _at(last))


def year(year_no: int) -> Period:
    return Period(PeriodKind.YEAR, str(year_no), _at(date(year_no, 1, 1)), _at(date(year_no + 1, 1, 1)))


def custom(first: date, last: date) -> Period:
    if last < first:
        raise ValueError("The range ends before it starts.")
    return Period(
        PeriodKind.CUSTOM, f"{first:%Y%m%d}-{last:%Y%m%d}", _at(first), _at(last + timedelta(days=1))
    )


def this_month(now: datetime | None = None) -> Period:
    today = timezone.localtime(now or timezone.now()).date()
    return month(today.year, today.month)


def previous_month(period: Period) -> Period:
    day = period.first_day - timedelta(days=1)
    return month(day.year, day.month)


def last_months(count: int, now: datetime | None = None) -> list[Period]:
    """The `count` months up to and including this one, oldest first."""
    months = [this_month(now)]
    while len(months) < count:
        months.insert(0, previous_month(months[0]))
    return months


_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{2})$"), lambda m: month(int(m[1]), int(m[2]))),
    (re.compile(r"^(\d{4})Q([1-4])$"), lambda m: quarter(int(m[1]), int(m[2]))),
    (re.compile(r"^(\d{4})$"), lambda m: year(int(m[1]))),
    (
        re.compile(r"^(\d{4})(\d{2})(\d{2})-(\d{4})(\d{2})(\d{2})$"),
        lambda m: custom(date(int(m[1]), int(m[2]), int(m[3])), date(int(m[4]), int(m[5]), int(m[6]))),
    ),
)


def parse(label: str) -> Period:
    """2026-11, 2026Q4, 2026 or 20261101-20261115 within the sane range of dates (core.dates); ValueError
    with a sentence otherwise."""
    text = (label or "").strip().upper()
    for pattern, build in _PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                period = build(match)
            except (ValueError, OverflowError):
                break
            try:
                validate_sane_date(period.first_day)
                validate_sane_date(period.last_day)
            except ValidationError as exc:
                raise ValueError(" ".join(exc.messages)) from None
            return period
    raise ValueError(f"“{label}” is not a period such as 2026-11, 2026Q4, 2026 or 20261101-20261115.")
