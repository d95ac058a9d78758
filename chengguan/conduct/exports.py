"""The monthly score table as an Excel workbook (openpyxl, write-only)."""

import io
from datetime import date

from django.utils.translation import gettext as _
from openpyxl import Workbook

from chengguan.core import audit


def record_export(*, user, request, month: date, rows: int) -> None:
    """The audit entry of a score export (written here, never by the view)."""
    audit.record(
        audit.Action.EXPORT,
        actor=user,
        request=request,
        data={"what": "conduct.monthly_scores", "month": f"{month:%Y-%m}", "rows": rows},
    )


def scores_workbook(rows: list[dict], *, month: date, department_name: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=f"{month:%Y-%m}")
    sheet.append([_("Monthly conduct scores"), department_name, f"{month:%Y-%m}"])
    sheet.append(
        [
            _("Employee number"),
            _("Name"),
            _("Department"),
            _("Base score"),
            _("Violation deductions"),
            _("Unexcused absences"),
            _("Additions"),
            _("Score"),
        ]
    )
    for row in rows:
        staff = row["staff"]
        sheet.append(
            [
                staff.employee_no,
                staff.name,
                staff.department.name,
                row["base"],
                row["violation_deductions"],
                row["absences"],
                row["additions"],
                row["score"],
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
