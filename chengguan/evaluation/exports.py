"""The round's results as an Excel workbook (openpyxl, write-only): satisfaction per target, the ranking with
each component of the breakdown, and the rectification items. No voter data of any kind."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from . import results, selectors
from .models import COMPONENT_LABELS, COMPONENTS, Round


def _pct(value):
    return None if value is None else round(100 * value, 1)


def round_workbook(round_: Round) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Satisfaction"))
    sheet.append([round_.title, f"{round_.start} – {round_.end}", round_.get_state_display()])
    sheet.append(
        [
            _("Target"),
            _("Kind"),
            _("Ballots"),
            _("Satisfied"),
            _("Satisfaction rate (%)"),
            _("95% interval from (%)"),
            _("95% interval to (%)"),
            _("Mean (1–5)"),
            _("Flagged"),
            _("Voided"),
            _("Opinions"),
            _("Rectification items"),
            _("Rectified"),
        ]
    )
    for r in results.target_results(round_):
        sheet.append(
            [
                r.target.name,
                str(r.target.get_kind_display()),
                r.ballots,
                r.satisfied,
                _pct(r.rate),
                _pct(r.low),
                _pct(r.high),
                None if r.mean is None else round(r.mean, 2),
                r.flagged,
                r.voided,
                r.opinions,
                r.rectifications,
                r.rectified,
            ]
        )
    sheet = book.create_sheet(_("Ranking"))
    header = [_("Position"), _("Unit"), _("Composite score")]
    for name in COMPONENTS:
        header += [f"{COMPONENT_LABELS[name]} · {_('score')}", f"{COMPONENT_LABELS[name]} · {_('points')}"]
    sheet.append(header)
    for row in selectors.ranking(round_):
        parts = {c["component"]: c for c in row.breakdown.get("components", [])}
        line = [row.position, row.target.name, row.score]
        for name in COMPONENTS:
            part = parts.get(name, {})
            line += [part.get("score"), part.get("points")]
        sheet.append(line)
    sheet = book.create_sheet(_("Rectification"))
    sheet.append(
        [
            _("Case"),
            _("Opinion"),
            _("Measure"),
            _("Responsible unit"),
            _("Responsible person"),
            _("Deadline"),
            _("Progress"),
        ]
    )
    for item in selectors.rectifications_of(round_):
        sheet.append(
            [
                item.case.number,
                item.opinion.text,
                item.measure,
                item.department.name,
                item.responsible.name,
                item.due,
                str(selectors.stage_label(item.case.state)),
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
