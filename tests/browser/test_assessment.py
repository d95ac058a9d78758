"""Done when #4: the assessment dashboard renders in a real browser with its charts (ECharts canvases) and
heat map, and the area filter changes the figures in place (htmx)."""

import pytest
from playwright.sync_api import expect

from chengguan.assessment.defaults import load_defaults
from chengguan.assessment.models import Indicator
from chengguan.demo.accounts import DEMO_PASSWORD
from chengguan.demo.builder import build_demo_city
from chengguan.grid.models import Area, AreaLevel
from chengguan.org.models import Role
from chengguan.org.roles import RoleCode

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def city(settings, tmp_path, live_server):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CHENGGUAN_TILE_URL = ""
    for code in RoleCode.values:  # a transactional test empties the tables, the role rows too
        Role.objects.get_or_create(code=code)
    load_defaults(Indicator)
    build_demo_city(seed=2026, cells=200, streets=3, cases=60)
    return live_server.url


def log_in(page, site, username):
    page.goto(site + "/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    expect(page.locator("#console-nav")).to_be_visible()


def test_dashboard_charts_and_filters(page, city):
    log_in(page, city, "leader")
    page.goto(city + "/assessment/")
    for chart in ("score-chart", "trend-chart", "category-chart"):
        expect(page.locator(f"#{chart}[data-chart-ready] canvas")).to_have_count(1)
    expect(page.locator("#heat-map[data-heat-ready]")).to_have_count(1)
    assert int(page.locator("#heat-map").get_attribute("data-heat-cells")) > 0
    expect(page.locator("#heat-map path.leaflet-interactive").first).to_be_attached()
    # the heat layer (leaflet.heat) draws over chengguan's own layers, with no tile server
    expect(page.locator("#heat-map canvas.leaflet-heatmap-layer")).to_have_count(1)
    assert int(page.locator("#heat-map").get_attribute("data-heat-layer")) > 0
    expect(page.locator("#heat-map.has-base-layers[data-base-layers-ready]")).to_have_count(1)
    reported = page.locator('[data-overview="this"] dd').first.inner_text()
    ranking_rows = page.locator('[data-table="ranking"] tbody tr').count()
    assert ranking_rows > 1

    street = Area.objects.filter(level=AreaLevel.STREET).order_by("code").first()
    with page.expect_response(lambda r: "/assessment/?" in r.url and "area=" in r.url):
        page.locator("#f-area").select_option(str(street.pk))
    expect(page.locator('[data-overview="this"] dd').first).not_to_have_text(reported)
    assert f"area={street.pk}" in page.url  # the filter is in the address, to share or reload
    expect(page.locator("#trend-chart[data-chart-ready] canvas")).to_have_count(1)  # re-initialised
    expect(page.locator('[data-source="live"]').first).to_be_visible()

    # A figure links to its cases.
    page.locator('[data-table="ranking"] tbody td a').first.click()
    expect(page.locator('[data-page="assessment-drill"]')).to_be_visible()
    expect(page.locator('[data-table="drill"] tbody tr[data-case]').first).to_be_visible()


def test_rankings_page_for_each_subject(page, city):
    log_in(page, city, "leader")
    page.goto(city + "/assessment/rankings/?subject=street")
    expect(page.locator('[data-table="ranking"] tbody tr[data-subject]').first).to_be_visible()
    expect(page.locator(".grade").first).to_be_visible()
