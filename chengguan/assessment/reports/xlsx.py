"""The report as an Excel workbook (openpyxl): an overview sheet with native charts, one sheet per
ranking, typical cases and problems."""

import io

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill

from .content import NO_CASES, Content

HEADER_FILL = PatternFill("solid", fgColor="E5E7EB")
BOLD = Font(bold=True)
# Rates are fractions shown as percentages, scores with one decimal: numbers people can sort and sum.
NUMBER_FORMATS = {"rate": "0.0%", "score": "0.0", "count": "0"}


def _header(sheet, row: int, values) -> None:
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column, value=value)
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _value(cell, value, unit: str) -> None:
    """A number as a number with its format; a figure with nothing to measure says so."""
    if value is None:
        cell.value = NO_CASES if unit in ("rate", "score") else None
        return
    if unit in NUMBER_FORMATS:
        cell.value = int(value) if unit == "count" else float(value)
        cell.number_format = NUMBER_FORMATS[unit]
    else:
        cell.value = value


def render(content: Content) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "总体情况"
    sheet["A1"] = content.title
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = f"统计期间：{content.period_label}　生成时间：{content.generated_at}"
    _header(sheet, 4, [name for name, _v in content.overview])
    for column, (_name, value) in enumerate(content.overview, start=1):
        sheet.cell(row=5, column=column, value=value)

    _header(sheet, 7, ["月份", "立案", "结案"])
    for offset, label in enumerate(content.trend["labels"]):
        sheet.append([label, content.trend["filed"][offset], content.trend["closed"][offset]])
    last = 7 + len(content.trend["labels"])
    line = LineChart()
    line.title, line.y_axis.title, line.height, line.width = "近12个月立案与结案趋势", "件", 7.5, 16
    line.add_data(Reference(sheet, min_col=2, max_col=3, min_row=7, max_row=last), titles_from_data=True)
    line.set_categories(Reference(sheet, min_col=1, min_row=8, max_row=last))
    sheet.add_chart(line, "F4")

    start = last + 2
    _header(sheet, start, ["部门", "综合得分"])
    for offset, (name, score) in enumerate(content.score_chart, start=1):
        sheet.cell(row=start + offset, column=1, value=name)
        _value(sheet.cell(row=start + offset, column=2), score, "score")
    if content.score_chart:
        bar = BarChart()
        bar.type, bar.title, bar.height, bar.width = "bar", "部门综合得分", 9, 16
        end = start + len(content.score_chart)
        bar.add_data(Reference(sheet, min_col=2, min_row=start, max_row=end), titles_from_data=True)
        bar.set_categories(Reference(sheet, min_col=1, min_row=start + 1, max_row=end))
        sheet.add_chart(bar, "F21")
    sheet.column_dimensions["A"].width = 24

    for table in content.tables:
        ws = book.create_sheet(table.title[:28].replace("（", "(").replace("）", ")"))
        _header(ws, 1, table.header)
        for number, row in enumerate(table.rows, start=2):
            for column, (value, unit) in enumerate(zip(row, table.units, strict=True), start=1):
                _value(ws.cell(row=number, column=column), value, unit)
        if not table.rows:
            ws.cell(row=2, column=1, value=table.empty_note)
        ws.column_dimensions["B"].width = 24
        ws.freeze_panes = "C2"

    ws = book.create_sheet("典型案件与问题")
    _header(ws, 1, ["案件编号", "问题类别", "责任部门", "问题描述", "情况"])
    for row in content.typical_cases:
        ws.append(row)
    ws.append([])
    ws.append(["存在问题"])
    for index, text in enumerate(content.problems, start=1):
        ws.append([f"{index}. {text}"])
    for column, width in zip("ABCDE", (16, 16, 20, 44, 14), strict=True):
        ws.column_dimensions[column].width = width

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
