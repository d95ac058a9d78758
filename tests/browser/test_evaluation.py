"""An evaluation round end to end in a real browser: the civility officer sets the round up in the console
and opens it; a citizen verifies a phone by the texted code and evaluates a section; the officer closes
voting, enters an inspection result, ranks the units, sees the breakdown and publishes the ranking as a
notice, which is confirmed when its objection period passes."""

import re

import pytest
from playwright.sync_api import expect

from chengguan.core.notify import sms
from chengguan.evaluation.models import Ballot, Round, RoundState
from chengguan.notices import services as notices
from chengguan.notices.models import Notice, State
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


def test_a_round_from_set_up_to_a_confirmed_ranking(page, browser, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    sms.outbox.clear()
    for code in R.values:
        Role.objects.get_or_create(code=code)
    bureau = Department.objects.create(code="CGJ", name="城管局", kind=DepartmentKind.BUREAU)
    window = Department.objects.create(
        code="CGJ-CK", name="政务服务窗口", kind=DepartmentKind.WINDOW, parent=bureau
    )
    section = Department.objects.create(
        code="CGJ-HWC", name="环卫处", kind=DepartmentKind.SECTION, parent=bureau
    )
    officer = UserFactory(username="officer", password=PASSWORD)
    StaffFactory(user=officer, name="文明办干事", department=bureau, roles=[R.CIVILITY_OFFICER])
    site = live_server.url
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: dialog.accept())

    # 1. The officer sets the round up from the console menu and opens it.
    log_in(page, site, officer)
    page.locator('#console-nav a[href="/evaluation/manage/"]').click()
    page.locator("[data-new-round]").click()
    page.locator("#id_title").fill("2026 年度群众评议机关")
    page.locator("#id_owner_department").select_option(str(bureau.pk))
    page.locator("#id_start").fill("2026-01-01")
    page.locator("#id_end").fill("2026-12-31")
    page.locator("#id_weight_satisfaction").fill("70")
    page.locator("#id_weight_inspection").fill("30")
    page.locator("button[data-submit]").click()
    expect(page.locator('[data-page="evaluation_manage_detail"][data-state="draft"]')).to_be_visible()
    for department in (window, section):
        form = page.locator('form[data-form="target"]')
        form.locator("#id_target-kind").select_option("window" if department == window else "section")
        form.locator("#id_target-department").select_option(str(department.pk))
        form.locator("button[type=submit]").click()
        expect(page.locator(f'[data-list="targets"] >> text={department.name}')).to_be_visible()
    form = page.locator('form[data-form="question"]')
    form.locator("#id_question-text").fill("您对服务态度是否满意")
    form.locator("button[type=submit]").click()
    expect(page.locator('[data-list="questions"] >> text=您对服务态度是否满意')).to_be_visible()
    page.locator('form[data-action="open"] button').click()
    expect(page.locator('[data-page="evaluation_manage_detail"][data-state="open"]')).to_be_visible()
    round_ = Round.objects.get()

    # 2. A citizen verifies a phone by the texted code and evaluates the section.
    citizen = browser.new_context(locale="zh-CN")
    public = citizen.new_page()
    public.goto(f"{site}/evaluation/")
    public.locator(f'[data-round="{round_.pk}"] a').first.click()
    public.locator("#id_phone").fill("13800138000")
    public.locator('form[data-form="phone"] button').click()
    expect(public.locator('form[data-form="code"]')).to_be_visible()
    code = re.search(r"\d{6}", sms.outbox[-1].text).group(0)
    assert sms.outbox[-1].phone == "13800138000"
    public.locator("#id_code").fill(code)
    public.locator('form[data-form="code"] button').click()
    expect(public.locator('[data-page="evaluation_round"][data-verified="1"]')).to_be_visible()
    section_target = round_.targets.get(department=section)
    public.locator(f'[data-target="{section_target.pk}"] a[data-evaluate]').click()
    public.locator("input[type=radio][value='5']").first.check()
    public.locator("#id_opinion").fill("垃圾桶清洗不及时")
    public.locator("button[data-submit]").click()
    expect(public.locator(f'[data-target="{section_target.pk}"] [data-done]')).to_be_visible()
    assert Ballot.objects.get().target == section_target
    assert "13800138000" not in public.content()

    # 3. The officer closes voting, enters the inspection results, ranks and sees the breakdown.
    page.reload()
    page.locator('form[data-action="close"] button').click()
    expect(page.locator('[data-page="evaluation_manage_detail"][data-state="closed"]')).to_be_visible()
    expect(page.locator(f'[data-results-table] [data-target="{section_target.pk}"]')).to_have_attribute(
        "data-ballots", "1"
    )
    for target, score in ((section_target, "90"), (round_.targets.get(department=window), "80")):
        row = page.locator(f'[data-list="inspections"] [data-target="{target.pk}"]')
        row.locator("input[name=score]").fill(score)
        row.locator("button[type=submit]").click()
        expect(page.locator('[data-page="evaluation_manage_detail"]')).to_be_visible()
    page.locator('form[data-action="rank"] button').click()
    first = page.locator('[data-rank="1"]')
    expect(first).to_contain_text("环卫处")
    expect(first.locator('[data-component="satisfaction"]')).to_contain_text("70")
    expect(first.locator('[data-component="inspection"]')).to_contain_text("27")
    expect(first.locator("[data-score]")).to_have_text("97.00")

    # 4. The ranking is published as a notice; after its objection period it is confirmed.
    page.locator('form[data-action="publish"] button').click()
    expect(page.locator('[data-page="evaluation_manage_detail"][data-state="published"]')).to_be_visible()
    notice = Notice.objects.get()
    assert notice.state == State.PUBLISHED and "环卫处" in notice.body
    notices.close_due_notices(actor=notices.CLOSE_ACTOR, now=notice.objection_deadline)
    assert Notice.objects.get().state == State.CONFIRMED
    assert Round.objects.get().state == RoundState.CONFIRMED
    page.reload()
    expect(page.locator('[data-page="evaluation_manage_detail"][data-state="confirmed"]')).to_be_visible()
    public.goto(f"{site}/evaluation/{round_.pk}/results/")
    expect(public.locator('[data-rank="1"]')).to_contain_text("环卫处")
    citizen.close()
    assert errors == []


