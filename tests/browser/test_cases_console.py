"""The main path of a case through the console, in a real browser: the intake operator files a hotline
report picking the spot on the map, the dispatcher accepts and dispatches it from the desk, the handler
starts and reports it handled with a photo, the inspector verifies it, the dispatcher closes it, the
reporter answers the follow-up page, and the case page shows the whole timeline.

Elements are found by names, ids and data attributes, not by their (translated) text."""

import io
import math
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from chengguan.cases.models import Case, FollowUp
from chengguan.cases.states import Action, State
from chengguan.core.actors import SystemActor
from chengguan.grid.services import import_grid
from chengguan.org.models import Department, DepartmentKind, Role
from chengguan.org.roles import RoleCode as R
from chengguan.taxonomy import defaults
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "pw-for-tests-1"
LNG0, LAT0 = 117.49, 30.66
DLAT = 100 / 111_320
DLNG = 100 / (111_320 * math.cos(math.radians(LAT0)))
COMMUNITY = "341702001001"


def _square(col: int) -> dict:
    west, east = LNG0 + col * DLNG, LNG0 + (col + 1) * DLNG
    ring = [[west, LAT0], [east, LAT0], [east, LAT0 + DLAT], [west, LAT0 + DLAT], [west, LAT0]]
    return {"type": "Polygon", "coordinates": [ring]}


def _feature(code: str, name: str | None = None, geometry: dict | None = None) -> dict:
    return {
        "type": "Feature",
        "properties": {"code": code, **({"name": name} if name else {})},
        "geometry": geometry,
    }


