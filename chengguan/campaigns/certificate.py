"""The honour certificate of a named unit: an A4 landscape PDF in Chinese, drawn with reportlab's built-in
CJK font (STSong-Light), so no system font is needed."""

import io

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
RED = colors.HexColor("#b3261e")


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _wrap(text: str, width: float, size: float, font: str) -> list[str]:
    """Break Chinese text by characters to fit `width` points."""
    lines, line = [], ""
    for char in text:
        if pdfmetrics.stringWidth(line + char, font, size) > width:
            lines.append(line)
            line = char
        else:
            line += char
    return lines + ([line] if line else [])


def _quoted(title: str) -> str:
    return title if "“" in title else f"“{title}”"


def render(application) -> bytes:
    """The certificate of a named application, as PDF bytes (always in Chinese)."""
    campaign, unit = application.campaign, application.unit
    font = _font()
    buffer = io.BytesIO()
    width, height = landscape(A4)
    with translation.override("zh-hans"):
        pdf = canvas.Canvas(buffer, pagesize=(width, height))
        pdf.setTitle(_("Certificate of honour") + f" {application.certificate_no}")
        pdf.setStrokeColor(RED)
        pdf.setLineWidth(4)
        pdf.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)
        pdf.setLineWidth(1)
        pdf.rect(19 * mm, 19 * mm, width - 38 * mm, height - 38 * mm)
        pdf.setFillColor(RED)
        pdf.setFont(font, 44)
        pdf.drawCentredString(width / 2, height - 62 * mm, _("Certificate of honour"))
        pdf.setFillColor(colors.black)
        pdf.setFont(font, 22)
        pdf.drawString(45 * mm, height - 90 * mm, f"{unit.name}：")
        body = _(
            "In %(campaign)s your unit did outstanding work. After inspection, scoring and public notice "
            "it is named %(title)s. This certificate is awarded in recognition."
        ) % {"campaign": campaign.name, "title": _quoted(campaign.title_for(unit.kind))}
        y = height - 108 * mm
        for line in _wrap("　　" + body, width - 100 * mm, 20, font):
            pdf.setFont(font, 20)
            pdf.drawString(50 * mm, y, line)
            y -= 11 * mm
        named = timezone.localtime(application.named_at) if application.named_at else timezone.localtime()
        pdf.setFont(font, 18)
        pdf.drawRightString(width - 45 * mm, 52 * mm, campaign.owner_department.name)
        pdf.drawRightString(width - 45 * mm, 42 * mm, f"{named.year}年{named.month}月{named.day}日")
        pdf.setFont(font, 11)
        pdf.drawString(
            25 * mm, 24 * mm, _("Certificate no. %(number)s") % {"number": application.certificate_no}
        )
        pdf.showPage()
        pdf.save()
    return buffer.getvalue()
