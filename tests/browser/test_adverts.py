"""The outdoor-advertising register in a real browser: a leader approves an application from its page; an
inspector records a sign without a permit, which becomes a case in the illegal-advertising category, and
the permitted sign, which does not; the map of permits draws them."""

import io

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from chengguan.adverts.models import Permit, PermitState, SignCheck
from chengguan.cases.models import Case
from tests.adverts.conftest import (  # noqa: F401  (fixtures)
    CELL_1,
    CELL_3,
    application,
    categories,
    centre,
    departments,
    grid,
    people,
)
from tests.browser.test_conduct_star import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def png() -> dict:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(buffer, format="PNG")
    return {"name": "sign.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


def record_sign(page, site: str, *, cell: str, content: str, material: str) -> None:
    page.goto(f"{site}/adverts/checks/new/")
    lng, lat = centre(cell)
    page.locator("#id_content_text").fill(content)
    page.locator("#id_photo").set_input_files(files=[png()])
    page.locator("#id_width_m").fill("4")
    page.locator("#id_height_m").fill("1.2")
    page.locator("#id_material").select_option(material)
    page.locator("#id_lng").fill(f"{lng:.7f}")
    page.locator("#id_lat").fill(f"{lat:.7f}")
    page.locator("form.check-form button[data-submit]").click()
    expect(page.locator('[data-page="adverts_check"]')).to_be_visible()


def test_approval_and_patrol_checks_in_the_browser(page, live_server, people, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path / "media"
    site = live_server.url
    permit = application(people, content_text="百牙超市", material="acrylic")

    log_in(page, site, "leader")
    page.locator('#console-nav a[href="/adverts/permits/"]').click()
    page.locator(f'tr[data-permit="{permit.pk}"] a').first.click()
    expect(page.locator("[data-applicant]")).to_contain_text("王**")
    page.locator('input[name="decision"][value="approve"]').check()
    page.locator("button[data-decide]").click()
    expect(page.locator('[data-page="adverts_permit"][data-state="approved"]')).to_be_visible()
    expect(page.locator("[data-in-force]")).to_be_visible()
    assert Permit.objects.get(pk=permit.pk).state == PermitState.APPROVED

    log_in(page, site, "inspector")
    page.locator('#console-nav a[href="/adverts/checks/new/"]').click()
    expect(page.locator('[data-page="adverts_check_form"] .map')).to_be_visible()
    record_sign(page, site, cell=CELL_3, content="鸿运烟酒", material="fabric")
    expect(page.locator('[data-verdict="unpermitted"]')).to_be_visible()
    case = Case.objects.get()
    assert case.category.code == "S0202" and case.origin_id == str(SignCheck.objects.get().pk)
    page.locator("[data-verdict] a[data-case]").click()
    expect(page).to_have_url(f"{site}/cases/{case.number}/")

    record_sign(page, site, cell=CELL_1, content="百牙超市", material="acrylic")
    expect(page.locator('[data-verdict="covered"]')).to_contain_text(permit.number)
    assert Case.objects.count() == 1

    page.goto(f"{site}/adverts/permits/map/")
    expect(page.locator("#adverts-map .leaflet-container, #adverts-map.leaflet-container")).to_have_count(1)
    drawn = page.locator("#adverts-map .leaflet-interactive, #adverts-map .map-cluster-count")
    expect(drawn.first).to_be_visible()
    assert timezone.localdate() <= Permit.objects.get(pk=permit.pk).valid_until
