"""An inspection in the console, in a real browser: the discipline office opens it and records a finding
against an officer, which becomes a violation; the brigade leader decides the sanction and sees the
deduction in the monthly table; a second finding under the same rule is proposed one step harsher."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chengguan.conduct.models import Violation
from tests.browser.test_conduct_star import log_in
from tests.conduct.conftest import org, rule  # noqa: F401  (the org fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def record_finding(page, officer_pk: int, rule_pk: int, text: str) -> None:
    page.locator('input[name="target"][value="person"]').check()
    page.locator("#id_staff").select_option(str(officer_pk))
    page.locator("#id_rule").select_option(str(rule_pk))
    page.locator("#id_description").fill(text)
    page.locator("form.finding-form button[data-submit]").click()


def test_inspection_to_deduction_and_escalation(
    page,
    live_server,
    org,  # noqa: F811
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    site = live_server.url
    page.set_default_timeout(30_000)
    smoking = rule("wu-buzhun", 5)

    log_in(page, site, "discipline")
    page.locator('#console-nav a[href="/conduct/inspections/"]').click()
    page.locator("[data-new-inspection]").click()
    page.locator("#id_kind").select_option("covert")
    page.locator("#id_title").fill("十一月作风暗访")
    page.locator("#id_held_on").fill(timezone.localdate().isoformat())
    page.locator("#id_department").select_option(str(org["office"].pk))
    page.locator("#id_inspectors").select_option(str(org["discipline"].pk))
    page.locator("#id_checklist").fill("着装\n在岗情况")
    page.locator("button[data-submit]").click()
    expect(page.locator('[data-page="conduct_inspection"][data-state="open"]')).to_be_visible()
    record_finding(page, org["officer"].pk, smoking.pk, "执勤时在岗亭内吸烟")
    expect(page.locator("[data-violation-link]")).to_have_count(1)
    violation = Violation.objects.get()

    log_in(page, site, "captain")
    page.goto(f"{site}/conduct/violations/")
    page.locator(f'[data-violation="{violation.pk}"] a').click()
    expect(page.locator("[data-proposed]")).to_have_attribute("data-proposed", "criticism")
    page.locator("button[data-decide]").click()
    expect(page.locator('[data-page="conduct_violation"][data-state="decided"]')).to_be_visible()
    page.locator('#console-nav a[href="/conduct/scores/"]').click()
    expect(page.locator(f'tr[data-staff="{org["officer"].pk}"]')).to_have_attribute("data-score", "95")
    page.locator("#id_sort").select_option("score")  # htmx swaps the table in place
    expect(page.locator("#score-rows tbody tr").first).to_have_attribute("data-staff", str(org["officer"].pk))
    assert "sort=score" in page.url

    log_in(page, site, "discipline")
    page.goto(f"{site}/conduct/inspections/{violation.finding.inspection_id}/")
    record_finding(page, org["officer"].pk, smoking.pk, "再次发现执勤时吸烟")
    expect(page.locator("[data-violation-link]")).to_have_count(2)
    second = Violation.objects.latest("pk")
    page.goto(f"{site}/conduct/violations/{second.pk}/")
    expect(page.locator("[data-proposed]")).to_have_attribute("data-proposed", "admonishing_talk")
    expect(page.locator("[data-escalated]")).to_be_visible()
