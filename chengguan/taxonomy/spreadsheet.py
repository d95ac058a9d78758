"""The category table as a spreadsheet (.xlsx) or a CSV file: reading, writing and the cell formats.

Two tables: "categories" (one row per category, with its time limits and default department) and
"routing" (area-specific departments of the responsibility list). Header cells read "中文 (key)"; on import
a column is recognised by the key in parentheses, the bare key or the bare Chinese label, in any order,
and columns nobody knows are ignored. An .xlsx file has one sheet per table; in a CSV file the routing
table follows the categories, starting at its own header row. Row numbers are those a spreadsheet program
shows (the header is row 1)."""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .models import CategoryKind, TimeUnit, WorkKind

CATEGORY_SHEET = "categories"
ROUTING_SHEET = "routing"
CATEGORY_COLUMNS = [
    ("code", "编码"),
    ("kind", "类型"),
    ("parent", "大类编码"),
    ("name", "名称"),
    ("description", "说明"),
    ("keywords", "关键词"),
    ("icon", "图标"),
    ("public", "群众可报"),
    ("active", "启用"),
    ("normal", "一般时限"),
    ("urgent", "紧急时限"),
    ("critical", "特急时限"),
    ("department", "默认责任部门编码"),
    ("after_photo", "处置须附照片"),
    ("work_kind", "工作类型"),
]
ROUTING_COLUMNS = [
    ("category", "分类编码"),
    ("area", "区域编码"),
    ("department", "责任部门编码"),
    ("note", "备注"),
]
REQUIRED = {CATEGORY_SHEET: {"code", "kind", "name"}, ROUTING_SHEET: {"category", "area", "department"}}
LIMIT_COLUMNS = ("normal", "urgent", "critical")

KIND_WORDS = {
    "component": CategoryKind.COMPONENT,
    "部件": CategoryKind.COMPONENT,
    "b": CategoryKind.COMPONENT,
    "event": CategoryKind.EVENT,
    "事件": CategoryKind.EVENT,
    "s": CategoryKind.EVENT,
}
KIND_LABELS = {CategoryKind.COMPONENT: "部件", CategoryKind.EVENT: "事件"}
TRUE_WORDS = {"是", "yes", "y", "true", "1", "√", "✓"}
FALSE_WORDS = {"否", "no", "n", "false", "0", "×"}
_HOUR_WORDS = {"h", "hr", "hrs", "hour", "hours", "小时", "个小时", "工作小时", "个工作小时", "时"}
_DAY_WORDS = {"d", "day", "days", "天", "日", "工作日", "个工作日", "工作天"}
_LIMIT_RE = re.compile(r"^(\d+(?:\.\d+)?)\s*([^\d\s.]+)$")
_KEY_RE = re.compile(r"[(（]\s*([A-Za-z_]+)\s*[)）]\s*$")
MAX_LIMIT = Decimal("99999.9")


@dataclass
class Problem:
    sheet: str
    row: int | None
    column: str
    message: str
    value: str = ""
    code: str = ""  # machine-readable kind of problem, e.g. "unknown_department"

    def __str__(self) -> str:
        where = self.sheet
        if self.row is not None:
            where = _("%(sheet)s row %(row)s") % {"sheet": self.sheet, "row": self.row}
        return f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


@dataclass
class Row:
    number: int
    values: dict[str, str]

    def get(self, key: str) -> str:
        return self.values.get(key, "")


@dataclass
class Table:
    categories: list[Row] = field(default_factory=list)
    category_columns: set[str] = field(default_factory=set)
    routing: list[Row] | None = None  # None: the file has no routing table, area entries stay as they are
    problems: list[Problem] = field(default_factory=list)  # problems with the file itself


# --- cell formats -------------------------------------------------------------------------------------