@pytest.fixture
def world(settings, tmp_path, live_server):
    """Three grid cells in a row (the map opens on the middle one), the default departments and
    category table, and one account per role on the path."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CHENGGUAN_TILE_URL = ""
    for code in R.values:  # a transactional test empties the tables, the role rows too
        Role.objects.get_or_create(code=code)
    import_grid(
        {
            "type": "FeatureCollection",
            "features": [
                _feature("341702", "贵池区"),
                _feature("341702001", "秋浦街道"),
                _feature(COMMUNITY, "百牙社区"),
                *(_feature(f"{COMMUNITY}00{n + 1}", geometry=_square(n)) for n in range(3)),
            ],
        },
        actor=SystemActor("test"),
    )
    bureau = Department.objects.create(code="CGJ", name="城管局", kind=DepartmentKind.BUREAU)
    defaults.create_default_departments(bureau=bureau)
    defaults.load_default_table()
    centre, hwc = Department.objects.get(code="CGJ-SZCG"), Department.objects.get(code="CGJ-HWC")

    def staff(username, department, role):
        user = UserFactory(username=username, password=PASSWORD)
        StaffFactory(user=user, name=f"{username}姓名", department=department, roles=[role])
        return user

    return {
        "intake": staff("intake", centre, R.INTAKE_OPERATOR),
        "dispatcher": staff("dispatcher", centre, R.DISPATCHER),
        "handler": staff("handler", hwc, R.HANDLER),
        "inspector": staff("inspector", centre, R.INSPECTOR),
        "url": live_server.url,
    }


def log_in(page, site: str, user) -> None:
    """Through the real login page (logging out whoever is logged in first)."""
    page.context.clear_cookies()
    page.goto(site + "/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    expect(page.locator("#console-nav")).to_be_visible()


def png_file(tmp_path) -> str:
    path = tmp_path / "after.png"
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (30, 160, 90)).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def action_form(scope, action: str):
    details = scope.locator(f'details[data-action="{action}"]')
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return details.locator("form")


def test_a_case_from_the_hotline_to_the_follow_up(page, browser, world, tmp_path):
    site = world["url"]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # 1. The intake operator files a hotline report, picking the spot on the map.
    log_in(page, site, world["intake"])
    page.goto(site + "/cases/intake/")
    page.locator("#id_description").fill("菜市场门口垃圾堆了两天没人清")
    page.locator("#id_category").fill("S0102 暴露垃圾")
    the_map = page.locator("#intake-map[data-map-ready]")
    expect(the_map).to_be_visible()
    the_map.click()
    expect(page.locator("#id_lng")).to_have_value(re.compile(r"^117\.49\d+$"))
    page.locator("#id_reporter_name").fill("陈大妈")
    page.locator("#id_reporter_phone").fill("13955556666")
    page.locator("button[data-submit]").click()
    expect(page.locator('[data-page="detail"]')).to_be_visible()
    case = Case.objects.get()
    assert (case.state, case.channel, case.cell.code) == (State.REPORTED, "hotline", f"{COMMUNITY}002")
    expect(page).to_have_url(re.compile(rf"/cases/{case.number}/$"))
    expect(page.locator(".reporter-name")).to_have_text("陈**")

    # 2. The dispatcher accepts and dispatches it from the desk, to the suggested department.
    log_in(page, site, world["dispatcher"])
    page.goto(site + "/cases/desk/")
    row = page.locator(f"#row-{case.number}")
    expect(row.locator("[data-suggested-department]")).to_have_attribute(
        "data-suggested-department", "CGJ-HWC"
    )
    expect(page.locator("#desk-map path.leaflet-interactive")).to_have_count(1)
    # The compact row: one button to the suggestion; the full forms load on demand, focus moving into them.
    primary = row.locator('form.primary-action[data-action="accept_and_dispatch"]')
    expect(primary.locator("input[name=department]")).to_have_value("CGJ-HWC")
    row.locator("[data-more-actions]").focus()
    page.keyboard.press("Enter")
    form = page.locator(f"#row-{case.number} [data-forms-loaded]").locator(
        'details[data-action="accept_and_dispatch"] form'
    )
    expect(form.locator("select[name=department]")).to_have_value("CGJ-HWC")
    expect(form.locator("input[name=category]")).to_be_focused()
    form.locator("button[type=submit]").click()
    expect(page.locator(f"#row-{case.number}.is-done")).to_be_visible()
    case.refresh_from_db()
    assert case.state == State.DISPATCHED and case.department.code == "CGJ-HWC"

    # 3. The handler starts, then reports it handled with a photo.
    log_in(page, site, world["handler"])
    page.goto(site + "/cases/inbox/")
    action_form(page.locator(f"#row-{case.number}"), "start").locator("button[type=submit]").click()
    expect(page.locator(f'#row-{case.number}[data-state="in_progress"]')).to_be_visible()
    form = action_form(page.locator(f"#row-{case.number}"), "report_handled")
    form.locator("textarea[name=note]").fill("已清运，地面冲洗干净")
    form.locator("input[name=photos]").set_input_files(png_file(tmp_path))
    form.locator("button[type=submit]").click()
    expect(page.locator(f"#row-{case.number}.is-done")).to_be_visible()
    case.refresh_from_db()
    assert case.state == State.HANDLED and case.attachments.filter(kind="handling").count() == 1

    # 4. The inspector sees the handling and the photo, and verifies it passed.
    log_in(page, site, world["inspector"])
    page.goto(site + "/cases/verify/")
    row = page.locator(f"#row-{case.number}")
    expect(row.locator(".handling-note")).to_have_text("已清运，地面冲洗干净")
    expect(row.locator('[data-side="after"] img')).to_have_count(1)
    form = action_form(row, "verify")
    form.locator("input[name=passed][value=yes]").check()
    form.locator("button[type=submit]").click()
    expect(page.locator(f"#row-{case.number}.is-done")).to_be_visible()

    # 5. The dispatcher closes it from the case page.
    log_in(page, site, world["dispatcher"])
    page.goto(f"{site}/cases/{case.number}/")
    action_form(page.locator("#case-actions"), "close").locator("button[type=submit]").click()
    expect(page.locator('#case-body[data-state="closed"]')).to_be_visible()
    expect(page.locator(".messages .message.success")).to_be_visible()

    # 6. The reporter answers the follow-up page, without logging in.
    token = FollowUp.objects.get(case=case).token
    reporter = browser.new_context(locale="zh-CN")
    public = reporter.new_page()
    public.goto(f"{site}/cases/f/{token}/")
    expect(public.locator("[data-case-number]")).to_have_text(case.number)
    assert "handler" not in public.content() and "陈大妈" not in public.content()
    public.locator("input[name=rating][value='5']").check()
    public.locator("textarea[name=comment]").fill("很及时，谢谢")
    public.locator("form.follow-up-form button[type=submit]").click()
    expect(public.locator('[data-kind="thanks"]')).to_be_visible()
    reporter.close()

    # 7. The case page shows the whole timeline.
    page.reload()
    timeline = [item.get_attribute("data-action") for item in page.locator(".timeline .event").all()]
    assert timeline == [
        Action.REPORT,
        Action.ACCEPT,
        Action.DISPATCH,
        Action.START,
        Action.REPORT_HANDLED,
        Action.VERIFY_PASS,
        Action.CLOSE,
        Action.FOLLOW_UP,
    ]
    expect(page.locator(".timeline .thumbs img")).to_have_count(1)
    expect(page.locator('.follow-ups [data-answered="true"]')).to_contain_text("很及时，谢谢")
    assert errors == []
