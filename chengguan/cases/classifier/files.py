"""Labelled texts from a file: UTF-8 CSV (a byte-order mark is fine) or an Excel workbook (.xlsx, the first
sheet), the first row naming the columns."""

import csv
from pathlib import Path

from .model import Doc


class FileError(ValueError):
    pass


def _rows(path: Path) -> list[dict]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            values = workbook.worksheets[0].iter_rows(values_only=True)
            header = next(values, None)
            if header is None:
                return []
            names = ["" if v is None else str(v).strip() for v in header]
            return [
                {name: ("" if v is None else str(v)) for name, v in zip(names, row, strict=False)}
                for row in values
            ]
        finally:
            workbook.close()
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))
    except UnicodeDecodeError as error:
        raise FileError(f"{path} is not UTF-8 text: save it as UTF-8 CSV or as .xlsx.") from error


def read_labelled(path, *, text_col: str, label_col: str, title_col: str | None = None):
    """(docs, labels) from the file's rows that have a label and some text."""
    path = Path(path)
    if not path.is_file():
        raise FileError(f"No such file: {path}")
    rows = _rows(path)
    wanted = [text_col, label_col] + ([title_col] if title_col else [])
    present = set(rows[0]) if rows else set()
    missing = [name for name in wanted if name not in present]
    if missing:
        raise FileError(
            f"{path} has no column {', '.join(missing)}; its columns: {', '.join(sorted(present)) or 'none'}."
        )
    docs, labels = [], []
    for row in rows:
        label = (row.get(label_col) or "").strip()
        text = (row.get(text_col) or "").strip()
        title = (row.get(title_col) or "").strip() if title_col else ""
        if label and (text or title):
            docs.append(Doc(text, title))
            labels.append(label)
    return docs, labels
