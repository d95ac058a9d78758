"""三查 and self-checks in a real browser.

1. A discipline inspector runs a 查效能 check from the default checklist: opens it from the checks page,
   scores an item, records a finding against an officer (which becomes a violation of the item's rule),
   writes the report and downloads the check's written report; the month's summary PDF lists every check
   of the month.
2. A self-check phase is opened for a squad; staff submit their self-checks from "my self-check", the
   office sees who is missing and reminds them, everyone's self-check comes in, and the summary PDF is
   generated from the submissions."""

import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chengguan.conduct import services
from chengguan.conduct.models import Check, Checklist, SelfCheck, SelfCheckPhase, Violation
from chengguan.core.models import Notification
from tests.browser.test_conduct_star import log_in
from tests.conduct.conftest import org, rule  # noqa: F401  (the org fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is needed to read the PDFs back")
    out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return "".join(out.split())


def download(page, locator) -> str:
    with page.expect_download() as info:
        locator.click()
    return pdf_text(Path(info.value.path()))


def test_a_xiaoneng_check_from_the_default_checklist_to_the_months_summary(
    page,
    live_server,
    org,  # noqa: F811
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    site = live_server.url
    page.set_default_timeout(30_000)
    xiaoneng = Checklist.objects.get(code="cha-xiaoneng")
    earlier = services.create_check(  # another check of the month, made earlier
        actor=org["discipline"].user,
        checklist=Checklist.objects.get(code="cha-lianjie"),
        kind="random",
        mode="covert",
        title="本月查廉洁随机暗访",
        held_on=timezone.localdate(),
        inspectors=[org["discipline"]],
    )

    log_in(page, site, "discipline")
    page.locator('#console-nav a[href="/conduct/checks/"]').click()
    expect(page.locator('[data-page="conduct_checks"]')).to_be_visible()
    page.locator('[data-new-check="cha-xiaoneng"]').click()
    expect(page.locator("#id_checklist")).to_have_value(str(xiaoneng.pk))
    page.locator("#id_kind").select_option("regular")
    page.locator('input[name="mode"][value="open"]').check()
    page.locator("#id_title").fill("本月查效能定期检查")
    page.locator("#id_held_on").fill(timezone.localdate().isoformat())
    page.locator("#id_inspectors").select_option(str(org["discipline"].pk))
    page.locator("#id_units").select_option(str(org["squad"].pk))
    page.locator("button[data-submit]").click()
    expect(page.locator('[data-page="conduct_check"][data-state="open"]')).to_be_visible()
    check = Check.objects.get(title="本月查效能定期检查")
    assert check.checklist == xiaoneng

    # Score two items of the default checklist.
    first, sixth = xiaoneng.items.get(number=1), xiaoneng.items.get(number=6)
    page.locator(f"#id_score_{first.pk}").fill("10")
    page.locator(f"#id_score_{sixth.pk}").fill("6")
    page.locator(f"#id_note_{sixth.pk}").fill("个别队员精神不振")
    page.locator("button[data-save-scores]").click()
    expect(page.locator("[data-score]")).to_have_text("16/110")

    # A finding against an officer under "上班纪律": the item's rule (五个不准 5) is broken.
    late = xiaoneng.items.get(number=7)
    page.locator("#id_item").select_option(str(late.pk))
    page.locator('input[name="target"][value="person"]').check()
    page.locator("#id_staff").select_option(str(org["officer"].pk))
    page.locator("#id_description").fill("上班时间擅自离岗四十分钟")
    page.locator("form.finding-form button[data-submit]").click()
    expect(page.locator("[data-violation-link]")).to_have_count(1)
    violation = Violation.objects.get()
    assert violation.staff == org["officer"] and violation.rule == rule("wu-buzhun", 5)
    assert violation.check_finding.check_record == check

    # The written report, then the PDF for the work-style office.
    page.locator('details[data-action="report"] summary').click()
    page.locator("#id_report").fill("本次检查发现擅自离岗问题一起，已记录违规并责令整改。")
    page.locator("button[data-report]").click()
    expect(page.locator('[data-page="conduct_check"][data-state="reported"]')).to_be_visible()
    text = download(page, page.locator("[data-report-pdf]"))
    for expected in (
        "关于本月查效能定期检查情况的报告",
        "区作风建设领导小组办公室",
        "首问负责制是否落实",
        "个别队员精神不振",
        "张执法",
        "上班时间擅自离岗四十分钟",
        "已记录违规",
        "已记录违规并责令整改",
    ):
        assert expected in text, expected

    # The month's summary lists every check of the month.
    page.locator('#console-nav a[href="/conduct/checks/"]').click()
    month = timezone.localdate().strftime("%Y-%m")
    expect(page.locator(f'[data-plan] tr[data-month="{month}"]')).to_have_attribute("data-count", "2")
    expect(page.locator("[data-plan-warning]")).to_have_count(0)
    summary = download(page, page.locator(f'[data-summary="{month}"]'))
    assert "本月共开展检查2次" in summary
    assert "本月查效能定期检查" in summary and earlier.title in summary
    assert "上班时间擅自离岗四十分钟" in summary


def fill_self_check(page, code: str, item_pk: int, text: str, measures: str) -> None:
    page.locator(f'[data-checklist="{code}"] input[value="{item_pk}"]').check()
    page.locator(f"#id_answer_{code}").fill(text)
    page.locator("#id_measures").fill(measures)
    page.locator("form.self-check-form button[data-submit]").click()
    expect(page.locator("[data-page=conduct_my_self_check][data-submitted]")).to_be_visible()


def test_every_self_check_is_collected_with_reminders_and_the_summary(
    page,
    live_server,
    org,  # noqa: F811
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    site = live_server.url
    page.set_default_timeout(30_000)
    today = timezone.localdate()
    zuofeng = Checklist.objects.get(code="cha-zuofeng")
    xiaoneng = Checklist.objects.get(code="cha-xiaoneng")

    log_in(page, site, "discipline")
    page.locator('#console-nav a[href="/conduct/self-checks/"]').click()
    page.locator("#id_title").fill("“三查三评”准备阶段自查自纠")
    page.locator("#id_starts_on").fill(today.isoformat())
    page.locator("#id_ends_on").fill((today + timedelta(days=10)).isoformat())
    page.locator("#id_department").select_option(str(org["squad"].pk))
    page.locator("form.phase-form button[data-submit]").click()
    expect(page.locator('[data-page="conduct_self_check_phase"]')).to_be_visible()
    phase = SelfCheckPhase.objects.get()
    squad = {org[k] for k in ("officer", "partner", "expired", "auxiliary")}
    expect(page.locator("[data-missing] li[data-staff]")).to_have_count(len(squad))

    # Two members write theirs in the browser from "my self-check".
    log_in(page, site, "officer")
    page.locator('#console-nav a[href="/conduct/violations/"]').click()
    page.locator("[data-my-self-check]").click()
    fill_self_check(
        page, "cha-xiaoneng", xiaoneng.items.get(number=7).pk, "本月迟到两次", "严格遵守上下班纪律"
    )
    log_in(page, site, "partner")
    page.goto(f"{site}/conduct/self-checks/mine/")
    fill_self_check(page, "cha-zuofeng", zuofeng.items.get(number=2).pk, "工作日午餐饮酒一次", "工作日禁酒")

    # The office sees who is missing and reminds them.
    log_in(page, site, "discipline")
    page.goto(f"{site}/conduct/self-checks/{phase.pk}/")
    expect(page.locator("[data-missing] li[data-staff]")).to_have_count(2)
    page.locator("button[data-remind]").click()
    expect(page.locator(".message")).to_have_count(1)
    reminded = set(
        Notification.objects.filter(kind="conduct.self_check_reminder").values_list("recipient", flat=True)
    )
    assert reminded == {org["expired"].user_id, org["auxiliary"].user_id}

    # The reminded members follow the link in their notification and submit.
    log_in(page, site, "expired")
    page.goto(f"{site}/conduct/self-checks/mine/")
    fill_self_check(page, "cha-zuofeng", zuofeng.items.get(number=5).pk, "落实工作有拖拉", "按期完成")
    log_in(page, site, "auxiliary")
    page.goto(f"{site}/conduct/self-checks/mine/")
    fill_self_check(page, "cha-xiaoneng", xiaoneng.items.get(number=7).pk, "偶有早退", "按时到岗")
    assert {s.staff for s in SelfCheck.objects.filter(phase=phase)} == squad

    # Every self-check is in; the office writes its summary and generates the PDF.
    log_in(page, site, "discipline")
    page.goto(f"{site}/conduct/self-checks/{phase.pk}/")
    expect(page.locator("[data-missing] li[data-staff]")).to_have_count(0)
    expect(page.locator("[data-submissions] tbody tr[data-staff]")).to_have_count(4)
    page.locator("#id_summary").fill("问题集中在上班纪律，已督促整改。")
    page.locator("button[data-save-summary]").click()
    text = download(page, page.locator("[data-summary-pdf]"))
    for expected in (
        "“三查三评”准备阶段自查自纠汇总报告",
        "应参加自查自纠4人，已提交书面自查材料4人，未提交0人",
        "上班纪律上有无迟到早退、擅自离岗2",
        "问题集中在上班纪律，已督促整改",
        "本月迟到两次",
        "工作日午餐饮酒一次",
        "落实工作有拖拉",
        "偶有早退",
    ):
        assert expected in text, expected
