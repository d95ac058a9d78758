"""Done when #1, the main path in a real browser: the civility officer launches the 五进 template, a
building site applies, its application passes the notice, it files its monthly report, an inspector scores
it with a deduction and a problem found, the problem's case is rectified, the officer proposes the results,
and after the notice the site sees its score breakdown, its title and its certificate."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chengguan.campaigns import services
from chengguan.campaigns.models import Application, Campaign, Finding
from chengguan.cases import services as cases
from chengguan.notices import services as notices
from chengguan.org.models import Department, DepartmentKind, Role
from chengguan.org.roles import RoleCode as R
from chengguan.taxonomy.models import Category, CategoryKind
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "pw-for-tests-1"


def staff(username, department, *roles):
    user = UserFactory(username=username, password=PASSWORD)
    StaffFactory(user=user, name=f"{username}姓名", department=department, roles=list(roles))
    return user


def log_in(page, site: str, username: str, next_url: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{site}/login/?next={next_url}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(f"**{next_url}")


def pass_the_notice() -> None:
    notices.close_due_notices(actor=notices.CLOSE_ACTOR, now=timezone.now() + timedelta(days=60))


def test_wujin_main_path(page, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    for code in R.values:
        Role.objects.get_or_create(code=code)
    bureau = Department.objects.create(code="CGJ", name="城管局", kind=DepartmentKind.BUREAU)
    office = Department.objects.create(
        code="CGJ-WMB", name="文明办", kind=DepartmentKind.SECTION, parent=bureau
    )
    works = Department.objects.create(
        code="CGJ-HWC", name="环卫处", kind=DepartmentKind.SECTION, parent=bureau
    )
    officer = staff("officer", office, R.CIVILITY_OFFICER)
    inspector = staff("inspector", bureau, R.INSPECTOR, R.DISPATCHER, R.INTAKE_OPERATOR)
    handler = staff("handler", works, R.HANDLER)
    unit = services.register_unit(
        actor=officer, name="城东建筑工地", kind="building_site", address="城东路1号"
    )
    services.add_unit_account(actor=officer, unit_id=unit.pk, username="site", password=PASSWORD)
    site = live_server.url
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # 1. The officer launches the 五进 template from the console menu, starting today.
    log_in(page, site, "officer", "/campaigns/")
    page.locator('#console-nav a[href="/campaigns/"]').click()
    page.locator("[data-launch]").click()
    page.locator("#id_blueprint").select_option("wujin")
    page.locator("#id_starts_on").fill(timezone.localdate().isoformat())
    page.locator("#id_owner_department").select_option(str(office.pk))
    page.get_by_label("inspector姓名").check()
    page.locator("button[data-submit]").click()
    expect(page.locator('[data-page="campaign_dashboard"][data-state="open"]')).to_be_visible()
    campaign = Campaign.objects.get()

    # 2. The building site applies from its own page.
    log_in(page, site, "site", "/campaigns/unit/")
    page.locator(f'[data-open-campaign="{campaign.pk}"] [data-apply]').click()
    page.locator("#id_statement").fill(
        "本工地申請參加“五進”活動，落實圍擋、硬化、沖洗、覆蓋、降塵、密閉運輸。"
    )
    page.locator("button[data-submit]").click()
    expect(page.locator("[data-application]")).to_contain_text("已提交")

    # 3. The officer puts the application on public notice; the window passes without objection.
    log_in(page, site, "officer", f"/campaigns/{campaign.pk}/")
    page.locator('form[data-action="publish_applications"] button').click()
    expect(page.locator(".messages")).to_be_visible()
    pass_the_notice()
    application = Application.objects.get()
    assert application.state == "accepted"

    # 4. The site files its first monthly report (in traditional Chinese).
    log_in(page, site, "site", f"/campaigns/unit/applications/{application.pk}/")
    report = application.reports.order_by("due_on").first()
    page.locator(f'[data-report-form="{report.period}"] textarea').fill(
        "本月完成工地圍擋美化，出入口已硬化。"
    )
    page.locator(f'[data-report-form="{report.period}"] button').click()
    expect(page.locator(f'[data-report="{report.period}"]')).to_contain_text("本月完成工地圍擋美化")

    # 5. The inspector scores every item: a deduction with evidence and a problem found.
    log_in(page, site, "inspector", f"/campaigns/applications/{application.pk}/")
    page.locator("#id_item_D3").fill("3")
    page.locator("#id_evidence_D3").fill("東側砂石未覆蓋")
    page.locator("#id_finding_item_0").select_option("D3")
    page.locator("#id_finding_text_0").fill("東側砂石料未覆蓋，揚塵明顯")
    page.locator("button[data-submit-inspection]").click()
    expect(page.locator("[data-breakdown] [data-total]")).to_have_text(
        "18.0"
    )  # the site's four items, 20 points
    expect(page.locator("[data-findings]")).to_contain_text("東側砂石料未覆蓋")

    # 6. The problem's case goes 告知—整改—反馈—验收 (the case pages are tested elsewhere).
    case = Finding.objects.get().case
    major = Category.objects.create(code="S01", name="市容环境", kind=CategoryKind.EVENT)
    category = Category.objects.create(code="S0104", name="施工扬尘", kind=CategoryKind.EVENT, parent=major)
    cases.accept_case(case_id=case.pk, actor=inspector, category=category)
    cases.dispatch_case(case_id=case.pk, actor=inspector, department=works)
    cases.report_handled(case_id=case.pk, actor=handler, note="已覆蓋防塵網")
    cases.verify_case(case_id=case.pk, actor=inspector, passed=True)
    cases.close_case(case_id=case.pk, actor=inspector)

    # 7. The officer proposes the results; after the notice the site is named.
    log_in(page, site, "officer", f"/campaigns/{campaign.pk}/")
    page.locator('details[data-action="propose_results"] summary').click()
    page.locator('details[data-action="propose_results"] button[type=submit]').click()
    expect(page.locator('[data-page="campaign_dashboard"][data-state="results_proposed"]')).to_be_visible()
    pass_the_notice()

    # 8. The site sees its breakdown, its title and its certificate.
    log_in(page, site, "site", f"/campaigns/unit/applications/{application.pk}/")
    expect(page.locator('[data-title="named"]')).to_be_visible()
    expect(page.locator('[data-breakdown] tr[data-item="D3"] [data-points]')).to_have_text("3.0")
    expect(page.locator("[data-breakdown] [data-total]")).to_have_text(
        "18.0"
    )  # the site's four items, 20 points
    with page.expect_response(lambda r: r.url.endswith("certificate.pdf")) as pdf:
        page.evaluate("url => fetch(url)", page.locator("[data-certificate]").get_attribute("href"))
    assert pdf.value.status == 200 and pdf.value.body().startswith(b"%PDF")
    page.goto(f"{site}/campaigns/public/{campaign.pk}/")
    expect(page.locator("[data-results]")).to_contain_text("城东建筑工地")
    assert errors == []
    assert datetime.now()  # the clock the windows were passed with is the real one
