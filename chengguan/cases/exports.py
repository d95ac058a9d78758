"""Case exports to CSV and Excel, for the API and the console pages alike.

`export_cases(queryset, fmt="csv"|"xlsx", actor=…)` checks the `cases.export_cases` permission, writes one
row per case with the reporter's name and phone ALWAYS masked (whoever asks), records an audit entry with
the format, the filters and the row count, and returns (bytes, content type, file name)."""

import csv
import io
from collections.abc import Callable, Iterator
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING

from chengguan.core import audit
from chengguan.core.privacy import mask_name, mask_phone

from .models import Case
from .states import WITH_DEPARTMENT

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(CONTENT_TYPES)
RELATED = ("category", "department", "community", "street", "cell")
# Text starting with one of these is taken for a formula by spreadsheet programs (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _ref(obj, attr: str = "name") -> str:
    return getattr(obj, attr) if obj is not None else ""


def columns() -> list[tuple[str, Callable[[Case, datetime], object]]]:
    """(heading, value of a case) for each column, in order; headings in the active language."""
    return [
        (_("Case number"), lambda c, now: c.number),
        (_("State"), lambda c, now: c.get_state_display()),
        (_("Channel"), lambda c, now: c.get_channel_display()),
        (_("Category code"), lambda c, now: _ref(c.category, "code")),
        (_("Category"), lambda c, now: _ref(c.category)),
        (_("Urgency"), lambda c, now: c.get_urgency_display()),
        (_("Responsible department"), lambda c, now: _ref(c.department)),
        (_("Street"), lambda c, now: _ref(c.street)),
        (_("Community"), lambda c, now: _ref(c.community)),
        (_("Grid cell"), lambda c, now: _ref(c.cell, "code")),
        (_("Address"), lambda c, now: c.address),
        (_("Description"), lambda c, now: c.description),
        (_("Longitude (WGS-84)"), lambda c, now: c.lng),
        (_("Latitude (WGS-84)"), lambda c, now: c.lat),
        (_("Reporter (masked)"), lambda c, now: mask_name(c.reporter_name)),
        (_("Reporter phone (masked)"), lambda c, now: mask_phone(c.reporter_phone)),
        (_("Reported at"), lambda c, now: c.reported_at),
        (_("Dispatched at"), lambda c, now: c.dispatched_at),
        (_("Deadline"), lambda c, now: c.deadline),
        (_("Handled at"), lambda c, now: c.handled_at),
        (_("Closed at"), lambda c, now: c.closed_at),
        (_("Overdue"), lambda c, now: _("yes") if _overdue(c, now) else _("no")),
        (_("Supervision"), lambda c, now: c.get_supervision_display()),
    ]


def _overdue(case: Case, now: datetime) -> bool:
    return bool(case.state in WITH_DEPARTMENT and case.deadline and case.deadline < now)


def export_cases(
    queryset: QuerySet[Case], *, fmt: str, actor, filters: dict | None = None, request=None
) -> tuple[bytes, str, str]:
    """The cases of `queryset` (in its order) as a file: (content, content type, file name).

    The caller scopes and filters the queryset (selectors.visible_cases / filter_cases) and may pass the
    filters it used, which go into the audit entry. Raises PermissionDenied for a user without
    `cases.export_cases` and ValueError for a format other than csv or xlsx."""
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    if actor is None or not actor.has_perm("cases.export_cases"):
        raise PermissionDenied(_("You may not export cases."))
    now = timezone.now()
    cols = columns()
    rows = ([value(case, now) for _heading, value in cols] for case in _cases(queryset))
    headings = [heading for heading, _value in cols]
    content, count = (_csv if fmt == "csv" else _xlsx)(headings, rows)
    audit.record(
        audit.Action.EXPORT,
        actor=actor,
        request=request,
        data={"what": "cases", "format": fmt, "count": count, "filters": _plain(filters or {})},
    )
    filename = f"cases-{timezone.localtime(now):%Y%m%d-%H%M}.{fmt}"
    return content, CONTENT_TYPES[fmt], filename


def _cases(queryset: QuerySet[Case]) -> Iterator[Case]:
    return queryset.select_related(*RELATED).iterator(chunk_size=2000)


def _plain(filters: dict) -> dict:
    return {key: value for key, value in filters.items() if value not in (None, "", [], False)}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _csv(headings: list[str], rows) -> tuple[bytes, int]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headings)
    count = 0
    for row in rows:
        writer.writerow([_text(value) for value in row])
        count += 1
    return buffer.getvalue().encode("utf-8-sig"), count  # the BOM makes Excel read UTF-8


def _xlsx(headings: list[str], rows) -> tuple[bytes, int]:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Cases"))
    sheet.append(headings)
    count = 0
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count


def _xlsx_cell(sheet, value):
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones
    if value is None or isinstance(value, int | float):
        return value
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    cell.data_type = TYPE_STRING  # never a formula, whatever the text starts with
    return cell
