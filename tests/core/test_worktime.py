import warnings
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest
from django.core.exceptions import ImproperlyConfigured

from chengguan.core import worktime
from chengguan.core.models import WorkdayOverride
from chengguan.core.worktime import (
    CalendarUnknownYearWarning,
    add_working_time,
    is_workday,
    office_spans,
    working_time_between,
)

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
IGNORE_UNKNOWN_YEAR = pytest.mark.filterwarnings("ignore::chengguan.core.worktime.CalendarUnknownYearWarning")


def at(y, m, d, hh=0, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def fresh_calendar(monkeypatch):
    # Test transactions roll the version row back, so a cache built in one test could match the next test's
    # version number; start every test from an empty cache and with no year warned about yet.
    monkeypatch.setattr(worktime, "_warned_years", set())
    worktime._overrides.invalidate()
    yield
    worktime._overrides.invalidate()


def oracle_add_hours(start, hours):
    """Minute-by-minute reference, with the default spans and the official calendar only."""
    spans = [(8 * 60 + 30, 12 * 60), (14 * 60 + 30, 17 * 60 + 30)]
    moment, counted = start, 0
    while counted < round(hours * 60):
        minute = moment.hour * 60 + moment.minute
        if chinese_calendar.is_workday(moment.date()) and any(s <= minute < e for s, e in spans):
            counted += 1
        moment += timedelta(minutes=1)
    return moment


# --- the calendar --------------------------------------------------------------------------------------


def test_five_working_days_before_national_day_end_after_the_holiday():
    # Sep 30 10:00 → Oct 8 10:00 (1), Oct 9 (2), Sat Oct 10, a swapped working day (3), Mon Oct 12 (4),
    # Tue Oct 13 10:00 (5).
    result = add_working_time(at(2026, 9, 30, 10), 5, "days")
    assert result == at(2026, 10, 13, 10)
    assert result.tzinfo == SHANGHAI


def test_mid_autumn_and_swapped_sunday_before_national_day():
    assert is_workday(date(2026, 9, 20))  # Sunday, swapped working day
    assert not is_workday(date(2026, 9, 25))  # Mid-Autumn Festival, a Friday
    # Thu Sep 24 16:00: 1.5 h that day, then Sep 25–27 off, so the remaining 2.5 h end Mon Sep 28 11:00.
    assert add_working_time(at(2026, 9, 24, 16), 4, "hours") == at(2026, 9, 28, 11)


def test_swapped_saturday_counts_and_ordinary_saturday_does_not():
    assert is_workday(date(2026, 10, 10))
    assert not is_workday(date(2026, 10, 17))
    # Friday 16:00 + 4 h: 1.5 h on Friday, 2.5 h from the next working day's 08:30.
    assert add_working_time(at(2026, 10, 9, 16), 4, "hours") == at(2026, 10, 10, 11)
    assert add_working_time(at(2026, 10, 16, 16), 4, "hours") == at(2026, 10, 19, 11)


def test_override_takes_effect_immediately_through_the_version_row():
    monday = date(2026, 10, 19)
    assert is_workday(monday)
    assert add_working_time(at(2026, 10, 16, 16), 4, "hours") == at(2026, 10, 19, 11)
    WorkdayOverride.objects.create(date=monday, is_workday=False, note="local holiday")
    assert not is_workday(monday)
    assert add_working_time(at(2026, 10, 16, 16), 4, "hours") == at(2026, 10, 20, 11)


def test_override_reaches_a_warm_cache_through_on_commit_invalidation(
    settings, django_capture_on_commit_callbacks
):
    settings.CHENGGUAN_CACHE_CHECK_SECONDS = 3600  # no version check: only the commit hook can refresh
    saturday = date(2026, 10, 17)
    assert not is_workday(saturday)
    with django_capture_on_commit_callbacks(execute=True):
        override = WorkdayOverride.objects.create(date=saturday, is_workday=True, note="make-up day")
    assert is_workday(saturday)
    assert add_working_time(at(2026, 10, 16, 16), 4, "hours") == at(2026, 10, 17, 11)
    with django_capture_on_commit_callbacks(execute=True):
        override.delete()
    assert not is_workday(saturday)


def test_unknown_year_warns_once_and_falls_back_to_monday_to_friday(caplog):
    with pytest.warns(CalendarUnknownYearWarning, match="2027.*admin"):
        assert is_workday(date(2027, 1, 4))  # Monday
    assert any("2027" in record.getMessage() for record in caplog.records if record.levelname == "WARNING")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert not is_workday(date(2027, 1, 9))  # Saturday
        assert is_workday(date(2027, 1, 8))  # Friday
    assert not [w for w in caught if issubclass(w.category, CalendarUnknownYearWarning)]


def test_deadline_running_into_an_unknown_year_does_not_crash():
    # Thu 2026-12-31 is a working day; Fri 2027-01-01 is a weekday the fallback treats as working.
    with pytest.warns(CalendarUnknownYearWarning, match="2027"):
        assert add_working_time(at(2026, 12, 31, 16), 4, "hours") == at(2027, 1, 1, 11)


@IGNORE_UNKNOWN_YEAR
def test_override_in_unknown_year_is_honoured():
    WorkdayOverride.objects.create(date=date(2027, 1, 1), is_workday=False, note="New Year's Day")
    WorkdayOverride.objects.create(date=date(2027, 1, 2), is_workday=True, note="make-up day")
    assert not is_workday(date(2027, 1, 1))
    assert is_workday(date(2027, 1, 2))
    assert add_working_time(at(2026, 12, 31, 16), 4, "hours") == at(2027, 1, 2, 11)


# --- hours and days ------------------------------------------------------------------------------------


def test_hours_cross_the_lunch_break():
    assert add_working_time(at(2026, 10, 13, 10), 4, "hours") == at(2026, 10, 13, 16, 30)
    # 1 h before lunch and 3 h after: ends exactly at closing time and stays there.
    assert add_working_time(at(2026, 10, 13, 11), 4, "hours") == at(2026, 10, 13, 17, 30)
    assert add_working_time(at(2026, 10, 13, 8), 3.5, "hours") == at(2026, 10, 13, 12)


def test_days_keep_the_time_of_day_and_start_at_the_next_opening():
    assert add_working_time(at(2026, 10, 12, 10), 5, "days") == at(2026, 10, 19, 10)
    assert add_working_time(at(2026, 10, 17, 9), 5, "days") == at(2026, 10, 23, 17, 30)  # Saturday
    assert add_working_time(at(2026, 10, 13, 20), 1, "days") == at(2026, 10, 14, 17, 30)
    assert add_working_time(at(2026, 10, 12, 8, 30), Decimal("0.5"), "days") == at(2026, 10, 12, 11, 45)


def test_large_amounts():
    assert add_working_time(at(2026, 9, 30, 10), 20, "days") == at(2026, 11, 3, 10)
    # 5 h on Sep 30, then exactly 30 whole working days: ends at closing time of the 30th.
    assert add_working_time(at(2026, 9, 30, 10), 200, "hours") == at(2026, 11, 17, 17, 30)
    # Mon Jan 5 09:00 + 240 days: 09:00 on the 240th working day after Jan 5, as the package lists them.
    workdays = chinese_calendar.get_workdays(date(2026, 1, 6), date(2026, 12, 31))
    expected = datetime.combine(workdays[239], time(9), tzinfo=SHANGHAI)
    assert add_working_time(at(2026, 1, 5, 9), 240, "days") == expected


@pytest.mark.parametrize(
    "start", [at(2026, 9, 24, 11, 15), at(2026, 9, 30, 7), at(2026, 10, 9, 12), at(2026, 10, 10, 17, 29)]
)
@pytest.mark.parametrize("hours", [0.25, 1, 3.5, 4, 6.5, 7, 13, 20])
def test_agrees_with_minute_by_minute_reference(start, hours):
    assert add_working_time(start, hours, "hours") == oracle_add_hours(start, hours)


def test_zero_amount_and_time_zones():
    start = at(2026, 10, 17, 9)
    assert add_working_time(start, 0, "days") == start
    utc_start = datetime(2026, 10, 13, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
    result = add_working_time(utc_start, 4, "hours")
    assert result == at(2026, 10, 13, 16, 30) and result.tzinfo == SHANGHAI


def test_other_office_hours_setting(settings):
    settings.CHENGGUAN_OFFICE_HOURS = "09:00-17:00"
    assert office_spans()[0][0].hour == 9
    assert add_working_time(at(2026, 10, 13, 15), 4, "hours") == at(2026, 10, 14, 11)
    assert add_working_time(at(2026, 10, 13, 10), 1, "days") == at(2026, 10, 14, 10)


# --- working time between ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (at(2026, 10, 16, 16), at(2026, 10, 19, 11), 4.0),
        (at(2026, 9, 30, 10), at(2026, 10, 13, 10), 32.5),
        (at(2026, 10, 13, 11), at(2026, 10, 13, 15), 1.5),
        (at(2026, 10, 17, 9), at(2026, 10, 18, 9), 0.0),
        (at(2026, 9, 30, 10, 7), at(2026, 11, 17, 16, 53), None),
    ],
)
def test_working_time_between_round_trips(a, b, expected):
    hours = working_time_between(a, b)
    if expected is not None:
        assert hours == expected
    assert working_time_between(b, a) == -hours
    if hours:
        assert add_working_time(a, hours, "hours") == b
        assert add_working_time(a, working_time_between(a, b, "days"), "days") == b


