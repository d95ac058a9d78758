import csv

import pytest

from chengguan.core.actors import SystemActor
from chengguan.org.models import Department, DepartmentKind
from chengguan.taxonomy import defaults, services, spreadsheet
from chengguan.taxonomy.models import Category, CategoryKind, Responsibility, TimeLimit, Urgency

pytestmark = pytest.mark.django_db


def test_the_default_table_loads_with_every_subclass_routed_and_timed(default_table):
    majors = Category.objects.majors()
    minors = Category.objects.minors()
    assert majors.count() == 12
    assert majors.filter(kind=CategoryKind.COMPONENT).count() == 6
    assert set(majors.filter(kind=CategoryKind.EVENT).values_list("name", flat=True)) == {
        "市容环境",
        "宣传广告",
        "施工管理",
        "突发事件",
        "街面秩序",
        "其他事件",
    }
    assert 100 <= minors.count() <= 130
    without_limit = minors.exclude(time_limits__urgency=Urgency.NORMAL)
    assert list(without_limit) == []
    without_department = minors.exclude(responsibilities__area__isnull=True)
    assert list(without_department) == []
    assert all(c.parent.code == c.code[:3] for c in minors.select_related("parent"))
    assert default_table["B0101"].name == "上水井盖"
    assert default_table["S0102"].name == "暴露垃圾"
    assert not default_table["B0601"].is_public  # 重大危险源: internal only
    assert default_table["S0502"].is_public  # 流浪乞讨 stays reportable
    assert minors.filter(is_public=False).exists()
    assert Responsibility.objects.get(category__code="S0104", area=None).department.code == "CGJ-HWC"
    road = TimeLimit.objects.get(category__code="S0104", urgency=Urgency.NORMAL)
    assert (road.amount, road.unit) == (2, "hours")  # road cleaning: 2 working hours
    greening = TimeLimit.objects.get(category__code="B0405", urgency=Urgency.NORMAL)
    assert (greening.amount, greening.unit) == (5, "days")


def test_loading_again_changes_nothing(default_table):
    report = defaults.load_default_table()
    assert (report.created, report.updated, report.routing_changes) == (0, 0, 0)
    assert report.unchanged == Category.objects.count()


def test_a_missing_department_is_named_with_the_way_to_fix_it(db):
    defaults.create_default_departments()
    Department.objects.filter(code__in=["CGJ-SRHW", "EXT-GAS"]).delete()
    with pytest.raises(defaults.DefaultTableError) as caught:
        defaults.load_default_table()
    message = str(caught.value)
    assert "CGJ-SRHW (市容环卫科)" in message and "EXT-GAS (燃气公司)" in message
    assert "--create-departments" in message and "departments.csv" in message
    assert not Category.objects.exists()


def test_the_department_list_covers_every_code_the_table_uses():
    rows = defaults.default_departments()
    codes = [row["code"] for row in rows]
    assert len(codes) == len(set(codes)) == 25
    kinds = {DepartmentKind.SECTION, DepartmentKind.BRIGADE, DepartmentKind.EXTERNAL}
    assert {row["kind"] for row in rows} <= kinds
    with defaults.CATEGORIES_FILE.open(encoding="utf-8-sig", newline="") as handle:
        used = {row["默认责任部门编码 (department)"] for row in csv.DictReader(handle)}
    assert used == set(codes)


def test_create_default_departments_puts_bureau_units_under_the_bureau(db):
    bureau = Department.objects.create(code="CGJ", name="城市管理局", kind=DepartmentKind.BUREAU)
    created = defaults.create_default_departments(bureau=bureau)
    assert len(created) == 25
    assert Department.objects.get(code="CGJ-ZD1").parent == bureau
    assert Department.objects.get(code="EXT-POWER").parent is None
    assert defaults.create_default_departments(bureau=bureau) == []


def test_the_packaged_file_is_in_the_export_format(default_table):
    exported = spreadsheet.read_csv(services.export_table(fmt="csv", actor=SystemActor("test")))
    packaged = spreadsheet.read_csv(defaults.CATEGORIES_FILE.read_bytes())
    assert [row.values for row in exported.categories] == [row.values for row in packaged.categories]
