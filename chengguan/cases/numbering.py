"""Human-friendly case numbers: the reporting day and a daily sequence, e.g. 2026112200042.

Numbers are unique and sort by date; a failed report may leave a gap (see number_before_transaction). The
day's counter row is locked while a number is drawn, so concurrent reports never share a number (SQLite
serialises writers anyway; PostgreSQL locks the row)."""

import sqlite3
from datetime import date

from django.db import IntegrityError, connection, transaction
from django.db.models import F

from .models import CaseNumberCounter

SEQUENCE_DIGITS = 5


def next_number(day: date) -> str:
    """Draw the next number for `day`; call inside the transaction that creates the case."""
    last = _increment(day)
    if last is None:
        try:
            with transaction.atomic():
                CaseNumberCounter.objects.create(day=day, last=1)
                last = 1
        except IntegrityError:  # another transaction created the day's row first
            last = _increment(day)
    return f"{day:%Y%m%d}{last:0{SEQUENCE_DIGITS}d}"


def number_before_transaction(day: date) -> str | None:
    """On PostgreSQL, outside any transaction: the next number, drawn and committed at once, for a case
    about to be stored. Drawn inside the case's transaction, it would keep the day's counter row locked
    until that transaction commits, which waits for the disk, so concurrent reports would be stored one
    disk flush at a time. A case whose transaction then fails leaves a gap in the day's numbers, as a
    sequence would. None elsewhere: SQLite lets one writer in at a time anyway, and inside an open
    transaction the row stays locked whatever we do."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return None
    return next_number(day)


def _increment(day: date) -> int | None:
    """The day's counter after adding one, or None when the day has no row yet. One statement where the
    database can return the updated value (PostgreSQL; SQLite from 3.35), two otherwise."""
    if connection.vendor == "sqlite" and sqlite3.sqlite_version_info < (3, 35):
        if not CaseNumberCounter.objects.filter(day=day).update(last=F("last") + 1):
            return None
        return CaseNumberCounter.objects.get(day=day).last
    table = connection.ops.quote_name(CaseNumberCounter._meta.db_table)
    sql = f'UPDATE {table} SET "last" = "last" + 1 WHERE "day" = %s RETURNING "last"'
    with connection.cursor() as cursor:
        cursor.execute(sql, [connection.ops.adapt_datefield_value(day)])
        row = cursor.fetchone()
    return row[0] if row else None