def test_working_time_between_in_days():
    assert working_time_between(at(2026, 10, 12, 10), at(2026, 10, 19, 10), unit="days") == 5.0
    assert working_time_between(at(2026, 10, 19, 10), at(2026, 10, 12, 10), unit="days") == -5.0


# --- bad input -----------------------------------------------------------------------------------------


def test_bad_amounts_units_and_datetimes_are_refused():
    start = at(2026, 10, 13, 10)
    with pytest.raises(ValueError, match="not below zero"):
        add_working_time(start, -1, "hours")
    with pytest.raises(ValueError, match="not below zero"):
        add_working_time(start, float("nan"), "hours")
    with pytest.raises(ValueError, match="Unknown time unit 'weeks'"):
        add_working_time(start, 1, "weeks")
    with pytest.raises(ValueError, match="Unknown time unit"):
        working_time_between(start, start, unit="minutes")
    with pytest.raises(ValueError, match="aware datetime"):
        add_working_time(datetime(2026, 10, 13, 10), 1, "hours")
    with pytest.raises(TypeError):
        add_working_time(start, "1", "hours")
    with pytest.raises(TypeError):
        is_workday(start)


@pytest.mark.parametrize(
    "value, message",
    [
        ("8:30-12", "HH:MM-HH:MM"),
        ("", "HH:MM-HH:MM"),
        ("08:30-25:00", "HH:MM-HH:MM"),
        ("12:00-08:30", "does not end after it starts"),
        ("09:00-09:00", "does not end after it starts"),
        ("14:30-17:30,08:30-12:00", "overlaps or comes before"),
        ("08:30-12:00,11:00-13:00", "overlaps or comes before"),
    ],
)
def test_bad_office_hours_setting(settings, value, message):
    settings.CHENGGUAN_OFFICE_HOURS = value
    with pytest.raises(ImproperlyConfigured, match=message):
        office_spans()
    with pytest.raises(ImproperlyConfigured, match="CHENGGUAN_OFFICE_HOURS"):
        add_working_time(at(2026, 10, 13, 10), 1, "hours")
