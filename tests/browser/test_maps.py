"""Maps without the internet (issue 18), in a real browser with no tile server configured: the report page
on a phone draws named streets, communities and cells from chengguan's own layers and names the pin's
place before sending; place search moves the map; the hotline's address field proposes places; the
public map clusters a thousand points with counts and a legend; the CRS conversions of web/crs.js are
the server's."""

import json
import math
import re

import pytest
from playwright.sync_api import expect

from chengguan.core import geo
from chengguan.core.actors import SystemActor
from chengguan.grid.place_import import import_places
from chengguan.grid.services import import_grid
from tests.browser.test_cases_console import log_in, world  # noqa: F401 (fixture)
from tests.browser.test_portal import IPHONE

pytestmark = pytest.mark.django_db(transaction=True)

LNG0, LAT0 = 117.49, 30.66
DLAT = 100 / 111_320
DLNG = 100 / (111_320 * math.cos(math.radians(LAT0)))
STREET = "341702001"


def rect(col, row, width=1, height=1) -> dict:
    w, s = LNG0 + col * DLNG, LAT0 + row * DLAT
    e, n = w + width * DLNG, s + height * DLAT
    return {"type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]]}


def feature(code, name=None, geometry=None) -> dict:
    return {
        "type": "Feature",
        "properties": {"code": code, **({"name": name} if name else {})},
        "geometry": geometry,
    }


SCHOOL = (LNG0 + 1.5 * DLNG, LAT0 + 1.5 * DLAT)


@pytest.fixture
def town(settings, tmp_path, live_server):
    """One street of two communities (2 × 3 cells each, 100 m), a school, a market and a road."""
    settings.CHENGGUAN_TILE_URL = settings.CHENGGUAN_TILE_PROVIDER = ""
    settings.LANGUAGE_CODE = "zh-hans"
    features = [
        feature("341702", "贵池区"),
        feature(STREET, "秋浦街道", rect(0, 0, 4, 3)),
        feature(f"{STREET}001", "百牙社区", rect(0, 0, 2, 3)),
        feature(f"{STREET}002", "秀山社区", rect(2, 0, 2, 3)),
    ]
    for community, col0 in ((1, 0), (2, 2)):
        seq = 0
        for row in range(3):
            for col in range(col0, col0 + 2):
                seq += 1
                features.append(feature(f"{STREET}{community:03d}{seq:03d}", geometry=rect(col, row)))
    import_grid({"type": "FeatureCollection", "features": features}, actor=SystemActor("test"))
    road = json.dumps(
        {"type": "LineString", "coordinates": [[LNG0, LAT0 + DLAT], [LNG0 + 4 * DLNG, LAT0 + DLAT]]}
    )
    csv = (
        "name,kind,aliases,lng,lat,geometry\n"
        f"贵池中学,school,池中,{SCHOOL[0]},{SCHOOL[1]},\n"
        f"百牙农贸市场,market,,{LNG0 + 3.5 * DLNG},{LAT0 + 2.5 * DLAT},\n"
        f'长江路,road,,,,"{road.replace(chr(34), chr(34) * 2)}"\n'
    )
    path = tmp_path / "places.csv"
    path.write_text(csv, encoding="utf-8")
    report = import_places(path, actor=SystemActor("test"))
    assert report.created == 3, report.refused
    return live_server.url


def phone(browser):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, user_agent=IPHONE, has_touch=True
    )
    context.set_default_timeout(15_000)
    return context, context.new_page()


def map_point(page, map_id, lng, lat):
    """Where a WGS-84 point is drawn on the map, in pixels of the map element."""
    return page.locator(f"#{map_id}").evaluate(
        """(el, p) => { const s = el.chengguanMapState;
             const q = el.chengguanMap.latLngToContainerPoint(s.proj.toMap(p[0], p[1]));
             return {x: q.x, y: q.y}; }""",
        [lng, lat],
    )


def test_report_page_on_a_phone_shows_the_city_and_names_the_pin_before_sending(browser, town, tmp_path):
    context, page = phone(browser)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(town + "/report/")
    the_map = page.locator("#report-map[data-base-layers-ready]")
    expect(the_map).to_be_visible()
    assert the_map.evaluate("el => el.classList.contains('map-no-tiles')")  # no tile server at all
    expect(page.locator("#report-map .map-label-street", has_text="秋浦街道")).to_be_visible()
    expect(page.locator("#report-map .map-label-community", has_text="百牙社区")).to_be_visible()
    expect(page.locator("#report-map .map-label-community", has_text="秀山社区")).to_be_visible()
    assert page.locator("#report-map .leaflet-cg-cells-pane path").count() == 12  # every cell outlined
    expect(page.locator("#report-map .map-label-place", has_text="贵池中学")).to_be_visible()

    # the pin a few metres from the school: the place line names community, street and landmark
    the_map.click(position=map_point(page, "report-map", SCHOOL[0] + 0.1 * DLNG, SCHOOL[1] + 0.1 * DLAT))
    place = page.locator("[data-map-place=report-map]")
    expect(place).to_have_text(re.compile(r"^百牙社区 · 秋浦街道 · .*贵池中学"))
    expect(place).to_be_visible()
    expect(page.locator("#id_address")).to_have_value(re.compile("贵池中学"))
    assert page.locator("[data-case-number]").count() == 0  # nothing was sent
    page.screenshot(path=str(tmp_path / "report-390x844.png"))
    assert not errors
    context.close()


