"""The working-day calendar: which days are working days, and deadlines counted in working time.

- A day is a working day when a `WorkdayOverride` row says so; otherwise as `chinese_calendar` says (official
  holidays and swapped working days, 调休). For a year the package does not know, Monday–Friday are working
  days and a `CalendarUnknownYearWarning` is logged and warned once per year per process.
- Working time flows only during the office spans of working days (settings.CHENGGUAN_OFFICE_HOURS, on the
  bureau's wall clock, settings.TIME_ZONE). "hours" counts office hours; "days" counts multiples of one full
  office day (the sum of the spans), so 5 working days from Monday 10:00 end the next Monday at 10:00.
- Counting from outside office hours starts at the next opening (5 days from a Saturday end at Friday's
  closing time). A result that falls exactly on the end of a span stays there; it does not jump to the next
  opening. Adding 0 returns the start unchanged.
- `working_time_between(a, b)` is the office time between a and b (negative when b < a); adding it to a with
  `add_working_time` lands on b whenever b lies inside office hours (an opening time maps to the previous
  closing time, by the rule above).
"""

import logging
import re
import threading
import warnings
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

import chinese_calendar
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from .models import WorkdayOverride
from .signals import CALENDAR_VERSION_KEY
from .versioning import VersionedCache

logger = logging.getLogger(__name__)

HOURS = "hours"
DAYS = "days"
TIME_UNITS = frozenset({HOURS, DAYS})  # the values of taxonomy.TimeUnit

_US_PER_HOUR = 3_600_000_000
_US_PER_DAY = 24 * _US_PER_HOUR
_SPAN = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


class CalendarUnknownYearWarning(UserWarning):
    """chinese_calendar has no data for a year: Monday–Friday are assumed until overrides are entered."""


# --- which days are working days -----------------------------------------------------------------------


def _load_overrides() -> dict[date, bool]:
    return dict(WorkdayOverride.objects.values_list("date", "is_workday"))


_overrides: VersionedCache[dict[date, bool]] = VersionedCache(CALENDAR_VERSION_KEY, _load_overrides)
_warned_years: set[int] = set()
_warned_lock = threading.Lock()


def _warn_unknown_year(year: int) -> None:
    with _warned_lock:
        if year in _warned_years:
            return
        _warned_years.add(year)
    message = (
        f"The holiday calendar (chinesecalendar) has no data for {year}: Monday to Friday are treated as "
        f"working days. Enter {year}'s public holidays and swapped working days as calendar overrides in "
        f"the admin, or upgrade the chinesecalendar package."
    )
    logger.warning(message)
    warnings.warn(message, CalendarUnknownYearWarning, stacklevel=3)


def _is_workday(day: date, overrides: dict[date, bool]) -> bool:
    found = overrides.get(day)
    if found is not None:
        return found
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        _warn_unknown_year(day.year)
        return day.weekday() < 5


def is_workday(day: date) -> bool:
    """Whether `day` is a working day: the override table first, then the official calendar."""
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError(f"is_workday() takes a date, not {type(day).__name__}")
    return _is_workday(day, _overrides.get())


# --- office hours --------------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _parse_spans(value: str) -> tuple[tuple[time, time], ...]:
    spans: list[tuple[time, time]] = []
    for part in value.split(","):
        match = _SPAN.match(part)
        try:
            if not match:
                raise ValueError
            start, end = time(int(match[1]), int(match[2])), time(int(match[3]), int(match[4]))
        except ValueError:
            raise ImproperlyConfigured(
                f"CHENGGUAN_OFFICE_HOURS must be 'HH:MM-HH:MM' spans separated by commas, for example "
                f"'08:30-12:00,14:30-17:30'; {part.strip()!r} in {value!r} is not such a span."
            ) from None
        if start >= end:
            raise ImproperlyConfigured(
                f"CHENGGUAN_OFFICE_HOURS: the span {part.strip()!r} does not end after it starts ({value!r})."
            )
        if spans and start < spans[-1][1]:
            raise ImproperlyConfigured(
                f"CHENGGUAN_OFFICE_HOURS: the span {part.strip()!r} overlaps or comes before the previous "
                f"span; list the spans of a day in order, without overlap ({value!r})."
            )
        spans.append((start, end))
    return tuple(spans)


