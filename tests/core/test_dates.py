from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError

from chengguan.core.dates import sane_date_or_none, validate_sane_date


@pytest.mark.parametrize("value", [date(2026, 12, 5), datetime(2000, 1, 1, 0, 0), date(2099, 12, 31), None])
def test_dates_people_mean_pass(value):
    validate_sane_date(value)


@pytest.mark.parametrize("text", ["9999-12-31", "0001-01-01", "1899-05-04"])
def test_absurd_dates_are_refused(text):
    with pytest.raises(ValidationError, match="2000-01-01.*2099-12-31"):
        sane_date_or_none(text)


def test_malformed_and_empty_parameters():
    assert sane_date_or_none("") is None and sane_date_or_none("2026-12-05") == date(2026, 12, 5)
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        sane_date_or_none("2026-13-45")
