"""The work queues in a real browser: the dispatcher's desk and the case list filtered by street and
category, searched in traditional characters, sorted and paged; verified cases closed in one batch from
the desk; and the case list fitting a laptop (1,366 px) and a phone (390 px) without sideways scrolling.

Elements are found by names, ids and data attributes, not by their (translated) text."""

import pytest
from playwright.sync_api import expect

from chengguan.cases import services
from chengguan.cases.models import Case
from chengguan.cases.states import State
from chengguan.core.actors import SystemActor
from chengguan.grid.services import import_grid
from chengguan.org.models import Department

from .test_cases_console import DLNG, LAT0, LNG0, _feature, _square, log_in
from .test_cases_console import world as world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)

STREET_2, COMMUNITY_2 = "341702002", "341702002001"
LAMP, GARBAGE = "B0113", "S0102"
WIDTHS = (1366, 390)


@pytest.fixture
def city(world):  # noqa: F811
    """The console's world with a second street (池阳街道) east of the first, and cases: a street lamp and
    a pile of garbage in the first street, a critical pile of garbage in the second, more garbage in the
    first (enough for two pages), and cases verified and handled."""
    import_grid(
        {
            "type": "FeatureCollection",
            "features": [
                _feature(STREET_2, "池阳街道"),
                _feature(COMMUNITY_2, "长江社区"),
                _feature(f"{COMMUNITY_2}001", geometry=_square(6)),
            ],
        },
        actor=SystemActor("test"),
    )
    hwc = Department.objects.get(code="CGJ-HWC")
    intake, dispatcher = world["intake"], world["dispatcher"]
    lat = LAT0 + 0.0004

    def report(description, *, col=0.5, category=GARBAGE, urgency="normal"):
        return services.report_case(
            description=description,
            channel="hotline",
            lng=LNG0 + col * DLNG,
            lat=lat,
            category=category,
            urgency=urgency,
            actor=intake,
        ).case

    cases = {"lamp": report("路灯不亮，晚上很黑", category=LAMP)}
    for n in range(24):
        report(f"小区门口第{n}堆垃圾", col=1.5)
    cases["east"] = report("长江社区路口垃圾成堆", col=6.5, urgency="critical")
    for name in ("verified_1", "verified_2", "handled"):
        case = report(f"需要清运的垃圾{name}", col=2.5)
        services.accept_and_dispatch(case_id=case.pk, actor=dispatcher, department=hwc)
        services.start_handling(case_id=case.pk, actor=world["handler"])
        services.report_handled(case_id=case.pk, actor=world["handler"], note="已清运")
        if name != "handled":
            services.verify_case(case_id=case.pk, actor=world["inspector"], passed=True)
        cases[name] = case
    return {**world, **cases}


def rows(page):
    return page.locator(".case-rows [data-case], table[data-table=cases] tbody tr[data-case]")


def test_the_desk_filters_searches_sorts_pages_and_closes_a_batch(page, city):
    site = city["url"]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, site, city["dispatcher"])
    page.goto(site + "/cases/desk/")
    expect(rows(page)).to_have_count(20)  # a full first page of 26 waiting reports

    # Filter by street, then by category.
    page.locator("#id_area").select_option(STREET_2)
    page.locator(".filter-bar button[type=submit]").click()
    expect(rows(page)).to_have_count(1)
    expect(page.locator(f'[data-case="{city["east"].number}"]')).to_be_visible()
    page.locator("[data-clear-filters]").click()
    page.locator("#id_category").select_option(LAMP)
    page.locator(".filter-bar button[type=submit]").click()
    expect(rows(page)).to_have_count(1)
    expect(page.locator(f"#row-{city['lamp'].number}")).to_be_visible()
    # The filter is remembered: the desk opens with it again until cleared.
    page.goto(site + "/cases/desk/")
    expect(page.locator("#id_category")).to_have_value(LAMP)
    page.locator("[data-clear-filters]").click()
    expect(rows(page)).to_have_count(20)

    # Search in traditional characters finds the simplified description.
    page.locator("#id_search_q").fill("路燈")
    page.locator("#id_search_q").press("Enter")
    expect(rows(page)).to_have_count(1)
    expect(page.locator(f"#row-{city['lamp'].number}")).to_be_visible()
    page.locator("[data-clear-filters]").click()

    # Sort by urgency: the critical case first; then the second page.
    page.locator('.sort-links a[href*="sort=urgency"]').click()
    expect(rows(page).first).to_have_attribute("data-case", city["east"].number)
    page.locator('.pagination a[rel="next"]').first.click()
    expect(rows(page)).to_have_count(6)

    # The verified queue from its counter: select all, close in one go.
    page.locator('[data-counter="verified"]').click()
    expect(rows(page)).to_have_count(2)
    page.locator("#close-form [data-select-all]").check()
    page.locator("#close-form input[name=note]").fill("批量结案")
    page.locator("[data-batch-close]").click()
    expect(page.locator(".messages .message.success")).to_be_visible()
    expect(page.locator(".case-rows [data-case]")).to_have_count(0)
    states = dict(
        Case.objects.filter(pk__in=[city[n].pk for n in ("verified_1", "verified_2", "handled")]).values_list(
            "pk", "state"
        )
    )
    assert states == {
        city["verified_1"].pk: State.CLOSED,
        city["verified_2"].pk: State.CLOSED,
        city["handled"].pk: State.HANDLED,
    }
    assert not errors


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.scrollingElement.scrollWidth")
    inner = page.evaluate("window.innerWidth")
    assert width <= inner, f"the page is {width} px wide in a {inner} px window"