def parse_limit(text: str) -> tuple[Decimal, str]:
    """ "4h", "4 h", "4小时", "4工作小时" → (4, hours); "5d", "5天", "5工作日" → (5, days).

    Raises ValueError with a sentence for anything else."""
    match = _LIMIT_RE.match(text.strip().replace("，", "").replace(" ", ""))
    word = match.group(2).lower() if match else ""
    if not match or word not in _HOUR_WORDS | _DAY_WORDS:
        message = _("%(text)r is not a time limit; write it like 4h (working hours) or 5d (working days).")
        raise ValueError(message % {"text": text})
    try:
        amount = Decimal(match.group(1))
    except InvalidOperation as exc:  # pragma: no cover - the pattern only lets numbers through
        raise ValueError(str(exc)) from exc
    if amount < Decimal("0.5") or amount > MAX_LIMIT or amount != amount.quantize(Decimal("0.1")):
        raise ValueError(
            _("%(text)r: a time limit is between 0.5 and 99999.9 with at most one decimal.") % {"text": text}
        )
    return amount, TimeUnit.HOURS if word in _HOUR_WORDS else TimeUnit.DAYS


def format_limit(amount: Decimal, unit: str) -> str:
    return f"{Decimal(amount).normalize():f}" + ("h" if unit == TimeUnit.HOURS else "d")


def parse_bool(text: str, default: bool = True) -> bool:
    word = text.strip().lower()
    if not word:
        return default
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(_("%(text)r is not yes or no; write 是 or 否.") % {"text": text})


WORK_KIND_WORDS = {
    "服务": WorkKind.SERVICE,
    "service": WorkKind.SERVICE,
    "管理": WorkKind.MANAGEMENT,
    "management": WorkKind.MANAGEMENT,
    "执法": WorkKind.ENFORCEMENT,
    "enforcement": WorkKind.ENFORCEMENT,
}
WORK_KIND_LABELS = {WorkKind.SERVICE: "服务", WorkKind.MANAGEMENT: "管理", WorkKind.ENFORCEMENT: "执法"}


def parse_work_kind(text: str) -> str:
    try:
        return WORK_KIND_WORDS[text.strip().lower()]
    except KeyError:
        message = _("%(text)r is not a kind of work; write 服务, 管理 or 执法.")
        raise ValueError(message % {"text": text}) from None


def parse_kind(text: str) -> str:
    try:
        return KIND_WORDS[text.strip().lower()]
    except KeyError:
        message = _("%(text)r is not a kind; write 部件 (component) or 事件 (event).")
        raise ValueError(message % {"text": text}) from None


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- reading ------------------------------------------------------------------------------------------


def _column_key(cell: str, columns) -> str | None:
    text = cell.strip()
    match = _KEY_RE.search(text)
    key = (match.group(1) if match else text).lower()
    if key in {k for k, _label in columns}:
        return key
    return {label: k for k, label in columns}.get(text)


def _read_rows(sheet: str, numbered_rows, columns) -> tuple[list[Row], set[str], list[Problem]]:
    """numbered_rows: (row number, [cell text]) with the header first."""
    numbered_rows = [(n, cells) for n, cells in numbered_rows if any(cells)]
    if not numbered_rows:
        return [], set(), [Problem(sheet, None, "", _("the table is empty; it needs a header row."))]
    header_number, header = numbered_rows[0]
    keys = [_column_key(cell, columns) for cell in header]
    present = {key for key in keys if key}
    problems = [
        Problem(
            sheet,
            header_number,
            key,
            _("the header has no %(key)s column.") % {"key": key},
            code="missing_column",
        )
        for key in sorted(REQUIRED[sheet] - present)
    ]
    rows = []
    for number, cells in numbered_rows[1:]:
        values = {key: cells[i] if i < len(cells) else "" for i, key in enumerate(keys) if key}
        rows.append(Row(number, values))
    return rows, present, problems


def _is_routing_header(cells: list[str]) -> bool:
    keys = {_column_key(cell, ROUTING_COLUMNS) for cell in cells}
    return {"category", "area"} <= keys


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")  # what Excel in a Chinese locale saves as "CSV"


