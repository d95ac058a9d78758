from decimal import Decimal

import pytest
from django.utils import translation

from chengguan.core import audit
from chengguan.core.actors import SystemActor
from chengguan.core.models import AuditEntry
from chengguan.taxonomy import services, spreadsheet
from chengguan.taxonomy.models import Category, Responsibility, TimeLimit, Urgency

from .conftest import snapshot

SYSTEM = SystemActor("test")
pytestmark = pytest.mark.django_db

HEADER = (
    "编码 (code),类型 (kind),大类编码 (parent),名称 (name),一般时限 (normal),紧急时限 (urgent),"
    "默认责任部门编码 (department)"
)


def csv_file(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def import_csv(*lines: str, **kwargs) -> services.ImportReport:
    return services.import_file(csv_file(*lines), filename="table.csv", **{"actor": SYSTEM, **kwargs})


@pytest.mark.parametrize(
    "text, expected",
    [
        ("4h", (Decimal(4), "hours")),
        ("4 h", (Decimal(4), "hours")),
        ("4小时", (Decimal(4), "hours")),
        ("0.5h", (Decimal("0.5"), "hours")),
        ("4个工作小时", (Decimal(4), "hours")),
        ("5d", (Decimal(5), "days")),
        ("5工作日", (Decimal(5), "days")),
        ("5 天", (Decimal(5), "days")),
        ("5 days", (Decimal(5), "days")),
    ],
)
def test_limits_are_read_in_several_spellings(text, expected):
    assert spreadsheet.parse_limit(text) == expected
    assert spreadsheet.parse_limit(spreadsheet.format_limit(*expected)) == expected


@pytest.mark.parametrize("text", ["4", "h", "four hours", "4周", "0.2h", "4.25h", "-1d", "100000d"])
def test_nonsense_limits_are_refused(text):
    with pytest.raises(ValueError):
        spreadsheet.parse_limit(text)


@pytest.fixture
def routed(default_table, areas, departments):
    Responsibility.objects.create(
        category=default_table["S0501"],
        area=areas["street"],
        department=departments["CGJ-SZCG"],
        note="属地管理",
    )
    Responsibility.objects.create(
        category=default_table["S0501"], area=areas["community"], department=departments["EXT-MARKET"]
    )
    return default_table


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_gives_back_identical_data(routed, areas, departments, fmt):
    content = services.export_table(fmt=fmt, actor=SYSTEM)
    before = snapshot()
    # Change things the file knows about: the import must put every one of them back.
    Category.objects.filter(code="B0101").update(name="改掉的名字", is_public=False, keywords="")
    TimeLimit.objects.filter(category__code="S0102", urgency=Urgency.URGENT).delete()
    TimeLimit.objects.filter(category__code="S0103", urgency=Urgency.NORMAL).update(amount=9, unit="hours")
    Responsibility.objects.filter(category__code="S0104", area=None).update(department=departments["EXT-ECO"])
    Responsibility.objects.filter(area=areas["community"]).delete()
    Responsibility.objects.create(
        category=routed["S0502"], area=areas["other_street"], department=departments["EXT-PSB"]
    )
    assert snapshot() != before

    report = services.import_file(content, filename=f"table.{fmt}", actor=SYSTEM)

    assert report.ok, report.problems
    assert (report.created, report.updated) == (0, 4)
    assert report.routing_changes == 2
    assert snapshot() == before
    again = spreadsheet.read_table(services.export_table(fmt=fmt, actor=SYSTEM), f"again.{fmt}")
    original = spreadsheet.read_table(content, f"table.{fmt}")
    assert [r.values for r in again.categories] == [r.values for r in original.categories]
    assert [r.values for r in again.routing] == [r.values for r in original.routing]


def test_a_bad_file_is_refused_with_every_problem_and_changes_nothing(default_table):
    before = snapshot()
    report = import_csv(
        HEADER,
        "S0102,事件,S01,暴露垃圾（改）,4h,2h,CGJ-HWC",
        "S0104,事件,S01,道路不洁,两小时,,CGJ-HWC",
        "S0105,事件,S01,水域不洁,1d,4h,EXT-NOPE",
        "S0901,事件,S09,没有大类的小类,1d,,CGJ-SZCG",
    )
    assert not report.ok
    found = sorted((p.row, p.column, p.code) for p in report.problems)
    assert found == [
        (3, "normal", "bad_limit"),
        (4, "department", "unknown_department"),
        (5, "parent", "missing_major"),
    ]
    with translation.override("en"):
        assert "EXT-NOPE" in str(report.problems[1]) and "row 4" in str(report.problems[1])
    assert snapshot() == before
    assert Category.objects.get(code="S0102").name == "暴露垃圾"  # the good row was not imported either


@pytest.mark.parametrize(
    "line, column, code",
    [
        ("S0199,部件,S01,错的类型,4h,,CGJ-HWC", "kind", "kind_mismatch"),
        ("S01A1,事件,S01,坏编码,4h,,CGJ-HWC", "code", "bad_code"),
        ("S0102,东西,S01,未知类型,4h,,CGJ-HWC", "kind", "bad_kind"),
        ("S0199,事件,S02,错的大类,4h,,CGJ-HWC", "parent", "bad_parent"),
        ("S0199,事件,S01,紧急比一般还长,4h,1d,CGJ-HWC", "urgent", "limit_order"),
        ("S0199,事件,S01,,4h,,CGJ-HWC", "name", "required"),
    ],
)
def test_each_kind_of_row_problem_is_caught(default_table, line, column, code):
    report = import_csv(HEADER, line)
    assert [(p.row, p.column, p.code) for p in report.problems] == [(2, column, code)]
    assert not Category.objects.filter(name__in=["错的类型", "错的大类", "紧急比一般还长"]).exists()


def test_duplicates_are_refused_in_both_tables(default_table, areas):
    report = import_csv(
        HEADER,
        "S0199,事件,S01,新的,4h,,CGJ-HWC",
        "S0199,事件,S01,又一个,4h,,CGJ-HWC",
        "",
        "分类编码 (category),区域编码 (area),责任部门编码 (department)",
        "S0199,341702001,CGJ-ZD1",
        "S0199,341702001,CGJ-HWC",
        "S0199,999999,CGJ-HWC",
    )
    found = [(p.sheet, p.row, p.column, p.code) for p in report.problems]
    assert found == [
        ("categories", 3, "code", "duplicate"),
        ("routing", 7, "area", "duplicate"),
        ("routing", 8, "area", "unknown_area"),
    ]


def test_new_categories_and_routing_are_created_and_columns_may_come_in_any_order(departments, areas):
    report = import_csv(
        "name,code,kind,normal,department",
        "街面秩序,S05,事件,4h,CGJ-ZD1",
        "店外经营,S0504,event,2小时,CGJ-ZD1",
        "",
        "area,category,department,note",
        "341702001,S0504,CGJ-SZCG,街道负责",
    )
    assert report.ok, report.problems
    assert report.created == 2 and report.routing_changes == 1
    minor = Category.objects.get(code="S0504")
    assert minor.parent.code == "S05" and minor.is_public and minor.is_active
    assert minor.responsibilities.get(area=areas["street"]).note == "街道负责"
    assert AuditEntry.objects.filter(action=audit.Action.IMPORT).count() == 1


def test_a_column_the_file_lacks_is_left_alone(default_table):
    report = import_csv("code,kind,name", "S0104,事件,道路保洁")
    assert report.ok and report.updated == 1
    road = Category.objects.get(code="S0104")
    assert road.name == "道路保洁" and road.description  # description column absent: kept
    assert road.time_limits.count() == 3 and road.responsibilities.filter(area=None).exists()


def test_a_check_only_import_changes_nothing(default_table):
    before, audited = snapshot(), AuditEntry.objects.count()
    report = import_csv("code,kind,name", "S0104,事件,道路保洁", dry_run=True)
    assert report.ok and report.updated == 1 and report.dry_run
    assert snapshot() == before
    assert AuditEntry.objects.count() == audited


def test_a_csv_saved_by_excel_in_gbk_is_read(departments):
    content = "code,kind,name,normal,department\nS05,事件,街面秩序,4h,CGJ-ZD1\n".encode("gb18030")
    report = services.import_file(content, filename="excel.csv", actor=SYSTEM)
    assert report.ok and Category.objects.get(code="S05").name == "街面秩序"


@pytest.mark.parametrize(
    "content, filename",
    [(b"not a zip", "table.xlsx"), (b"code,kind,name\n", "table.txt"), (b"name,icon\nx,y\n", "table.csv")],
)
def test_unreadable_files_are_refused_with_a_sentence(db, content, filename):
    report = services.import_file(content, filename=filename, actor=SYSTEM)
    assert not report.ok and all(str(p) for p in report.problems)


def test_exports_are_audited(default_table, admin_user):
    services.export_table(fmt="xlsx", categories=Category.objects.filter(code="S0102"), actor=admin_user)
    entry = AuditEntry.objects.get(action="data.export")
    assert entry.actor_username == admin_user.username
    assert entry.data["categories"] == 2  # the subclass and its major class