def office_spans() -> tuple[tuple[time, time], ...]:
    """The office spans of one working day, in order, from settings.CHENGGUAN_OFFICE_HOURS."""
    return _parse_spans(str(settings.CHENGGUAN_OFFICE_HOURS))


def hours_per_day() -> float:
    """Office hours in one working day: what one working day is worth in working hours."""
    return sum(end - start for start, end in _span_offsets()) / _US_PER_HOUR


def _us_of(t: time) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000 + t.microsecond


def _span_offsets() -> list[tuple[int, int]]:
    """Office spans as microseconds since local midnight."""
    return [(_us_of(start), _us_of(end)) for start, end in office_spans()]


# --- working time --------------------------------------------------------------------------------------


def _unit_us(unit: str, spans: list[tuple[int, int]]) -> int:
    if unit not in TIME_UNITS:
        raise ValueError(f"Unknown time unit {unit!r}; expected one of {sorted(TIME_UNITS)}.")
    return _US_PER_HOUR if unit == HOURS else sum(end - start for start, end in spans)


def _amount_us(amount: int | float | Decimal, unit_us: int) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int | float | Decimal):
        raise TypeError(f"The amount of working time must be a number, not {type(amount).__name__}.")
    value = Decimal(str(amount)) if isinstance(amount, float) else Decimal(amount)
    if not value.is_finite() or value < 0:
        raise ValueError(f"The amount of working time must be a finite number not below zero, not {amount}.")
    return int((value * unit_us).to_integral_value(rounding=ROUND_HALF_UP))


def _local(moment: datetime, tz) -> datetime:
    if not isinstance(moment, datetime):
        raise TypeError(f"Expected a datetime, not {type(moment).__name__}.")
    if timezone.is_naive(moment):
        raise ValueError(f"Working time needs an aware datetime; {moment.isoformat()} has no time zone.")
    return timezone.localtime(moment, tz)


def _next_day(day: date) -> date:
    try:
        return day + timedelta(days=1)
    except OverflowError:
        raise ValueError("The amount of working time reaches beyond the year 9999.") from None


def add_working_time(start: datetime, amount: int | float | Decimal, unit: str) -> datetime:
    """The moment `amount` working hours or working days (`unit`) after `start`, in the current time zone."""
    spans = _span_offsets()
    unit_us = _unit_us(unit, spans)
    remaining = _amount_us(amount, unit_us)
    tz = timezone.get_default_timezone()  # the bureau's wall clock, whatever zone a user has active
    local = _local(start, tz)
    if remaining == 0:
        return local
    day_len = sum(end - begin for begin, end in spans)
    overrides = _overrides.get()
    day, now = local.date(), _us_of(local.time())
    while True:
        if _is_workday(day, overrides):
            if now <= spans[0][0] and remaining > day_len:  # a whole office day, skipped at once
                remaining -= day_len
            else:
                for begin, end in spans:
                    if now >= end:
                        continue
                    available = end - max(now, begin)
                    if remaining <= available:
                        midnight = datetime.combine(day, time(), tzinfo=tz)
                        return midnight + timedelta(microseconds=max(now, begin) + remaining)
                    remaining -= available
        day, now = _next_day(day), 0


def working_time_between(a: datetime, b: datetime, unit: str = HOURS) -> float:
    """Office time from `a` to `b` in `unit`; negative when `b` is before `a`."""
    spans = _span_offsets()
    unit_us = _unit_us(unit, spans)
    tz = timezone.get_default_timezone()  # the bureau's wall clock, whatever zone a user has active
    first, last = _local(a, tz), _local(b, tz)
    sign = 1
    if last < first:
        first, last, sign = last, first, -1
    overrides = _overrides.get()
    total, day = 0, first.date()
    while day <= last.date():
        if _is_workday(day, overrides):
            low = _us_of(first.time()) if day == first.date() else 0
            high = _us_of(last.time()) if day == last.date() else _US_PER_DAY
            total += sum(max(0, min(end, high) - max(begin, low)) for begin, end in spans)
        if day == last.date():
            break
        day = _next_day(day)
    return sign * total / unit_us
