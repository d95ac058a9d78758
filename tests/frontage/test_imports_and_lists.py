"""The spreadsheet import (good rows in, bad rows refused with reasons) and the monthly red and black list
through 公示 with its outcome handler."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import Workbook

from chengguan.frontage import services
from chengguan.frontage.models import Agreement, ImportRun, ListState, MonthlyList, Unit
from chengguan.frontage.selectors import month_start, standings
from chengguan.notices import services as notices
from chengguan.notices.models import Notice, State

from .conftest import CELL_1, CELL_3, centre, make_unit

pytestmark = pytest.mark.django_db


def xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_import_creates_good_rows_and_lists_the_refused_with_reasons(world):
    lng, lat = centre(CELL_1)
    lng3, lat3 = centre(CELL_3)
    data = xlsx(
        [
            ["名称", "类型", "地址", "经度", "纬度", "联系人", "联系电话", "起始日期", "截止日期"],
            ["老王面馆", "商户", "秋浦路1号", lng, lat, "王小明", "13800138000", "2026-01-01", "2026-12-31"],
            ["秋浦小学", "单位", "秋浦路9号", lng, lat, "", "", "", ""],
            ["", "商户", "秋浦路3号", lng, lat, "", "", "", ""],
            ["外地店", "商户", "某路", 121.47, 31.23, "", "", "", ""],
            ["池阳超市", "商户", "池阳路1号", lng3, lat3, "", "", "", ""],  # another street's office keeps it
            ["坏电话", "商户", "秋浦路5号", lng, lat, "", "12345", "", ""],
            ["怪类型", "工厂", "秋浦路6号", lng, lat, "", "", "", ""],
        ]
    )
    run = services.import_units(actor=world.keeper, data=data, filename="units.xlsx")
    assert (run.rows, run.created, run.updated) == (7, 2, 0)
    refused = {row["line"]: row["reason"] for row in run.refused}
    assert set(refused) == {4, 5, 6, 7, 8}
    assert "必填" in refused[4] or "required" in refused[4]
    assert Unit.objects.get(name="老王面馆").agreements.get().ends_on.isoformat() == "2026-12-31"
    assert Unit.objects.get(name="秋浦小学").kind == "unit"
    # the same file again updates and keeps the contact
    again = services.import_units(actor=world.keeper, data=data, filename="units.xlsx")
    assert (again.created, again.updated) == (0, 2)
    assert Unit.objects.get(name="老王面馆").contact_phone == "13800138000"
    assert Agreement.objects.count() == 2


def test_a_csv_in_gb18030_imports_and_an_unreadable_file_is_refused_whole(world):
    lng, lat = centre(CELL_1)
    text = f"名称,地址,经度,纬度\n老王面馆,秋浦路1号,{lng},{lat}\n"
    run = services.import_units(actor=world.keeper, data=text.encode("gb18030"), filename="units.csv")
    assert run.created == 1
    with pytest.raises(services.ImportRefused):
        services.import_units(actor=world.keeper, data=b"not a workbook", filename="units.xlsx")
    with pytest.raises(services.ImportRefused):
        services.import_units(actor=world.keeper, data="名称,地址\n".encode(), filename="units.csv")
    assert ImportRun.objects.count() == 1


def _checked_last_month(world):
    last_month = month_start(month_start(timezone.localdate()) - timedelta(days=1))
    when = timezone.make_aware(timezone.datetime(last_month.year, last_month.month, 10, 10))
    good, bad = make_unit(world, name="模范商店"), make_unit(world, name="脏乱商店")
    services.record_check(
        actor=world.inspector, unit_id=good.pk, clean_ok=True, order_ok=True, green_ok=True, now=when
    )
    services.record_check(
        actor=world.inspector,
        unit_id=bad.pk,
        clean_ok=False,
        order_ok=False,
        green_ok=True,
        note="垃圾外溢",
        now=when,
    )
    return last_month, good, bad


def test_the_month_list_goes_through_notice_and_is_confirmed(world):
    month, good, bad = _checked_last_month(world)
    table = standings(month)
    assert [row["pk"] for row in table["red"]] == [good.pk]
    assert [row["pk"] for row in table["black"]] == [bad.pk]
    monthly = services.publish_monthly_list(actor=world.civility, month=month)
    notice = Notice.objects.get(pk=monthly.notice_id)
    assert notice.state == State.PUBLISHED and "模范商店" in notice.body and "脏乱商店" in notice.body
    assert notice.subject_type == services.NOTICE_SUBJECT
    assert {(e.board, e.unit_id) for e in monthly.entries.all()} == {("red", good.pk), ("black", bad.pk)}
    with pytest.raises(services.FrontageRefused) as refused:
        services.publish_monthly_list(actor=world.civility, month=month)
    assert refused.value.code == services.FrontageCode.LIST_EXISTS
    notices.close_due_notices(actor=notices.CLOSE_ACTOR, now=notice.objection_deadline)
    assert MonthlyList.objects.get().state == ListState.CONFIRMED


def test_a_withdrawn_notice_withdraws_the_list_and_the_job_publishes_it_again(world):
    month, _good, _bad = _checked_last_month(world)
    monthly = services.publish_monthly_list(actor=world.civility, month=month)
    notices.withdraw_notice(notice_id=monthly.notice_id, actor=world.civility, reason="名单有误")
    assert MonthlyList.objects.get(pk=monthly.pk).state == ListState.WITHDRAWN
    again = services.publish_due_list()
    assert again is not None and again.month == month and again.pk != monthly.pk
    assert services.publish_due_list() is None  # once a month


def test_the_list_is_refused_for_a_running_month_for_other_roles_and_with_no_checks(world):
    this_month = month_start(timezone.localdate())
    with pytest.raises(services.FrontageRefused) as refused:
        services.publish_monthly_list(actor=world.civility, month=this_month)
    assert refused.value.code == services.FrontageCode.MONTH_NOT_OVER
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.publish_monthly_list(actor=world.inspector, month=this_month - timedelta(days=1))
    with pytest.raises(services.FrontageRefused) as refused:
        services.publish_monthly_list(actor=world.civility, month=this_month - timedelta(days=1))
    assert refused.value.code == services.FrontageCode.NOTHING_CHECKED
    assert services.publish_due_list() is None


def test_the_job_publishes_last_months_list_once(world):
    from django.core.management import call_command

    _checked_last_month(world)
    out = io.StringIO()
    call_command("frontage_lists", stdout=out)
    assert "Published" in out.getvalue()
    call_command("frontage_lists", stdout=out)
    assert "Nothing to publish." in out.getvalue()
    assert MonthlyList.objects.get().published_by is None
