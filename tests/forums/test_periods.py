"""The periods of a schedule: a forum due in each, late when the last period that is over had none."""

from datetime import date

from chengguan.forums.periods import Period, last_complete_period, period_containing, previous_month


def test_a_monthly_schedule_looks_at_last_month():
    assert last_complete_period(date(2026, 1, 15), 1, date(2026, 5, 20)) == Period(
        date(2026, 4, 1), date(2026, 4, 30)
    )
    assert period_containing(date(2026, 1, 15), 1, date(2026, 5, 20)) == Period(
        date(2026, 5, 1), date(2026, 5, 31)
    )
    assert previous_month(date(2026, 1, 3)) == Period(date(2025, 12, 1), date(2025, 12, 31))


def test_a_quarterly_schedule_waits_for_its_quarter_to_end():
    # Periods Jan–Mar, Apr–Jun …: in May the last one over is Jan–Mar; in July, Apr–Jun.
    assert last_complete_period(date(2026, 1, 1), 3, date(2026, 5, 20)) == Period(
        date(2026, 1, 1), date(2026, 3, 31)
    )
    assert last_complete_period(date(2026, 1, 1), 3, date(2026, 7, 1)) == Period(
        date(2026, 4, 1), date(2026, 6, 30)
    )
    assert period_containing(date(2026, 1, 1), 3, date(2026, 5, 20)).label == "2026-04 – 2026-06"


def test_a_schedule_started_this_month_has_no_period_over_yet():
    assert last_complete_period(date(2026, 5, 1), 1, date(2026, 5, 20)) is None
    assert last_complete_period(date(2026, 4, 1), 3, date(2026, 5, 20)) is None
    assert period_containing(date(2026, 5, 1), 1, date(2026, 4, 30)) is None


def test_the_year_boundary():
    assert last_complete_period(date(2025, 11, 1), 2, date(2026, 1, 10)) == Period(
        date(2025, 11, 1), date(2025, 12, 31)
    )
