"""The sanction decision letter (作风违规处理决定书) of a decided violation, laid out as a formal letter: the
issuing authority, the document number from the year's sequence, the party, the facts, the basis (the rule
and its rule set), the decision, the notice of the right to a statement and review (申辩、复核), the
authority and date at the foot, and page numbers. The Chinese font is embedded (`core.pdf`)."""

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from chengguan.core.pdf import cjk_font, numbered_canvas

from . import selectors
from .models import Violation, ViolationState

TITLE = "作风违规处理决定书"


def _p(text, style) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _styles(font: str) -> dict:
    return {
        "authority": ParagraphStyle(
            "authority", fontName=font, fontSize=20, leading=28, alignment=1, textColor="#b91c1c"
        ),
        "title": ParagraphStyle("title", fontName=font, fontSize=18, leading=26, alignment=1, spaceBefore=4),
        "number": ParagraphStyle(
            "number", fontName=font, fontSize=11, leading=18, alignment=1, spaceAfter=14
        ),
        "h": ParagraphStyle("h", fontName=font, fontSize=12, leading=20, spaceBefore=8, spaceAfter=2),
        "body": ParagraphStyle("body", fontName=font, fontSize=11.5, leading=20, firstLineIndent=23),
        "line": ParagraphStyle("line", fontName=font, fontSize=11.5, leading=20),
        "sign": ParagraphStyle("sign", fontName=font, fontSize=11.5, leading=20, alignment=2),
        "foot": ParagraphStyle("foot", fontName=font, fontSize=8.5, leading=12, textColor="#6b7280"),
    }


def _person(user) -> str:
    if user is None:
        return ""
    return getattr(getattr(user, "staff", None), "name", "") or user.get_username()


def decision_letter(violation: Violation) -> bytes:
    font = cjk_font()
    s = _styles(font)
    staff, rule = violation.staff, violation.rule
    authority = selectors.issuing_authority(staff)
    appeal = selectors.appeal_terms(authority)
    decided_at = timezone.localtime(violation.decided_at) if violation.decided_at else None
    dismissed = violation.state == ViolationState.DISMISSED

    what = violation.description.strip().rstrip("。")
    facts = f"经查，{staff.name}于{violation.occurred_on:%Y年%m月%d日}{what}。"
    if violation.statement.strip():
        facts += f"当事人陈述：{violation.statement.strip()}"
    else:
        facts += "当事人未提出陈述。"
    basis = f"《{rule.rule_set.name}》第{rule.number}条：“{rule.text.strip()}”"
    if rule.rule_set.source:
        basis += f"（依据文件：{rule.rule_set.source.strip().rstrip('。')}）"
    if dismissed:
        decision = "经研究，决定对当事人不予处理。"
    else:
        decision = f"经研究，决定给予{staff.name}{violation.get_sanction_display()}处理"
        decision += f"，扣减当月作风考核分{violation.deduction}分。" if violation.deduction else "。"
        if violation.repeat_count:
            decision += f"当事人当月已有{violation.repeat_count}次违反同一条规定，依规从重处理。"
    if violation.decision_reasons.strip():
        decision += f"理由：{violation.decision_reasons.strip()}"

    story = [
        _p(authority, s["authority"]),
        _p(TITLE, s["title"]),
        _p(violation.document_number or "（未编号）", s["number"]),
        _p(f"当事人：{staff.name}", s["line"]),
        _p(f"工号：{staff.employee_no or '—'}", s["line"]),
        _p(f"所在部门：{staff.department.name}", s["line"]),
        _p("一、违规事实", s["h"]),
        _p(facts, s["body"]),
        _p("二、处理依据", s["h"]),
        _p(f"当事人的上述行为违反了{basis}。", s["body"]),
        _p("三、处理决定", s["h"]),
        _p(decision, s["body"]),
        _p("四、申辩与复核", s["h"]),
        _p(
            f"当事人如对本决定有异议，可在收到本决定书之日起{appeal['days']}日内向{appeal['to']}"
            "提出书面申辩或申请复核。复核期间，不停止本决定的执行。",
            s["body"],
        ),
        Spacer(1, 14 * mm),
        _p(authority, s["sign"]),
        _p(f"{decided_at:%Y年%m月%d日}" if decided_at else "", s["sign"]),
        Spacer(1, 10 * mm),
        _p(f"决定人：{_person(violation.decided_by) or '—'}", s["foot"]),
        _p(f"记录编号：CONDUCT-{violation.pk}", s["foot"]),
        _p(f"生成时间：{timezone.localtime():%Y-%m-%d %H:%M}", s["foot"]),
    ]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"{TITLE} {violation.document_number}".strip(),
        author=authority,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=25 * mm,
        bottomMargin=22 * mm,
    )
    doc.build(story, canvasmaker=numbered_canvas(bottom=12 * mm))
    return buffer.getvalue()
