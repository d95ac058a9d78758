"""A notice through its objection period, in a real browser: the civility officer publishes it, a citizen
files an objection, the officer upholds it, the end of the window does not confirm it, the officer revises
it, and after the new window it is confirmed. The public page never shows who objected."""

import re

import pytest
from playwright.sync_api import expect

from chengguan.notices import services
from chengguan.notices.models import Notice, Objection, State
from chengguan.org.models import Department, DepartmentKind, Role
from chengguan.org.roles import RoleCode as R
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "pw-for-tests-1"


def log_in(page, site: str, user) -> None:
    page.context.clear_cookies()
    page.goto(site + "/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    expect(page.locator("#console-nav")).to_be_visible()


def test_an_upheld_objection_holds_the_notice_until_revised(page, browser, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    for code in R.values:
        Role.objects.get_or_create(code=code)
    office = Department.objects.create(code="WMB", name="文明办", kind=DepartmentKind.SECTION)
    officer = UserFactory(username="officer", password=PASSWORD)
    StaffFactory(user=officer, name="文明办干事", department=office, roles=[R.CIVILITY_OFFICER])
    site = live_server.url
    page.set_default_timeout(30_000)  # a loaded CI machine serves the first pages slowly
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # 1. The officer drafts the notice from the console menu and publishes it.
    log_in(page, site, officer)
    page.locator('#console-nav a[href="/notices/manage/"]').click()
    page.locator("[data-new-notice]").click()
    page.locator("#id_title").fill("2026年3月城管每月一星公示")
    page.locator("#id_body").fill("拟评选张三为本月之星。")
    page.locator("#id_window_days").fill("5")
    page.locator("#id_owner_department").select_option(str(office.pk))
    page.locator("button[data-submit]").click()
    expect(page.locator('[data-page="notice_manage_detail"][data-state="draft"]')).to_be_visible()
    page.locator('form[data-action="publish"] button').click()
    expect(page.locator('[data-page="notice_manage_detail"][data-state="published"]')).to_be_visible()
    notice = Notice.objects.get()

    # 2. A citizen objects on the public page, without logging in.
    citizen = browser.new_context(locale="zh-CN")
    public = citizen.new_page()
    public.goto(f"{site}/notices/")
    public.locator(f'[data-notice="{notice.pk}"] a').click()
    public.locator("#id_name").fill("李异议")
    public.locator("#id_phone").fill("13912345678")
    public.locator("#id_text").fill("张三上月有两次迟到记录。")
    public.locator("form.objection-form button[type=submit]").click()
    expect(public.locator("[data-filed]")).to_be_visible()
    expect(public.locator("[data-objection-counts]")).to_have_attribute("data-total", "1")
    assert "李异议" not in public.content() and "13912345678" not in public.content()

    # 3. The officer upholds it, with reasons; the name shows masked.
    objection = Objection.objects.get()
    page.goto(f"{site}/notices/manage/{notice.pk}/")
    row = page.locator(f'[data-objection="{objection.pk}"]')
    expect(row.locator(".objector-name")).to_have_text("李**")
    row.locator("input[value=upheld]").check()
    row.locator("textarea").fill("考勤记录属实")
    row.locator("form.decide-form button[type=submit]").click()
    expect(page.locator(f'[data-objection="{objection.pk}"][data-decision="upheld"]')).to_be_visible()

    # 4. The window ends: the notice is held, not confirmed.
    services.close_due_notices(actor=services.CLOSE_ACTOR, now=notice.objection_deadline)
    page.reload()
    expect(page.locator('[data-page="notice_manage_detail"][data-state="period_over"]')).to_be_visible()

    # 5. The owner revises it: a new revision, published with a new window.
    page.locator('a[data-action="revise"]').click()
    page.locator("#id_body").fill("经复核，改评李五为本月之星。")
    page.locator("#id_note").fill("根据异议改评")
    page.locator("button[data-submit]").click()
    expect(
        page.locator('[data-page="notice_manage_detail"][data-state="published"][data-revision="2"]')
    ).to_be_visible()

    # 6. After the new window it is confirmed, and the public page says so.
    notice.refresh_from_db()
    services.close_due_notices(actor=services.CLOSE_ACTOR, now=notice.objection_deadline)
    assert Notice.objects.get().state == State.CONFIRMED
    public.reload()
    expect(public.locator('[data-page="notice"][data-state="confirmed"]')).to_be_visible()
    expect(public.locator("[data-closed]")).to_be_visible()
    expect(public).to_have_url(re.compile(rf"/notices/{notice.pk}/"))
    assert "李异议" not in public.content() and "13912345678" not in public.content()
    citizen.close()
    assert errors == []
