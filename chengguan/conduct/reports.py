"""The written reports of the 三查 and the self-checks, as PDFs for the district's work-style office
(区作风办): a check's report (its items and scores, findings and how each was followed up, the inspectors'
written report), the month's summary listing every check, and the summary of a self-check phase. The
Chinese font is embedded (`core.pdf`)."""

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from chengguan.core.pdf import cjk_font, numbered_canvas

from .selectors import checks as check_selectors

RECIPIENT = "区作风建设领导小组办公室"


def _styles(font: str) -> dict:
    return {
        "title": ParagraphStyle("title", fontName=font, fontSize=17, leading=25, alignment=1, spaceAfter=8),
        "sub": ParagraphStyle("sub", fontName=font, fontSize=10.5, leading=16, alignment=1, spaceAfter=10),
        "h": ParagraphStyle("h", fontName=font, fontSize=12.5, leading=20, spaceBefore=8, spaceAfter=3),
        "body": ParagraphStyle("body", fontName=font, fontSize=11, leading=18, firstLineIndent=22),
        "line": ParagraphStyle("line", fontName=font, fontSize=11, leading=18),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=9.5, leading=13),
        "foot": ParagraphStyle("foot", fontName=font, fontSize=8.5, leading=12, textColor="#6b7280"),
    }


def _p(text, style) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _table(rows, style, widths) -> Table:
    table = Table([[_p(c, style) for c in row] for row in rows], colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#9ca3af")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f4f6")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _build(story, title: str) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
    )
    doc.build(story, canvasmaker=numbered_canvas(bottom=10 * mm))
    return buffer.getvalue()


def _names(rows) -> str:
    return "、".join(r.name for r in rows) or "—"


def _score(check) -> str:
    if check.score_total is None:
        return "未评分"
    return f"{check.score_total}/{check.points_total}"


def _follow_up(finding) -> str:
    if finding.violation_id:
        return f"已记录违规（{finding.rule.rule_set.name}第{finding.rule.number}条），待领导决定处理"
    if finding.case_id:
        return f"已立整改案件 {getattr(finding, 'case_number', '') or finding.case_id}"
    return "—"


def _against(finding) -> str:
    if finding.staff_id:
        return f"{finding.staff.name}（{finding.staff.department.name}）"
    return finding.department.name if finding.department_id else "—"


def check_report(user, check) -> bytes:
    """关于……检查情况的报告: one check, for the district's work-style office."""
    s = _styles(cjk_font())
    items = check_selectors.item_rows(check)
    findings = check_selectors.check_findings(user, check)
    title = f"关于{check.title}情况的报告"
    units = _names(check.units.all()) if check.units.all() else "本局干部职工"
    story = [
        _p(title, s["title"]),
        _p(f"{check.checklist.name} · {check.get_kind_display()} · {check.get_mode_display()}", s["sub"]),
        _p(f"{RECIPIENT}：", s["line"]),
        _p(
            f"{check.held_on:%Y年%m月%d日}，由{_names(check.inspectors.all())}对{units}"
            f"开展{check.checklist.name}{check.get_mode_display()}，现将检查情况报告如下。",
            s["body"],
        ),
    ]
    if check.basis:
        story += [_p("一、检查依据（群众评议反映的问题）", s["h"]), _p(check.basis, s["body"])]
    story.append(_p(f"{'二' if check.basis else '一'}、检查项目及评分（得分 {_score(check)}）", s["h"]))
    rows = [["序号", "检查项目", "分值", "得分", "说明"]]
    for row in items:
        score = row["score"]
        rows.append(
            [
                row["item"].number,
                row["item"].text,
                row["item"].points,
                score.score if score else "—",
                score.note if score else "",
            ]
        )
    story.append(_table(rows, s["cell"], [12 * mm, 80 * mm, 15 * mm, 15 * mm, 48 * mm]))
    story.append(_p(f"{'三' if check.basis else '二'}、发现的问题及处理（共{len(findings)}条）", s["h"]))
    if findings:
        rows = [["对象", "检查项目", "问题", "处理"]]
        for finding in findings:
            rows.append(
                [
                    _against(finding),
                    finding.item.text if finding.item else "—",
                    finding.description,
                    _follow_up(finding),
                ]
            )
        story.append(_table(rows, s["cell"], [35 * mm, 40 * mm, 50 * mm, 45 * mm]))
    else:
        story.append(_p("本次检查未发现问题。", s["body"]))
    story += [
        _p(f"{'四' if check.basis else '三'}、检查情况及整改措施", s["h"]),
        _p(check.report or "（检查尚未形成书面报告。）", s["body"]),
        Spacer(1, 10 * mm),
        _p(
            f"报告时间：{timezone.localtime(check.reported_at):%Y年%m月%d日}" if check.reported_at else "",
            s["line"],
        ),
        _p(f"记录编号：SANCHA-{check.pk} · 生成时间：{timezone.localtime():%Y-%m-%d %H:%M}", s["foot"]),
    ]
    return _build(story, title)


