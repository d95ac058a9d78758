"""The star of the month end to end in a real browser: the brigade leader cannot nominate an officer who
lost points this month (the picker leaves them out and says why) and nominates one with a full score; the
bureau leader decides with the record beside the nominee, which publishes the notice; after the objection
window the star is on the public honour roll."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chengguan.conduct import services
from chengguan.conduct.models import Sanction, Star, StarState
from chengguan.notices import services as notices
from chengguan.notices.models import Notice
from tests.conduct.conftest import PASSWORD, org, rule  # noqa: F401  (the org fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, site: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(site + "/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    expect(page.locator("#console-nav")).to_be_visible()


def test_star_of_the_month_from_nomination_to_honour_roll(
    page,
    browser,
    live_server,
    org,  # noqa: F811
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    violation = services.record_violation(
        actor=org["discipline"].user,
        staff=org["officer"],
        rule=rule("wu-buzhun"),
        occurred_on=timezone.localdate(),
        description="执勤时吸烟",
    )
    services.decide_sanction(
        violation_id=violation.pk, actor=org["captain"].user, sanction=Sanction.CRITICISM
    )
    site = live_server.url
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # 1. The brigade leader opens the page from the menu; the officer who lost points cannot be nominated.
    log_in(page, site, "captain")
    page.locator('#console-nav a[href="/conduct/stars/manage/"]').click()
    expect(page.locator('[data-page="conduct_stars"]')).to_be_visible()
    expect(page.locator(f'#id_staff option[value="{org["officer"].pk}"]')).to_have_count(0)
    ineligible = page.locator(f'[data-ineligible-staff="{org["officer"].pk}"]')
    expect(ineligible).to_be_visible()
    expect(ineligible).to_contain_text("张执法")
    expect(ineligible).to_contain_text("不是满分")
    assert not Star.objects.exists()

    # 2. A full-score officer can.
    page.locator("#id_staff").select_option(str(org["partner"].pk))
    page.locator("#id_reason").fill("拾金不昧，主动归还群众遗失的钱包")
    page.locator("button[data-nominate]").click()
    expect(page.locator("[data-nomination]")).to_contain_text("李执法")
    expect(page.locator("button[data-decide-star]")).to_have_count(0)  # a brigade leader does not decide

    # 3. The bureau leader decides with the nominee's record beside them; the notice is published.
    log_in(page, site, "chief")
    page.goto(site + "/conduct/stars/manage/")
    nominee = page.locator("[data-nomination]")
    expect(nominee).to_contain_text("100")
    nominee.locator("textarea").fill("拾金不昧，群众来信表扬")
    nominee.locator("button[data-decide-star]").click()
    expect(page.locator('[data-star-state="in_notice"]')).to_be_visible()
    star = Star.objects.get()
    notice = Notice.objects.get(pk=star.notice_id)
    page.locator("[data-notice-link]").click()
    expect(page.locator('[data-page="notice_manage_detail"][data-state="published"]')).to_be_visible()

    # The public sees the notice but not yet the star on the honour roll.
    visitor = browser.new_context(locale="zh-CN").new_page()
    visitor.goto(f"{site}/conduct/stars/")
    expect(visitor.locator("[data-star]")).to_have_count(0)

    # 4. The objection window passes with no objection: confirmed, and on the honour roll.
    notices.close_due_notices(actor=notices.CLOSE_ACTOR, now=notice.objection_deadline)
    assert Star.objects.get().state == StarState.CONFIRMED
    visitor.goto(f"{site}/conduct/stars/")
    expect(visitor.locator(f'[data-star="{star.pk}"] .star-name')).to_have_text("李执法")
    page.goto(site + "/conduct/stars/manage/")
    expect(page.locator('[data-star-state="confirmed"]')).to_be_visible()
    assert errors == []