@pytest.mark.parametrize("query", ["贵池中学", "貴池中學"])
def test_search_on_the_report_form_moves_the_map_and_fills_the_address(browser, town, query):
    context, page = phone(browser)
    page.goto(town + "/report/")
    expect(page.locator("#report-map[data-map-ready]")).to_be_attached()
    page.locator("#report-map-search").fill(query)
    page.locator("[data-map-suggestions=report-map] .map-suggestion", has_text="贵池中学").first.click()
    expect(page.locator("#report-map[data-searched='贵池中学']")).to_be_attached()
    centre = page.locator("#report-map").evaluate(
        "el => { const c = el.chengguanMap.getCenter(); return [c.lng, c.lat, el.chengguanMap.getZoom()]; }"
    )
    assert centre[0] == pytest.approx(SCHOOL[0], abs=1e-5) and centre[1] == pytest.approx(SCHOOL[1], abs=1e-5)
    assert centre[2] >= 17
    assert float(page.locator("input[name=lng]").input_value()) == pytest.approx(SCHOOL[0], abs=1e-5)
    expect(page.locator("#id_address")).to_have_value(re.compile("^贵池中学"))
    expect(page.locator("[data-map-place=report-map]")).to_contain_text("贵池中学")
    context.close()


def test_hotline_address_field_proposes_places(page, world, town):  # noqa: F811
    log_in(page, town, world["intake"])
    page.goto(town + "/cases/intake/")
    page.locator("#id_address").press_sequentially("长江")
    suggestion = page.locator("[data-map-suggestions=intake-map] .map-suggestion", has_text="长江路")
    expect(suggestion).to_be_visible()
    suggestion.click()
    expect(page.locator("#id_address")).to_have_value(re.compile("^长江路"))
    assert page.locator("input[name=lng]").input_value() != ""


def test_public_map_clusters_a_thousand_points_with_counts_and_a_legend(page, town):
    points = [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [LNG0 + (i % 40) * DLNG / 10, LAT0 + (i // 40) * DLAT / 8],
            },
            "properties": {"state": state, "state_label": label, "title": f"case {i}"},
        }
        for i, (state, label) in enumerate([("reported", "已上报"), ("closed", "已结案")] * 500)
    ]
    body = json.dumps({"type": "FeatureCollection", "features": points})
    page.route(
        "**/map/cases.geojson*", lambda route: route.fulfill(body=body, content_type="application/geo+json")
    )
    page.goto(town + "/map/")
    expect(page.locator("#cases-map[data-markers-ready='1000']")).to_be_attached()
    page.locator("#cases-map").evaluate("el => el.chengguanMap.setZoom(13)")
    counts = page.locator("#cases-map .map-cluster-count")
    expect(counts.first).to_be_visible()
    total = sum(int(text) for text in counts.all_inner_texts())
    assert total == 1000 and counts.count() < 20
    assert page.locator("#cases-map .leaflet-overlay-pane path.leaflet-interactive").count() < 50
    legend = page.locator("#cases-map [data-map-legend]")
    expect(legend).to_contain_text("已上报 500")
    expect(legend).to_contain_text("已结案 500")
    # beside the map: what is in view (all 1,000 at city zoom, listed 30 at a time), fewer when zoomed in
    expect(page.locator("[data-map-inview=cases-map] [data-inview-count='1000']")).to_be_attached()
    assert page.locator("[data-map-inview=cases-map] li").count() == 30
    page.locator("#cases-map").evaluate(
        f"el => el.chengguanMap.setView([{LAT0 + DLAT / 4}, {LNG0 + DLNG / 4}], 19)"
    )
    expect(page.locator("[data-map-inview=cases-map] [data-inview-count='1000']")).to_have_count(0)
    page.locator("#cases-map").evaluate("el => el.chengguanMap.setZoom(13)")
    page.locator("#cases-map .leaflet-control-layers-overlays label").nth(1).click()  # the heat layer
    expect(page.locator("#cases-map canvas.leaflet-heatmap-layer")).to_be_attached()


def test_browser_conversions_match_the_server(page, town):
    page.goto(town + "/report/")
    expect(page.locator("#report-map[data-map-ready]")).to_be_attached()
    pairs = [(116.404, 39.915), (117.49, 30.66), (121.47, 31.23)]
    js = page.evaluate(
        """(pairs) => pairs.map(p => [chengguan.crs.fromWgs84('gcj02', p[0], p[1]),
             chengguan.crs.fromWgs84('bd09', p[0], p[1]), chengguan.crs.toWgs84('gcj02', p[0], p[1]),
             chengguan.crs.toWgs84('bd09', p[0], p[1])])""",
        pairs,
    )
    for (lng, lat), (gcj, bd, from_gcj, from_bd) in zip(pairs, js, strict=True):
        assert gcj == pytest.approx(geo.wgs84_to_gcj02(lng, lat), abs=1e-9)
        assert bd == pytest.approx(geo.wgs84_to_bd09(lng, lat), abs=1e-9)
        assert from_gcj == pytest.approx(geo.gcj02_to_wgs84(lng, lat), abs=1e-9)
        assert from_bd == pytest.approx(geo.bd09_to_wgs84(lng, lat), abs=1e-9)