def names_keep_whole_lines(page) -> None:
    """Category and department names never wrap one character a line (a short name stays on one line)."""
    lines = page.evaluate(
        """() => Array.from(document.querySelectorAll('td[data-column]')).map(td => {
            const range = document.createRange(); range.selectNodeContents(td);
            const tops = new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top)));
            return [td.textContent.trim(), tops.size];
        })"""
    )
    assert lines
    for text, count in lines:
        if len(text) <= 8:
            assert count == 1, f"{text!r} is broken over {count} lines"


def test_the_case_list_filters_searches_sorts_pages_and_fits_the_screen(page, city):
    site = city["url"]
    log_in(page, site, city["dispatcher"])
    page.goto(site + "/cases/")
    expect(rows(page)).to_have_count(25)
    page.locator("#id_area").select_option(STREET_2)
    page.locator(".filter-bar button[type=submit]").click()
    expect(rows(page)).to_have_count(1)
    page.locator("[data-clear-filters]").click()
    page.locator("#id_category").select_option(LAMP)
    page.locator(".filter-bar button[type=submit]").click()
    expect(rows(page)).to_have_count(1)
    page.locator("[data-clear-filters]").click()
    page.locator("#id_search_q").fill("路燈")
    page.locator("#id_search_q").press("Enter")
    expect(rows(page)).to_have_count(1)
    expect(rows(page).first).to_have_attribute("data-case", city["lamp"].number)
    page.locator("[data-clear-filters]").click()
    page.locator('.sort-links a[href*="sort=urgency"]').click()
    expect(rows(page).first).to_have_attribute("data-case", city["east"].number)
    page.locator('.pagination a[rel="next"]').first.click()
    expect(rows(page)).to_have_count(4)  # 29 cases, 25 a page
    page.locator("[data-clear-filters]").click()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(site + "/cases/")
        expect(rows(page)).to_have_count(25)
        no_sideways_scroll(page)
        names_keep_whole_lines(page)


def test_a_problem_still_there_reaches_the_dispatcher_who_reopens_the_case(page, browser, world):
    """The dispatcher closes a verified case from the desk; the reporter's text links to the follow-up
    page, where they say the problem is still there; the dispatcher sees it on the bell and in the desk's
    "came back" queue, opens it from /notifications/ and reopens it. Every text message carries only
    absolute links."""
    import re

    from chengguan.core.notify import sms

    from .test_cases_console import action_form

    site = world["url"]
    sms.outbox.clear()
    hwc = Department.objects.get(code="CGJ-HWC")
    case = services.report_case(
        description="小区门口垃圾堆积",
        channel="hotline",
        lng=LNG0 + 0.5 * DLNG,
        lat=LAT0 + 0.0004,
        category=GARBAGE,
        reporter_name="李四",
        reporter_phone="13912345678",
        actor=world["intake"],
    ).case
    services.accept_and_dispatch(case_id=case.pk, actor=world["dispatcher"], department=hwc)
    services.start_handling(case_id=case.pk, actor=world["handler"])
    services.report_handled(case_id=case.pk, actor=world["handler"], note="已清运")
    services.verify_case(case_id=case.pk, actor=world["inspector"], passed=True)

    log_in(page, site, world["dispatcher"])
    page.goto(site + "/cases/desk/?queue=verified")
    page.locator(f'input[name=cases][value="{case.number}"]').check()
    page.locator("[data-batch-close]").click()
    expect(page.locator(".messages .message.success")).to_be_visible()

    # The reporter's text links to the follow-up page; they say the problem is still there.
    texts = [message.text for message in sms.outbox if message.phone == "13912345678"]
    links = [link for text in texts for link in re.findall(r"https?://\S+/cases/f/[\w-]+/", text)]
    assert len(links) == 1, texts
    citizen = browser.new_context(locale="zh-CN")
    public = citizen.new_page()
    public.goto(site + re.sub(r"^https?://[^/]+", "", links[0]))
    public.locator("input[name=rating][value='1']").check()
    public.locator("input[name=problem_persists]").check()
    public.locator("form.follow-up-form button[type=submit]").click()
    expect(public.locator('[data-kind="thanks"]')).to_be_visible()
    citizen.close()

    # The dispatcher: the bell, the desk's "came back" queue, the notification's link, reopen.
    page.goto(site + "/cases/desk/")
    expect(page.locator(".notify.has-unread .notify-count")).to_have_text("1")
    expect(page.locator('[data-counter="returned"] strong')).to_have_text("1")
    page.locator('[data-counter="returned"]').click()
    expect(page.locator(f'[data-case="{case.number}"] [data-persists]')).to_be_visible()
    page.goto(site + "/notifications/")
    page.locator(".notification.unread .notification-actions form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(rf"/cases/{case.number}/$"))
    form = action_form(page.locator("#case-actions"), "reopen")
    form.locator("[name=reason]").fill("回访反映垃圾仍未清理")
    form.locator("button[type=submit]").click()
    expect(page.locator('#case-body[data-state="accepted"]')).to_be_visible()
    case.refresh_from_db()
    assert case.state == State.ACCEPTED and case.reopen_count == 1
    page.goto(site + "/cases/desk/?queue=returned")
    expect(page.locator(f'[data-case="{case.number}"] [data-reopened]')).to_be_visible()

    # Every text message: links only absolute, never a bare path.
    assert sms.outbox
    for message in sms.outbox:
        bare = re.sub(r"https?://[^\s/]+/\S*", "", message.text)  # what is left without the absolute links
        assert "/" not in bare, message.text
