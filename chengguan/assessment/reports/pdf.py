"""The report as a PDF: reportlab platypus with the Chinese font embedded (`core.pdf`), page numbers on
every page, charts drawn with reportlab.graphics. A section with nothing in it says why instead of showing
an empty table or chart."""

import io

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from chengguan.core.pdf import cjk_font, numbered_canvas

from .content import Content, fmt

PALETTE = [
    colors.HexColor(c)
    for c in ("#2563eb", "#c2410c", "#15803d", "#7c3aed", "#0891b2", "#ca8a04", "#be185d", "#4b5563")
]


def _font() -> str:
    return cjk_font()


def _styles():
    font = _font()
    return {
        "title": ParagraphStyle("title", fontName=font, fontSize=18, leading=26, alignment=1, spaceAfter=6),
        "sub": ParagraphStyle(
            "sub", fontName=font, fontSize=10, leading=14, alignment=1, textColor=colors.grey
        ),
        "h2": ParagraphStyle("h2", fontName=font, fontSize=13, leading=20, spaceBefore=10, spaceAfter=4),
        "body": ParagraphStyle("body", fontName=font, fontSize=10, leading=15),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=7.5, leading=9.5),
    }


def _table(header, rows, styles, widths=None) -> Table:
    data = [[Paragraph(str(h), styles["cell"]) for h in header]]
    data += [[Paragraph(str(v), styles["cell"]) for v in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9ca3af")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e5e7eb")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f9fafb")]),
            ]
        )
    )
    return table


def _bar_chart(title: str, items, width=250 * mm, height=90 * mm) -> Drawing:
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, title, fontName=_font(), fontSize=11))
    if not items:
        drawing.add(String(0, height / 2, "（无数据）", fontName=_font(), fontSize=10))
        return drawing
    chart = HorizontalBarChart()
    chart.x, chart.y = 150, 10
    chart.width, chart.height = width - 170, height - 30
    names = [name for name, _v in items][::-1]
    chart.data = [[value for _n, value in items][::-1]]
    chart.categoryAxis.categoryNames = names
    chart.categoryAxis.labels.fontName = _font()
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = PALETTE[0]
    chart.barLabelFormat = "%s"
    chart.barLabels.fontSize = 6
    chart.barLabels.nudge = 8
    drawing.add(chart)
    return drawing


def _pie(title: str, items, width=120 * mm, height=80 * mm) -> Drawing:
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, title, fontName=_font(), fontSize=11))
    if not items:
        drawing.add(String(0, height / 2, "（无数据）", fontName=_font(), fontSize=10))
        return drawing
    pie = Pie()
    pie.x, pie.y, pie.width, pie.height = 60, 10, height - 40, height - 40
    pie.data = [value for _n, value in items]
    pie.labels = [f"{name} {value}" for name, value in items]
    pie.simpleLabels = 0
    pie.slices.fontName = _font()
    pie.slices.fontSize = 7
    for index in range(len(items)):
        pie.slices[index].fillColor = PALETTE[index % len(PALETTE)]
    drawing.add(pie)
    return drawing


def _trend(title: str, trend: dict, width=130 * mm, height=80 * mm) -> Drawing:
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, title, fontName=_font(), fontSize=11))
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 30, 25, width - 40, height - 45
    chart.data = [trend["filed"], trend["closed"]]
    chart.categoryAxis.categoryNames = [label[2:] for label in trend["labels"]]
    chart.categoryAxis.labels.fontSize = 6
    chart.categoryAxis.labels.angle = 30
    chart.categoryAxis.labels.dy = -6
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 7
    chart.lines[0].strokeColor, chart.lines[1].strokeColor = PALETTE[0], PALETTE[2]
    chart.lines[0].strokeWidth = chart.lines[1].strokeWidth = 1.5
    drawing.add(chart)
    drawing.add(String(width - 90, height - 12, "— 立案", fontName=_font(), fontSize=8, fillColor=PALETTE[0]))
    drawing.add(String(width - 45, height - 12, "— 结案", fontName=_font(), fontSize=8, fillColor=PALETTE[2]))
    return drawing


def render(content: Content) -> bytes:
    styles = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=content.title,
    )
    story = [
        Paragraph(content.title, styles["title"]),
        Paragraph(f"统计期间：{content.period_label}　生成时间：{content.generated_at}", styles["sub"]),
        Spacer(1, 6 * mm),
    ]
    sections = iter(range(1, 100))

    def heading(text: str) -> Paragraph:
        return Paragraph(f"{_chinese_number(next(sections))}、{text}", styles["h2"])

    def note(text: str) -> Paragraph:
        return Paragraph(text, styles["body"])

    story += [
        heading("总体情况"),
        _table([name for name, _v in content.overview], [[v for _n, v in content.overview]], styles),
        Spacer(1, 4 * mm),
    ]
    if any(content.trend["filed"]) or any(content.trend["closed"]) or content.category_chart:
        charts = [_trend("近12个月立案与结案趋势", content.trend)]
        if content.category_chart:
            charts.append(_pie("高发问题类别", content.category_chart))
        story.append(Table([charts], colWidths=[135 * mm, 130 * mm][: len(charts)]))
    else:
        story.append(note("近12个月没有立案或结案的案件，不绘制趋势图。"))
    story += [PageBreak(), heading("部门综合得分")]
    if content.score_chart:
        story.append(_bar_chart("部门综合得分（前15名）", content.score_chart))
    else:
        story.append(note("本期没有部门有综合得分（无案件）。"))
    for table in content.tables:
        story.append(heading(table.title))
        if table.rows:
            rows = [[fmt(v, unit) for v, unit in zip(row, table.units, strict=True)] for row in table.rows]
            story.append(_table(table.header, rows, styles))
        else:
            story.append(note(table.empty_note))
    story.append(heading("典型案件"))
    if content.typical_cases:
        story.append(
            _table(["案件编号", "问题类别", "责任部门", "问题描述", "情况"], content.typical_cases, styles)
        )
    else:
        story.append(note("本期没有返工、超期未处置或群众附议的案件。"))
    story.append(heading("存在问题"))
    story += [
        Paragraph(f"{index}. {text}", styles["body"]) for index, text in enumerate(content.problems, start=1)
    ]
    doc.build(story, canvasmaker=numbered_canvas(bottom=6 * mm))
    return buffer.getvalue()


def _chinese_number(n: int) -> str:
    digits = "零一二三四五六七八九十"
    return digits[n] if n <= 10 else "十" + digits[n - 10]
