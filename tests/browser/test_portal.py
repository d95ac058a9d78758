"""The citizen portal in a real browser on a phone-sized screen: a citizen reports a problem with a photo
by picking the spot on the map, gets a number and tracks it; a second citizen 20 m away is offered the
open case and supports it instead of filing a duplicate; staff close the case; the first citizen rates it
from the tracking page. Neither the reporter's data nor any staff name ever shows on the citizen pages.

Elements are found by names, ids and data attributes, not by their (translated) text."""

import math
import re

import pytest
from playwright.sync_api import expect

from chengguan.cases import services
from chengguan.cases.models import Case, FollowUp
from chengguan.cases.states import Channel, State
from chengguan.core.notify import sms
from chengguan.org.models import Department, Staff
from tests.browser.test_cases_console import png_file, world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True)

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.0 Mobile/15E148 Safari/604.1"
)
REPORTER, PHONE, SUPPORTER_PHONE = "孙小美", "13922223333", "13644445555"


def phone_page(browser):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, user_agent=IPHONE, has_touch=True
    )
    context.set_default_timeout(10_000)
    return context, context.new_page()


def pick_category(page, code: str, search: str) -> None:
    page.locator("[data-category-search]").fill(search)
    page.locator(f'label.category-choice:has(input[value="{code}"])').click()
    expect(page.locator(f'input[name=category][value="{code}"]')).to_be_checked()


def click_map_at(page, map_id: str, lng: float, lat: float) -> None:
    the_map = page.locator(f"#{map_id}[data-map-ready]")
    x, y = the_map.evaluate(
        "(el, p) => { const q = el.chengguanMap.latLngToContainerPoint([p[1], p[0]]); return [q.x, q.y]; }",
        [lng, lat],
    )
    the_map.click(position={"x": x, "y": y})


def test_report_track_support_close_and_rate_on_a_phone(browser, world, settings, tmp_path):  # noqa: F811
    settings.LANGUAGE_CODE = "zh-hans"
    settings.CHENGGUAN_PORTAL_RATE = {"device": (5, 600), "ip": (20, 3600), "min_fill_seconds": 0}
    sms.outbox.clear()
    site = world["url"]
    errors: list[str] = []
    context, page = phone_page(browser)
    page.on("pageerror", lambda error: errors.append(str(error)))

    # 1. A citizen reports a problem with a photo, picking the spot on the map.
    page.goto(site + "/")
    page.locator('[data-citizen-links] a[href="/report/"]').click()
    the_map = page.locator("#report-map[data-map-ready]")
    expect(the_map).to_be_visible()
    the_map.click()
    expect(page.locator("input[name=lng]")).to_have_value(re.compile(r"^117\.49\d+$"))
    pick_category(page, "S0102", "垃圾")
    page.locator("#id_description").fill("公交站旁边一堆垃圾，好几天了")
    page.locator("input[name=photos]").set_input_files(png_file(tmp_path))
    expect(page.locator("[data-privacy-note]")).to_be_visible()
    page.locator("#id_reporter_name").fill(REPORTER)
    page.locator("#id_reporter_phone").fill(PHONE)
    page.locator("[data-submit-report]").click()
    expect(page.locator('[data-page="report_done"]')).to_be_visible()
    case = Case.objects.get()
    assert case.channel == Channel.MOBILE and case.attachments.count() == 1
    expect(page.locator("[data-case-number]")).to_have_text(case.number)
    page.locator("[data-tracking-link]").click()
    expect(page.locator("[data-public-case] [data-case-number]")).to_have_text(case.number)
    expect(page.locator("[data-public-case] [data-timeline] img")).to_have_count(1)
    tracking_url = page.url
    assert REPORTER not in page.content() and PHONE not in page.content()

    # 2. A second citizen 20 m away is offered the open case and supports it instead.
    other_context, other = phone_page(browser)
    other.on("pageerror", lambda error: errors.append(str(error)))
    other.goto(site + "/report/")
    dlng = 20 / (111_320 * math.cos(math.radians(case.lat)))
    click_map_at(other, "report-map", case.lng + dlng, case.lat)
    pick_category(other, "S0102", "垃圾")
    other.locator("#id_description").fill("这里有垃圾")
    suggestion = other.locator(f'[data-nearby-case="{case.number}"]')
    expect(suggestion).to_be_visible()
    other.locator("#id_reporter_phone").fill(SUPPORTER_PHONE)
    suggestion.locator("[data-support]").click()
    expect(other.locator('[data-page="supported"]')).to_be_visible()
    other_context.close()
    case.refresh_from_db()
    assert Case.objects.count() == 1 and case.support_count == 1

    # 3. Staff take the case through to closure (through the services).
    handler = world["handler"]
    services.accept_case(case_id=case.pk, actor=world["dispatcher"])
    services.dispatch_case(
        case_id=case.pk, actor=world["dispatcher"], department=Department.objects.get(code="CGJ-HWC")
    )
    services.start_handling(case_id=case.pk, actor=handler)
    services.report_handled(case_id=case.pk, actor=handler, note="已清运完毕")
    services.verify_case(case_id=case.pk, actor=world["inspector"], passed=True)
    services.close_case(case_id=case.pk, actor=world["dispatcher"])
    assert any(message.phone == SUPPORTER_PHONE for message in sms.outbox)

    # 4. The citizen sees the outcome on the tracking page and rates it from there.
    page.goto(tracking_url)
    expect(page.locator("[data-public-case] [data-support-count]")).to_have_text("1")
    content = page.content()
    for secret in (REPORTER, PHONE, SUPPORTER_PHONE, *Staff.objects.values_list("name", flat=True)):
        assert secret not in content
    page.locator("[data-rate-link]").click()
    expect(page.locator('[data-page="follow_up"]')).to_be_visible()
    page.locator("input[name=rating][value='4']").check()
    page.locator("form.follow-up-form button[type=submit]").click()
    expect(page.locator('[data-kind="thanks"]')).to_be_visible()
    follow_up = FollowUp.objects.get(case=case)
    assert follow_up.rating == 4 and follow_up.answered_at is not None
    assert Case.objects.get(pk=case.pk).state == State.CLOSED
    context.close()
    assert errors == []
