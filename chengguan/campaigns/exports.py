"""The campaign progress workbook for the civility office (openpyxl, write-only). Contact persons' names
and phones are not exported."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from chengguan.core import audit

from . import services


def record_export(*, user, campaign) -> None:
    """The audit entry of a progress export (written here, never by the view)."""
    audit.record(audit.Action.EXPORT, actor=user, target=campaign, data={"what": "campaign progress"})


def record_reveal(*, user, unit) -> None:
    """The audit entry of revealing a unit's contact (written here, never by the view)."""
    audit.record(
        audit.Action.REVEAL, actor=user, target=unit, data={"fields": ["contact_name", "contact_phone"]}
    )


def _header(sheet, titles):
    row = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=str(title))
        cell.font = Font(bold=True)
        row.append(cell)
    sheet.append(row)


def progress_workbook(campaign, rows) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Progress by unit")[:31])
    _header(
        sheet,
        [
            _("Unit"),
            _("Kind"),
            _("Application"),
            _("Reports in"),
            _("Reports due"),
            _("Late or overdue"),
            _("Self-assessment"),
            _("Inspections"),
            _("Inspection score"),
            _("Open rectifications"),
            _("Vetoed"),
            _("Rank"),
            _("Honour"),
        ],
    )
    for row in rows:
        a = row["application"]
        sheet.append(
            [
                a.unit.name,
                a.unit.get_kind_display(),
                a.get_state_display(),
                a.reports_in,
                a.reports_total,
                a.reports_late,
                float(row["self_total"]) if row["self_total"] is not None else None,
                a.inspections_done,
                float(a.score) if a.score is not None else None,
                row["open_rectifications"],
                _("yes") if a.disqualified else _("no"),
                a.rank,
                a.get_title_display() if a.title else "",
            ]
        )
    standards = book.create_sheet(_("Standards")[:31])
    _header(standards, [_("Group"), _("Code"), _("Item"), _("Points"), _("How it is checked")])
    for item in campaign.standards.all():
        standards.append([item.group, item.code, item.title, float(item.points), item.method])
    ranking = book.create_sheet(_("Ranking")[:31])
    _header(ranking, [_("Rank"), _("Unit"), _("Score"), _("Within the quota")])
    for row in services.ranking(campaign):
        score = float(row["score"]) if row["score"] is not None else None
        ranking.append(
            [row["rank"], row["application"].unit.name, score, _("yes") if row["named"] else _("no")]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
