"""The field app (城管通) on a phone, offline: an inspector signs in, loses the connection, makes three
patrol reports with photos and one verification, reloads the app (it opens from the phone and shows the
four waiting), gets the connection back, and all four arrive exactly once, with their photos and the
position the phone gave; going online again sends nothing more. A verification made offline for a case a
shift lead suspended meanwhile comes back refused with the reason and changes nothing. Signing out
deletes what the phone holds.

Elements are found by ids and data attributes, not by their (translated) text."""

import pytest
from playwright.sync_api import expect

from chengguan.cases import services
from chengguan.cases.models import Attachment, Case, CaseEvent
from chengguan.cases.states import Action, Channel, State
from chengguan.field.models import Outcome, Submission
from chengguan.org.models import Department
from chengguan.org.roles import RoleCode as R
from tests.factories import StaffFactory, UserFactory

from .test_cases_console import DLAT, DLNG, LAT0, LNG0, PASSWORD, png_file, world  # noqa: F401
from .test_cases_evidence import handled_case

pytestmark = pytest.mark.django_db(transaction=True)

HERE = {"longitude": LNG0 + 1.5 * DLNG, "latitude": LAT0 + 0.5 * DLAT}


@pytest.fixture
def phone(browser, live_server, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    context = browser.new_context(
        locale="zh-CN",
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
        geolocation=HERE,
        permissions=["geolocation"],
        service_workers="allow",
    )
    context.set_default_timeout(30_000)
    page = context.new_page()
    yield page
    context.close()


def open_app(page, site, user):
    """Sign in through the real log-in page, which sends the user on to the app."""
    page.context.clear_cookies()
    page.goto(site + "/login/?next=/field/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/field/")
    expect(page.locator("body[data-app-ready]")).to_have_count(1)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    expect(page.locator("#patrol-lng")).not_to_have_value("")  # the phone's position has arrived


def outbox(page, status: str):
    return page.locator(f'#outbox-list [data-status="{status}"]')


def go_offline(page):
    page.context.set_offline(True)
    expect(page.locator("#net-status.is-offline")).to_have_count(1)


def patrol_report(page, text: str, photo: str):
    page.locator('[data-tab="patrol"]').click()
    page.locator("#patrol-photos").set_input_files(photo)
    page.locator("#patrol-description").fill(text)
    page.locator("#patrol-category").fill("S0102 暴露垃圾")
    page.locator('#patrol-form button[type="submit"]').click()
    expect(page.locator("#patrol-description")).to_have_value("")


def verify_passed(page, number: str):
    page.locator('[data-tab="verify"]').click()
    card = page.locator(f"#task-{number}")
    card.locator('details[data-action="verify"]').first.locator("summary").click()
    card.locator('details[data-action="verify"]').first.locator('button[type="submit"]').click()
    expect(card.locator('[data-status="waiting"]')).to_have_count(1)


def test_offline_results_wait_on_the_phone_and_arrive_once(phone, world, tmp_path):  # noqa: F811
    page, site = phone, world["url"]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    case = handled_case(world)
    open_app(page, site, world["inspector"])
    expect(page.locator(f"#task-{case.number}")).to_have_count(1)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360  # fits a 360 px phone

    go_offline(page)
    photo = png_file(tmp_path)
    for text in ("人行道上暴露垃圾一堆", "垃圾桶满溢无人清运", "绿化带里有建筑垃圾"):
        patrol_report(page, text, photo)
    verify_passed(page, case.number)
    assert not Case.objects.filter(channel=Channel.PATROL).exists()  # nothing left the phone

    worker = page.context.service_workers[0]  # its own requests fail too: the shell really is on the phone
    probe = "() => fetch('/field/manifest.webmanifest', {cache: 'no-store'}).then(() => 'on', () => 'off')"
    assert worker.evaluate(probe) == "off"
    reloaded = page.reload()
    assert reloaded.from_service_worker
    expect(page.locator("body[data-app-ready]")).to_have_count(1)
    expect(page.locator('[data-count="outbox"]')).to_have_text("4")
    page.locator('[data-tab="outbox"]').click()
    expect(outbox(page, "waiting")).to_have_count(4)
    expect(page.locator(f"#task-{case.number}")).to_have_count(1)  # the task list, kept on the phone

    page.context.set_offline(False)
    expect(outbox(page, "sent")).to_have_count(4)
    expect(outbox(page, "waiting")).to_have_count(0)

    reports = Case.objects.filter(channel=Channel.PATROL).order_by("id")
    assert [r.description for r in reports] == [
        "人行道上暴露垃圾一堆",
        "垃圾桶满溢无人清运",
        "绿化带里有建筑垃圾",
    ]
    for report in reports:
        assert report.created_by == world["inspector"] and report.category.code == "S0102"
        assert abs(report.lng - HERE["longitude"]) < 1e-6 and abs(report.lat - HERE["latitude"]) < 1e-6
        assert Attachment.objects.filter(case=report, kind=Attachment.Kind.REPORT).count() == 1
    assert Case.objects.get(pk=case.pk).state == State.VERIFIED
    rows = Submission.objects.filter(actor=world["inspector"])
    assert rows.count() == 4 and set(rows.values_list("outcome", flat=True)) == {Outcome.DONE}
    taken = [row.changes["photos"][0] for row in rows.filter(action="patrol")]
    assert all(abs(p["lng"] - HERE["longitude"]) < 1e-6 and p["taken_at"] for p in taken)

    # Online again, and again after a reload: nothing is sent twice.
    go_offline(page)
    page.context.set_offline(False)
    page.reload()
    expect(page.locator("body[data-app-ready]")).to_have_count(1)
    page.wait_for_timeout(1500)
    assert Case.objects.filter(channel=Channel.PATROL).count() == 3
    assert CaseEvent.objects.filter(case=case, action=Action.VERIFY_PASS).count() == 1
    assert Submission.objects.count() == 4
    assert errors == []


def test_a_verification_of_a_case_suspended_meanwhile_comes_back_refused(phone, world, tmp_path):  # noqa: F811
    page, site = phone, world["url"]
    case = handled_case(world)
    lead = UserFactory(username="lead", password=PASSWORD)
    StaffFactory(
        user=lead, name="值班长", department=Department.objects.get(code="CGJ-SZCG"), roles=[R.SHIFT_LEAD]
    )
    open_app(page, site, world["inspector"])
    go_offline(page)
    verify_passed(page, case.number)

    # Meanwhile: the shift lead sends it back for rework and then suspends it at the department's request.
    services.verify_case(case_id=case.pk, actor=lead, passed=False, note="还有垃圾")
    services.request_suspension(case_id=case.pk, actor=world["handler"], reason="等施工结束")
    services.decide_request(case_id=case.pk, actor=lead, approve=True)
    before = list(CaseEvent.objects.filter(case=case).values_list("id", flat=True))

    page.context.set_offline(False)
    page.locator('[data-tab="outbox"]').click()
    refused = outbox(page, "refused")
    expect(refused).to_have_count(1)
    expect(refused.locator(".fa-error")).not_to_be_empty()
    assert Case.objects.get(pk=case.pk).state == State.SUSPENDED
    assert list(CaseEvent.objects.filter(case=case).values_list("id", flat=True)) == before
    row = Submission.objects.get()
    assert row.outcome == Outcome.REFUSED and row.code == "invalid_state"


def test_signing_out_deletes_what_the_phone_holds(phone, world):  # noqa: F811
    page, site = phone, world["url"]
    handled_case(world)
    open_app(page, site, world["inspector"])
    assert page.evaluate("caches.keys().then(k => k.filter(n => n.startsWith('field-')).length)") >= 1
    page.locator('#signout-form button[type="submit"]').click()
    page.wait_for_url(lambda url: "/field/" not in url)
    assert page.evaluate("caches.keys().then(k => k.filter(n => n.startsWith('field-')).length)") == 0
    names = page.evaluate("indexedDB.databases().then(d => d.map(x => x.name))")
    assert "chengguan-field" not in names
