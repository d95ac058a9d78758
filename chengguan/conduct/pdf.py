"""The sanction decision letter (作风违规处理决定书) of a decided violation, as a PDF with reportlab's
built-in Chinese font (STSong-Light): no system fonts needed."""

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .models import Violation

FONT = "STSong-Light"


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def decision_letter(violation: Violation) -> bytes:
    font = _font()
    title = ParagraphStyle("title", fontName=font, fontSize=18, leading=26, alignment=1, spaceAfter=8 * mm)
    body = ParagraphStyle("body", fontName=font, fontSize=11, leading=18)
    cell = ParagraphStyle("cell", fontName=font, fontSize=10.5, leading=16)

    def p(text) -> Paragraph:
        return Paragraph(escape(str(text or "—")).replace("\n", "<br/>"), cell)

    decided_at = timezone.localtime(violation.decided_at) if violation.decided_at else None
    decider = violation.decided_by
    decider_name = getattr(getattr(decider, "staff", None), "name", "") or (
        decider.get_username() if decider else ""
    )
    rows = [
        ("姓名", violation.staff.name),
        ("工号", violation.staff.employee_no),
        ("所在部门", violation.staff.department.name),
        ("违规日期", f"{violation.occurred_on:%Y年%m月%d日}"),
        ("违反规定", f"{violation.rule.rule_set.name} 第{violation.rule.number}条：{violation.rule.text}"),
        ("违规事实", violation.description),
        ("当事人陈述", violation.statement),
        ("建议处理", violation.get_proposed_sanction_display()),
        (
            "处理决定",
            violation.get_sanction_display() if violation.sanction else violation.get_state_display(),
        ),
        ("决定理由", violation.decision_reasons),
        ("月度考核扣分", str(violation.deduction) if violation.sanction else "0"),
        ("决定人", decider_name),
        ("决定时间", f"{decided_at:%Y年%m月%d日 %H:%M}" if decided_at else ""),
    ]
    table = Table([[p(k), p(v)] for k, v in rows], colWidths=[32 * mm, 138 * mm])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, "#666666"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (0, -1), "#eef3f1"),
            ]
        )
    )
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title="作风违规处理决定书",
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
    )
    doc.build(
        [
            Paragraph("作风违规处理决定书", title),
            table,
            Spacer(1, 8 * mm),
            Paragraph(
                f"记录编号：CONDUCT-{violation.pk}　　生成时间：{timezone.localtime():%Y-%m-%d %H:%M}", body
            ),
        ]
    )
    return buffer.getvalue()
