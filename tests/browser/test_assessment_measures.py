"""Done when (issue 22): the seeds' five measures (两率一度, lighting integrity, officers per 10,000
residents, the 721 mix) show on the assessment dashboard of the demo city with their targets and charts,
and a figure opens the drill-down page listing what it counts."""

import pytest
from playwright.sync_api import expect

from chengguan.assessment.defaults import load_defaults
from chengguan.assessment.models import Indicator
from chengguan.demo.builder import build_demo_city
from chengguan.org.models import Role
from chengguan.org.roles import RoleCode

from .test_assessment import log_in

pytestmark = pytest.mark.django_db(transaction=True)

MEASURES = (
    "awareness_rate",
    "participation_rate",
    "satisfaction_rate",
    "lighting_rate",
    "officers_per_10k",
    "service_share",
    "management_share",
    "enforcement_share",
)


@pytest.fixture
def city(settings, tmp_path, live_server):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CHENGGUAN_TILE_URL = ""
    for code in RoleCode.values:  # a transactional test empties the tables, the role rows too
        Role.objects.get_or_create(code=code)
    load_defaults(Indicator)
    build_demo_city(seed=2026, cells=200, streets=3, cases=60)
    return live_server.url


def test_the_five_measures_show_and_drill_down(page, city):
    log_in(page, city, "leader")
    page.goto(city + "/assessment/")
    table = page.locator('[data-table="measures"]')
    for code in MEASURES:
        expect(table.locator(f'tr[data-measure="{code}"]')).to_have_count(1)
    # the demo city has a value for each: nothing shows "no value"
    for code in (
        "awareness_rate",
        "participation_rate",
        "lighting_rate",
        "officers_per_10k",
        "service_share",
    ):
        expect(table.locator(f'tr[data-measure="{code}"] td[data-value]')).not_to_have_text("—")
    for chart in ("rates-chart", "mix-chart", "officers-chart"):
        expect(page.locator(f"#{chart}[data-chart-ready] canvas")).to_have_count(1)

    # the officers per 10,000 residents open the list of the officers counted
    table.locator('tr[data-measure="officers_per_10k"] td[data-value] a').click()
    expect(page.locator('[data-page="assessment-measure-drill"]')).to_be_visible()
    rows = page.locator('[data-table="measure-drill"] tbody tr[data-item]')
    expect(rows.first).to_be_visible()
    assert rows.count() > 5
    page.go_back()
    # the 721 mix: the enforcement cases are listed as cases, each linking to its page
    table.locator('tr[data-measure="service_share"] a[data-count="service_cases"]').click()
    cases = page.locator('[data-table="measure-drill"][data-kind="cases"] tbody tr[data-case]')
    expect(cases.first).to_be_visible()
    cases.first.locator("a").click()
    page.wait_for_url("**/cases/**")
