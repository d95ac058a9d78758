"""门前三包 end to end in a real browser: a street's keeper imports a spreadsheet (a bad row is refused with
its reason) and the shop is in the register; the inspector checks it twice and it fails both times, so a
case is raised and the unit's page shows it; after the month the civility officer publishes the red and
black list through 公示, which is confirmed when its objection period is over."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chengguan.cases.models import Case
from chengguan.frontage.models import Check, ListState, MonthlyList, Unit
from chengguan.notices import services as notices
from chengguan.notices.models import Notice
from tests.frontage.conftest import (  # noqa: F401  (fixtures)
    CELL_1,
    PASSWORD,
    categories,
    centre,
    departments,
    grid,
    world,
)

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, site: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(site + "/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    expect(page.locator("#console-nav")).to_be_visible()


def fail_check(page, note: str) -> None:
    page.locator('input[name="clean_ok"][value="0"]').check()
    page.locator("#id_note").fill(note)
    page.locator("button[data-submit-check]").click()
    expect(page.locator('[data-page="frontage_unit"]')).to_be_visible()


def test_a_shop_is_imported_checked_fails_twice_raises_a_case_and_the_list_goes_through_notice(
    page,
    live_server,
    world,  # noqa: F811
):
    site = live_server.url
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    lng, lat = centre(CELL_1)

    # 1. The keeper imports the spreadsheet from the register's page.
    log_in(page, site, "keeper")
    page.locator('#console-nav a[href="/frontage/"]').click()
    expect(page.locator('[data-page="frontage_units"]')).to_be_visible()
    page.locator("a[data-import]").click()
    csv = (
        "名称,类型,地址,经度,纬度,联系人,联系电话,起始日期,截止日期\n"
        f"老王面馆,商户,秋浦路1号,{lng},{lat},王小明,13800138000,2026-01-01,2027-12-31\n"
        "外地店,商户,某路,121.47,31.23,,,,\n"
    ).encode()
    page.locator("#id_file").set_input_files(
        files=[{"name": "门前三包.csv", "mimeType": "text/csv", "buffer": csv}]
    )
    page.locator("button[data-submit-import]").click()
    expect(page.locator('[data-page="frontage_import_result"]')).to_be_visible()
    expect(page.locator("[data-import-summary]")).to_contain_text("1")
    expect(page.locator('[data-refused-row="3"]')).to_contain_text("外地店")
    shop = Unit.objects.get(name="老王面馆")
    page.goto(site + "/frontage/")
    expect(page.locator(f'tr[data-unit="{shop.pk}"]')).to_contain_text("秋浦街道")
    page.locator(f'tr[data-unit="{shop.pk}"] a').click()
    expect(page.locator("[data-contact]")).to_contain_text("138****8000")
    expect(page.locator("[data-agreement]")).to_contain_text("2027-12-31")

    # 2. The inspector checks it twice; it fails both times and a case is raised.
    log_in(page, site, "inspector")
    page.goto(f"{site}/frontage/units/{shop.pk}/")
    fail_check(page, "门前堆放纸箱")
    expect(page.locator("[data-raised-cases]")).to_have_count(0)
    fail_check(page, "复查仍堆放杂物，污水外溢")
    case = Case.objects.get(origin_type="frontage.check")
    assert case.category.code == "S0115"
    expect(page.locator(f'[data-raised-case="{case.number}"]')).to_be_visible()
    expect(page.locator('tr[data-passed="0"]')).to_have_count(2)

    # The month ends (the checks fall in last month).
    last_month_day = timezone.localdate().replace(day=1) - timedelta(days=3)
    for check in Check.objects.all():
        check.checked_at = check.checked_at.replace(
            year=last_month_day.year, month=last_month_day.month, day=last_month_day.day
        )
        check.save(update_fields=["checked_at"])

    # 3. The civility officer publishes the month's red and black list through 公示.
    log_in(page, site, "civility")
    page.goto(site + "/frontage/lists/")
    expect(page.locator(f'[data-black-unit="{shop.pk}"]')).to_contain_text("老王面馆")
    page.locator("button[data-publish-list]").click()
    expect(page.locator('[data-list-state="in_notice"]')).to_be_visible()
    monthly = MonthlyList.objects.get()
    notice = Notice.objects.get(pk=monthly.notice_id)
    page.locator("[data-notice-link]").click()
    expect(page.locator("body")).to_contain_text("老王面馆")

    # The objection period passes with no objection: the list is confirmed.
    notices.close_due_notices(actor=notices.CLOSE_ACTOR, now=notice.objection_deadline)
    assert MonthlyList.objects.get().state == ListState.CONFIRMED
    page.goto(f"{site}/frontage/lists/?month={last_month_day:%Y-%m}")
    expect(page.locator('[data-list-state="confirmed"]')).to_be_visible()
    assert errors == []