def read_csv(data: bytes) -> Table:
    try:
        text = _decode(data)
    except UnicodeDecodeError:
        return _unreadable(_("the file is neither UTF-8 nor GB18030 text."))
    reader = csv.reader(io.StringIO(text))
    sections: dict[str, list] = {CATEGORY_SHEET: [], ROUTING_SHEET: []}
    current = CATEGORY_SHEET
    for cells in reader:
        cells = [cell.strip() for cell in cells]
        if current == CATEGORY_SHEET and sections[CATEGORY_SHEET] and _is_routing_header(cells):
            current = ROUTING_SHEET
        sections[current].append((reader.line_num, cells))
    return _table(sections[CATEGORY_SHEET], sections[ROUTING_SHEET] or None)


def read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return _unreadable(_("the file is not a readable .xlsx workbook."))
    try:
        names = {name.lower(): name for name in book.sheetnames}
        first = book[names.get(CATEGORY_SHEET, book.sheetnames[0])]
        routing = book[names[ROUTING_SHEET]] if ROUTING_SHEET in names else None

        def numbered(sheet):
            return [
                (n, [cell_text(v) for v in cells])
                for n, cells in enumerate(sheet.iter_rows(values_only=True), start=1)
            ]

        return _table(numbered(first), numbered(routing) if routing is not None else None)
    finally:
        book.close()


def _table(category_rows, routing_rows) -> Table:
    table = Table()
    table.categories, table.category_columns, table.problems = _read_rows(
        CATEGORY_SHEET, category_rows, CATEGORY_COLUMNS
    )
    if routing_rows is not None:
        table.routing, _present, problems = _read_rows(ROUTING_SHEET, routing_rows, ROUTING_COLUMNS)
        table.problems += problems
    return table


def read_table(data: bytes, filename: str) -> Table:
    name = filename.lower()
    if name.endswith(".xlsx"):
        return read_xlsx(data)
    if name.endswith(".csv"):
        return read_csv(data)
    return _unreadable(_("only .xlsx and .csv files can be imported."))


def _unreadable(message: str) -> Table:
    return Table(problems=[Problem(CATEGORY_SHEET, None, "", message, code="unreadable")])


# --- writing ------------------------------------------------------------------------------------------


def category_row(category) -> list[str]:
    """One categories row; expects time_limits and responsibilities (with department) prefetched."""
    limits = {limit.urgency: format_limit(limit.amount, limit.unit) for limit in category.time_limits.all()}
    default = next((r for r in category.responsibilities.all() if r.area_id is None), None)
    return [
        category.code,
        KIND_LABELS.get(category.kind, category.kind),
        category.parent.code if category.parent_id else "",
        category.name,
        category.description,
        category.keywords,
        category.icon,
        "是" if category.is_public else "否",
        "是" if category.is_active else "否",
        *(limits.get(urgency, "") for urgency in LIMIT_COLUMNS),
        default.department.code if default else "",
        "是" if category.after_photo_required else "否",
        WORK_KIND_LABELS.get(category.work_kind, category.work_kind),
    ]


def routing_rows(category) -> list[list[str]]:
    """The category's area-specific entries; expects responsibilities (with area, department) prefetched."""
    entries = sorted((r for r in category.responsibilities.all() if r.area_id), key=lambda r: r.area.code)
    return [[category.code, r.area.code, r.department.code, r.note] for r in entries]


def headers(columns) -> list[str]:
    return [f"{label} ({key})" for key, label in columns]


def write_csv(category_rows: list[list[str]], routing_rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers(CATEGORY_COLUMNS))
    writer.writerows(category_rows)
    writer.writerow([])
    writer.writerow(headers(ROUTING_COLUMNS))
    writer.writerows(routing_rows)
    return out.getvalue().encode("utf-8-sig")  # the BOM lets Excel see UTF-8


def write_xlsx(category_rows: list[list[str]], routing_rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    for title, columns, rows, widths in (
        (CATEGORY_SHEET, CATEGORY_COLUMNS, category_rows, [8, 6, 8, 18, 48, 30, 12, 8, 6, 8, 8, 8, 14]),
        (ROUTING_SHEET, ROUTING_COLUMNS, routing_rows, [10, 14, 14, 30]),
    ):
        sheet = book.create_sheet(title)
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width + 6
        sheet.freeze_panes = "A2"
        sheet.append(headers(columns))
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
