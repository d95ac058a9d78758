"""The ranking as a PDF document (reportlab, its built-in CJK font STSong-Light): attached to the ranking's
notice so the published text and its breakdown travel together."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .models import COMPONENT_LABELS, COMPONENTS, Round

FONT = "STSong-Light"


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _cell(value) -> str:
    return "—" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def ranking_pdf(round_: Round, rows) -> bytes:
    """`rows`: RankingRow objects, best first."""
    font = _font()
    title = ParagraphStyle("title", fontName=font, fontSize=16, leading=22)
    text = ParagraphStyle("text", fontName=font, fontSize=9, leading=13)
    used = [name for name in COMPONENTS if round_.weights()[name]]
    header = [_("Position"), _("Unit"), _("Composite score")]
    weight = _("weight")
    header += [f"{COMPONENT_LABELS[name]}\n({weight} {round_.weights()[name]})" for name in used]
    data = [[Paragraph(str(h).replace("\n", "<br/>"), text) for h in header]]
    for row in rows:
        parts = {c["component"]: c for c in row.breakdown.get("components", [])}
        line = [str(row.position), row.target.name, f"{row.score:.2f}"]
        for name in used:
            part = parts.get(name, {})
            line.append(f"{_cell(part.get('score'))} → {_cell(part.get('points'))}")
        data.append([Paragraph(cell, text) for cell in line])
    table = Table(data, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6f0ec")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    note = _(
        "Each component: its 0–100 score → the points it gives (weight × score ÷ the weights of the "
        "components with data). Generated %(at)s."
    ) % {"at": timezone.localtime().strftime("%Y-%m-%d %H:%M")}
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=landscape(A4), leftMargin=15 * mm, rightMargin=15 * mm, title=round_.title
    )
    heading = _("Ranking of %(title)s (%(start)s to %(end)s):") % {
        "title": round_.title,
        "start": round_.start,
        "end": round_.end,
    }
    document.build(
        [Paragraph(heading, title), Spacer(1, 6 * mm), table, Spacer(1, 4 * mm), Paragraph(note, text)]
    )
    return buffer.getvalue()
