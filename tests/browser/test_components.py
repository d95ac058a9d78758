"""The shared components in a real browser: a map to pick a location on without any basemap, charts,
htmx requests carrying the CSRF token, and the console's keyboard and mobile navigation. Nothing may be
fetched from anywhere but the site itself."""

import re

import pytest
from playwright.sync_api import expect

from chengguan.org.models import Role
from chengguan.org.roles import RoleCode
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db(transaction=True)

PAGE = "/__test__/components/"


@pytest.fixture
def site(settings, live_server):
    settings.ROOT_URLCONF = "tests.web.urls_components"
    settings.CHENGGUAN_TILE_URL = ""
    return live_server.url


@pytest.fixture
def requests_made(page):
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    return urls


def outside(urls: list[str], origin: str) -> list[str]:
    return [url for url in urls if not url.startswith(origin + "/") and not url.startswith("data:")]


def log_in(page, site, *roles: str):
    for code in roles:  # a transactional test empties the tables, the role rows too
        Role.objects.get_or_create(code=code)
    staff = StaffFactory(roles=list(roles))
    page.goto(site + "/login/")
    page.get_by_label("用户名").fill(staff.user.username)
    page.get_by_label("密码").fill("pw-for-tests-1")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("button", name="退出")).to_be_visible()
    return staff


def test_clicking_the_map_picks_a_location_without_a_basemap(page, site, requests_made):
    page.goto(site + PAGE)
    the_map = page.locator("#pick-map[data-map-ready]")
    expect(the_map).to_be_visible()
    expect(the_map).to_have_class(re.compile(r"\bmap-no-tiles\b"))
    expect(page.locator("#pick-map .leaflet-tile")).to_have_count(0)
    # the GeoJSON marker, coloured by its state
    dot = page.locator("#pick-map path.leaflet-interactive")
    expect(dot).to_have_count(1)
    expect(dot).to_have_attribute("fill", "#c2410c")
    expect(dot).to_have_attribute("stroke", "#fff")

    lng, lat = page.locator('input[name="where_lng"]'), page.locator('input[name="where_lat"]')
    expect(lng).to_have_value("")
    the_map.click(position={"x": 60, "y": 60})
    expect(lng).not_to_have_value("")
    west, north = float(lng.input_value()), float(lat.input_value())
    assert 117.4 < west < 117.489 and 30.656 < north < 30.7  # up and left of the centre
    expect(page.locator("#pick-map .leaflet-marker-icon")).to_be_visible()
    expect(page.locator('[data-map-status="pick-map"]')).to_contain_text(lng.input_value())

    # keyboard: focus the map and press Enter to choose its centre
    the_map.focus()
    page.keyboard.press("Enter")
    expect(lng).to_have_value("117.489000")
    expect(lat).to_have_value("30.656000")

    page.wait_for_load_state("networkidle")
    assert outside(requests_made, site) == []
    assert any(url.endswith("/static/vendor/leaflet/leaflet.js") for url in requests_made)


def test_chart_renders_a_canvas_and_follows_the_window(page, site, requests_made):
    page.goto(site + PAGE)
    chart = page.locator("#demo-chart[data-chart-ready]")
    canvas = chart.locator("canvas")
    expect(canvas).to_have_count(1)
    before = canvas.bounding_box()["width"]
    assert before > 300
    page.set_viewport_size({"width": 700, "height": 860})
    # Polled from here: a predicate string evaluated in the page needs 'unsafe-eval', which the CSP denies.
    for _ in range(100):
        if canvas.bounding_box()["width"] < 700:
            break
        page.wait_for_timeout(100)
    assert canvas.bounding_box()["width"] < 700
    page.wait_for_load_state("networkidle")
    assert outside(requests_made, site) == []


def test_htmx_posts_carry_the_csrf_token_and_swapped_charts_render(page, site, requests_made):
    page.goto(site + PAGE)
    page.get_by_role("button", name="Load more").click()
    expect(page.locator("#fragment-said")).to_have_text("POST accepted")
    expect(page.locator("#swapped-chart canvas")).to_have_count(1)
    assert outside(requests_made, site) == []


def test_keyboard_shortcuts_and_current_page(page, site):
    log_in(page, site, RoleCode.DISPATCHER)
    page.goto(site + PAGE + "?sort=-id")
    nav = page.get_by_role("navigation", name="工作台").or_(page.get_by_role("navigation", name="Console"))
    expect(nav.get_by_role("link")).not_to_have_count(0)
    page.locator("body").press("/")
    expect(page.locator("[data-search]")).to_be_focused()
    page.keyboard.type("lamp")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site}{PAGE}?sort=-id&q=lamp&state=")
    page.locator("body").press("g")
    page.keyboard.press("c")
    expect(page.locator('#console-nav a[aria-current="page"]')).to_have_attribute("data-shortcut", "c")


def test_navigation_folds_away_on_a_phone(page, site):
    log_in(page, site, RoleCode.HANDLER)
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(site + "/")
    toggle = page.locator("[data-nav-toggle]")
    links = page.locator("#console-nav a")
    expect(links.first).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(links.first).to_be_visible()
    expect(links.first).to_be_focused()
    page.keyboard.press("Escape")
    expect(links.first).to_be_hidden()
    expect(toggle).to_be_focused()
