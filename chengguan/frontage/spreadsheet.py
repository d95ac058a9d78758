"""Reading the register's spreadsheet (.xlsx or .csv, UTF-8 or GB18030). Header cells are Chinese labels or
the English keys (名称/name, 类型/kind, 地址/address, 经度/lng, 纬度/lat, 联系人/contact_name,
联系电话/contact_phone, and optionally the agreement: 签订日期/signed_on, 起始日期/starts_on,
截止日期/ends_on); columns nobody knows are ignored. Row numbers are those a spreadsheet program shows
(the header is row 1)."""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _

COLUMNS = [
    ("name", "名称"),
    ("kind", "类型"),
    ("address", "地址"),
    ("lng", "经度"),
    ("lat", "纬度"),
    ("contact_name", "联系人"),
    ("contact_phone", "联系电话"),
    ("signed_on", "签订日期"),
    ("starts_on", "起始日期"),
    ("ends_on", "截止日期"),
]
REQUIRED = ("name", "address", "lng", "lat")
KIND_WORDS = {"shop": "shop", "商户": "shop", "店铺": "shop", "门店": "shop", "unit": "unit", "单位": "unit"}
MAX_ROWS = 5000


class SheetError(Exception):
    """The file as a whole cannot be read; nothing was imported."""


@dataclass
class Sheet:
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (row number, {key: text})


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _key(header: str) -> str | None:
    text = header.strip().lower()
    for key, label in COLUMNS:
        if text in (key, label) or text.startswith(label) or text.endswith(f"({key})"):
            return key
    return None


def _sheet(numbered) -> Sheet:
    numbered = [(n, cells) for n, cells in numbered if any(cells)]
    if not numbered:
        raise SheetError(_("The file is empty; it needs a header row."))
    header_number, header = numbered[0]
    keys = [_key(cell) for cell in header]
    missing = [label for key, label in COLUMNS if key in REQUIRED and key not in keys]
    if missing:
        raise SheetError(_("The header has no column %(columns)s.") % {"columns": "、".join(missing)})
    if len(numbered) - 1 > MAX_ROWS:
        raise SheetError(_("At most %(n)s rows are imported at once.") % {"n": MAX_ROWS})
    sheet = Sheet()
    for number, cells in numbered[1:]:
        sheet.rows.append((number, {k: cells[i] if i < len(cells) else "" for i, k in enumerate(keys) if k}))
    return sheet


def read_csv(data: bytes) -> Sheet:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise SheetError(_("The file is neither UTF-8 nor GB18030 text.")) from None
    reader = csv.reader(io.StringIO(text))
    try:
        return _sheet([(reader.line_num, [c.strip() for c in cells]) for cells in reader])
    except csv.Error:
        raise SheetError(_("The file is not a readable CSV table.")) from None


def read_xlsx(data: bytes) -> Sheet:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise SheetError(_("The file is not a readable .xlsx workbook.")) from None
    try:
        sheet = book[book.sheetnames[0]]
        return _sheet(
            [
                (n, [cell_text(v) for v in cells])
                for n, cells in enumerate(sheet.iter_rows(values_only=True), 1)
            ]
        )
    finally:
        book.close()


def read_sheet(data: bytes, filename: str) -> Sheet:
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        return read_xlsx(data)
    if name.endswith(".csv"):
        return read_csv(data)
    raise SheetError(_("Only .xlsx and .csv files can be imported."))


def parse_date(text: str) -> date | None:
    text = (text or "").strip().replace("/", "-").replace(".", "-")
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(_("%(text)r is not a date; write it like 2026-03-01.") % {"text": text}) from None


def parse_kind(text: str) -> str:
    word = (text or "").strip().lower() or "shop"
    if word not in KIND_WORDS:
        raise ValueError(_("%(text)r is not a kind; write 商户 or 单位.") % {"text": text})
    return KIND_WORDS[word]
