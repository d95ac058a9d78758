"""Each category is service, management or enforcement work (the 721 method): the packaged table says
which, an imported file may change it (服务/管理/执法), the export writes it, and nonsense is refused."""

import pytest

from chengguan.core.actors import SystemActor
from chengguan.taxonomy import services, spreadsheet
from chengguan.taxonomy.models import Category, WorkKind

from .test_import import import_csv

pytestmark = pytest.mark.django_db


def test_the_packaged_table_sorts_the_categories(default_table):
    kinds = dict(Category.objects.values_list("code", "work_kind"))
    assert kinds["B0113"] == WorkKind.SERVICE  # a street lamp repaired
    assert kinds["S0505"] == WorkKind.MANAGEMENT  # parking put in order
    assert kinds["S0501"] == WorkKind.ENFORCEMENT  # unlicensed street vending
    assert kinds["S0101"] == WorkKind.ENFORCEMENT  # illegal building
    assert set(kinds.values()) == set(WorkKind.values)


def test_an_import_changes_the_kind_and_the_export_writes_it(default_table):
    report = import_csv("code,kind,name,work_kind", "S0104,事件,道路不洁,管理")
    assert report.ok, report.problems
    assert Category.objects.get(code="S0104").work_kind == WorkKind.MANAGEMENT
    kept = import_csv("code,kind,name,work_kind", "S0104,事件,道路不洁,")  # empty: left as it is
    assert kept.ok and Category.objects.get(code="S0104").work_kind == WorkKind.MANAGEMENT
    content = services.export_table(fmt="csv", actor=SystemActor("test"))
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    assert "工作类型 (work_kind)" in text and "S0104,事件,S01,道路不洁" in text


def test_a_kind_of_work_that_is_none_of_the_three_is_refused(default_table):
    report = import_csv("code,kind,name,work_kind", "S0104,事件,道路不洁,宣传")
    assert not report.ok
    assert [p.code for p in report.problems] == ["bad_work_kind"]
    assert Category.objects.get(code="S0104").work_kind == WorkKind.SERVICE
    with pytest.raises(ValueError):
        spreadsheet.parse_work_kind("other")
