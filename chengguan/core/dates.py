"""Dates people can mean: a filter or form date outside SANE_RANGE is refused with a field error instead of
overflowing date arithmetic (9999-12-31 + 1 day) or a database's range (0001-01-01 on SQLite)."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SANE_RANGE = (date(2000, 1, 1), date(2099, 12, 31))


def validate_sane_date(value) -> None:
    """A validator for form and serializer date (and date-time) fields."""
    day = value.date() if isinstance(value, datetime) else value
    earliest, latest = SANE_RANGE
    if day is not None and not earliest <= day <= latest:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s.") % {"earliest": earliest, "latest": latest},
            code="date_out_of_range",
        )


def sane_date_or_none(text: str | None) -> date | None:
    """A YYYY-MM-DD query parameter as a date; None when empty, ValidationError when malformed or absurd."""
    if not text:
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(_("Enter a date as YYYY-MM-DD."), code="invalid_date") from None
    validate_sane_date(day)
    return day
