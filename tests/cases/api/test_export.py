"""Case exports: the list's filters as CSV or Excel through the API, and `exports.export_cases` as the
console calls it — audited with format, filters and count; text never turns into a spreadsheet formula."""

import csv
import io
from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from chengguan.cases import exports, selectors
from chengguan.core.models import AuditEntry
from tests.factories import UserFactory

from .conftest import LIST_URL, client_for

pytestmark = pytest.mark.django_db


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())  # Excel needs the BOM to read UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def _exports():
    return AuditEntry.objects.filter(action="data.export")


def test_csv_export_of_the_filtered_list_is_audited(world, report, dispatched):
    other = report(description="另一条新报的问题")["number"]

    response = client_for(world.dispatcher).get(LIST_URL + "export.csv", {"state": "dispatched"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="cases-')
    rows = _csv_rows(response.content)
    assert len(rows) == 2 and rows[1][0] == dispatched and other not in response.content.decode("utf-8-sig")
    entry = _exports().get()
    assert entry.actor_id == world.dispatcher.pk
    assert entry.data == {"what": "cases", "format": "csv", "count": 1, "filters": {"state": ["dispatched"]}}


def test_xlsx_export_and_the_format_parameter(world, dispatched):
    client = client_for(world.dispatcher)
    for response in (
        client.get(LIST_URL + "export.xlsx"),
        client.get(LIST_URL + "export/", {"format": "xlsx"}),
    ):
        assert response.status_code == 200
        assert response["Content-Type"] == exports.CONTENT_TYPES["xlsx"]
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert len(rows) == 2 and rows[1][0] == dispatched
        assert any(isinstance(value, datetime) for value in rows[1])  # times are real spreadsheet dates
    assert client.get(LIST_URL + "export/").status_code == 200  # csv by default
    bad = client.get(LIST_URL + "export/", {"format": "pdf"})
    assert bad.status_code == 400 and "format" in bad.json()["errors"]
    assert _exports().count() == 3


def test_text_that_looks_like_a_formula_stays_text(world, report):
    number = report(description='=HYPERLINK("http://evil.example","点我")', address="+86 秋浦路")["number"]
    client = client_for(world.dispatcher)

    rows = _csv_rows(client.get(LIST_URL + "export.csv").content)
    header, row = rows[0], rows[1]
    assert row[0] == number
    assert all(not value.startswith(("=", "+", "-", "@")) for value in row)

    sheet = load_workbook(io.BytesIO(client.get(LIST_URL + "export.xlsx").content)).active
    cells = list(sheet.iter_rows(min_row=2, max_row=2))[0]
    description = cells[header.index(exports.columns()[11][0])]
    assert description.data_type == "s" and description.value.startswith("=HYPERLINK")


def test_export_cases_for_the_console(world, dispatched):
    queryset = selectors.visible_cases(world.operator)

    content, content_type, filename = exports.export_cases(queryset, fmt="csv", actor=world.operator)

    assert content_type == "text/csv; charset=utf-8" and filename.endswith(".csv")
    rows = _csv_rows(content)
    assert rows[1][0] == dispatched and "13812345678" not in content.decode("utf-8-sig")
    assert _exports().get().data["count"] == 1


def test_export_cases_refuses_users_without_the_permission_and_unknown_formats(world, dispatched):
    outsider = UserFactory(username="outsider")
    with pytest.raises(PermissionDenied):
        exports.export_cases(selectors.visible_cases(outsider), fmt="csv", actor=outsider)
    with pytest.raises(ValueError, match="pdf"):
        exports.export_cases(selectors.visible_cases(world.operator), fmt="pdf", actor=world.operator)
    assert not _exports().exists()