def month_summary(user, month) -> bytes:
    """The month's 三查 summary: every check held in the month, with its score, findings and follow-up."""
    s = _styles(cjk_font())
    checks = check_selectors.month_checks(user, month)
    low, high = check_selectors.CHECKS_PER_MONTH
    title = f"{month:%Y年%m月}“三查”工作情况汇总"
    found, violations = sum(c.finding_count for c in checks), sum(c.violation_count for c in checks)
    story = [
        _p(title, s["title"]),
        _p(f"报送：{RECIPIENT}", s["sub"]),
        _p(
            f"本月共开展检查{len(checks)}次（要求每月{low}～{high}次），发现问题{found}条，"
            f"其中记录违规{violations}起。",
            s["body"],
        ),
    ]
    if len(checks) < low:
        story.append(_p(f"注意：本月检查次数少于{low}次。", s["body"]))
    rows = [["日期", "检查", "类别/方式", "检查人", "得分", "问题"]]
    for check in checks:
        rows.append(
            [
                f"{check.held_on:%m-%d}",
                f"{check.title}（{check.checklist.name}）",
                f"{check.get_kind_display()}/{check.get_mode_display()}",
                _names(check.inspectors.all()),
                _score(check),
                check.finding_count,
            ]
        )
    story.append(_table(rows, s["cell"], [15 * mm, 55 * mm, 35 * mm, 30 * mm, 20 * mm, 15 * mm]))
    for number, check in enumerate(checks, start=1):
        story.append(
            _p(f"{number}. {check.title}（{check.held_on:%Y-%m-%d}，{check.get_state_display()}）", s["h"])
        )
        for finding in check.finding_list:
            story.append(_p(f"· {_against(finding)}：{finding.description}", s["line"]))
        if check.report:
            story.append(_p(check.report, s["body"]))
    story.append(_p(f"生成时间：{timezone.localtime():%Y-%m-%d %H:%M}", s["foot"]))
    return _build(story, title)


def self_check_summary(phase) -> bytes:
    """The office's summary of a self-check phase: who submitted and who did not, how many flagged each
    item, the office's analysis and every submission."""
    s = _styles(cjk_font())
    submissions = check_selectors.submissions_of(phase)
    missing = list(check_selectors.missing_self_checks(phase))
    counts = check_selectors.flagged_counts(phase)
    checklists = list(check_selectors.active_checklists())
    title = f"{phase.title}汇总报告"
    total = len(submissions) + len(missing)
    story = [
        _p(title, s["title"]),
        _p(f"报送：{RECIPIENT} · {phase.starts_on:%Y年%m月%d日}至{phase.ends_on:%Y年%m月%d日}", s["sub"]),
        _p("一、基本情况", s["h"]),
        _p(
            f"应参加自查自纠{total}人，已提交书面自查材料{len(submissions)}人，未提交{len(missing)}人。",
            s["body"],
        ),
    ]
    if missing:
        story.append(
            _p("未提交：" + "、".join(f"{m.name}（{m.department.name}）" for m in missing), s["line"])
        )
    story.append(_p("二、对照“三查”查找的问题", s["h"]))
    rows = [["检查内容", "项目", "查找出问题人数"]]
    for checklist in checklists:
        for item in checklist.items.all():
            rows.append([checklist.name, item.text, counts.get(item.pk, 0)])
    story.append(_table(rows, s["cell"], [25 * mm, 115 * mm, 30 * mm]))
    story += [_p("三、汇总分析", s["h"]), _p(phase.summary or "（办公室尚未撰写汇总分析。）", s["body"])]
    story.append(_p("四、个人自查自纠情况", s["h"]))
    names = {c.code: c.name for c in checklists}
    for submission in submissions:
        story.append(_p(f"{submission.staff.name}（{submission.staff.department.name}）", s["line"]))
        for code, text in submission.answers.items():
            story.append(_p(f"{names.get(code, code)}：{text}", s["body"]))
        if submission.causes:
            story.append(_p(f"原因剖析：{submission.causes}", s["body"]))
        story.append(_p(f"整改措施：{submission.measures}", s["body"]))
    story.append(_p(f"生成时间：{timezone.localtime():%Y-%m-%d %H:%M}", s["foot"]))
    return _build(story, title)
