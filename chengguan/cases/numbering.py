"""Human-friendly case numbers: the reporting day and a daily sequence, e.g. 2026112200042.

Numbers are unique and sort by date. The day's counter row is locked while a number is drawn, so
concurrent reports never share a number (SQLite serialises writers anyway; PostgreSQL locks the row)."""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F

from .models import CaseNumberCounter

SEQUENCE_DIGITS = 5


def next_number(day: date) -> str:
    """Draw the next number for `day`; call inside the transaction that creates the case."""
    if not CaseNumberCounter.objects.filter(day=day).update(last=F("last") + 1):
        try:
            with transaction.atomic():
                CaseNumberCounter.objects.create(day=day, last=1)
        except IntegrityError:  # another transaction created the day's row first
            CaseNumberCounter.objects.filter(day=day).update(last=F("last") + 1)
    last = CaseNumberCounter.objects.get(day=day).last
    return f"{day:%Y%m%d}{last:0{SEQUENCE_DIGITS}d}"