def test_a_flagged_burst_is_reviewed_and_a_ballot_voided_in_place(page, live_server, settings, tmp_path):
    from datetime import date, timedelta

    from django.utils import timezone

    from chengguan.evaluation import services
    from chengguan.evaluation.models import BallotStatus, QuestionKind, TargetKind

    settings.MEDIA_ROOT = tmp_path / "media"
    for code in R.values:
        Role.objects.get_or_create(code=code)
    office = Department.objects.create(code="WMB", name="文明办", kind=DepartmentKind.SECTION)
    officer = UserFactory(username="officer", password=PASSWORD)
    StaffFactory(user=officer, name="文明办干事", department=office, roles=[R.CIVILITY_OFFICER])
    round_ = services.create_round(
        actor=officer,
        title="窗口评议",
        owner_department=office,
        start=date(2026, 1, 1),
        end=date(2026, 12, 31),
    )
    target = services.add_target(
        round_id=round_.pk, actor=officer, kind=TargetKind.SECTION, department=office
    )
    question = services.add_question(
        round_id=round_.pk, actor=officer, text="满意度", kind=QuestionKind.RATING
    )
    services.open_round(round_id=round_.pk, actor=officer)
    now = timezone.now()
    for i in range(6):  # six ballots from one network within a minute: a burst
        services.cast_ballot(
            actor=services.PUBLIC,
            round_id=round_.pk,
            voter_hash=services.voter_hash_of(f"1390000{i:04d}"),
            target_id=target.pk,
            answers={question.pk: 1 + i % 5},
            ip=f"203.0.113.{i + 1}",
            now=now - timedelta(seconds=30 - i),
        )
    assert Ballot.objects.filter(status=BallotStatus.FLAGGED).count() == 6
    site = live_server.url
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    log_in(page, site, officer)
    page.goto(f"{site}/evaluation/manage/{round_.pk}/")
    expect(page.locator(f'[data-results-table] [data-target="{target.pk}"]')).to_have_attribute(
        "data-ballots", "6"
    )
    page.locator('[data-link="ballots"]').click()
    victim = Ballot.objects.order_by("pk").first()
    row = page.locator(f'[data-ballot="{victim.pk}"]')
    row.locator("input[name=reason]").fill("同一网段集中刷票")
    row.locator('form[data-form="void"] button').click()
    expect(page.locator(f'[data-ballot="{victim.pk}"][data-status="voided"]')).to_be_visible()
    expect(page.locator(f'[data-ballot="{victim.pk}"]')).to_contain_text("同一网段集中刷票")
    victim.refresh_from_db()
    assert victim.status == BallotStatus.VOIDED and victim.voided_by == officer
    page.goto(f"{site}/evaluation/manage/{round_.pk}/")
    expect(page.locator(f'[data-results-table] [data-target="{target.pk}"]')).to_have_attribute(
        "data-ballots", "5"
    )
    expect(page.locator('.timeline [data-action="void"]')).to_contain_text("同一网段集中刷票")
    assert errors == []
