"""Evidence in view, in a real browser: the inspector opens the verification list, sees the photos before
(with the report) and after handling of a case side by side, opens one in the lightbox and moves through
them with the arrow keys, and closes it with Esc (focus back on the photo). No script errors.

Elements are found by names, ids and data attributes, not by their (translated) text."""

import io
import math

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from playwright.sync_api import expect

from chengguan.cases import services
from chengguan.cases.states import Channel
from chengguan.org.models import Department

from .test_cases_console import COMMUNITY, DLAT, DLNG, LAT0, LNG0, log_in, world  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def picture(name: str, colour) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue())


def handled_case(people):
    lng, lat = LNG0 + 1.5 * DLNG, LAT0 + 0.5 * DLAT
    case = services.report_case(
        description="人行道上垃圾成堆",
        channel=Channel.HOTLINE,
        lng=lng,
        lat=lat,
        category="S0102",
        actor=people["intake"],
        photos=[picture("before-1.png", "red"), picture("before-2.png", "orange")],
    ).case
    hwc = Department.objects.get(code="CGJ-HWC")
    services.accept_and_dispatch(case_id=case.pk, actor=people["dispatcher"], department=hwc)
    services.start_handling(case_id=case.pk, actor=people["handler"])
    services.report_handled(
        case_id=case.pk, actor=people["handler"], note="已清运干净", photos=[picture("after.png", "green")]
    )
    return case


def test_the_inspector_compares_before_and_after_and_browses_them_with_the_keys(page, world):  # noqa: F811
    site = world["url"]
    case = handled_case(world)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, site, world["inspector"])
    page.goto(site + "/cases/verify/")
    row = page.locator(f"#row-{case.number}")
    before, after = row.locator('[data-side="before"]'), row.locator('[data-side="after"]')
    expect(before.locator("img")).to_have_count(2)
    expect(after.locator("img")).to_have_count(1)
    for image in (*before.locator("img").all(), after.locator("img").first):
        expect(image).to_be_visible()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    # Side by side: the after column is to the right of the before column, on the same line.
    left, right = before.bounding_box(), after.bounding_box()
    assert left["x"] + left["width"] <= right["x"] + 1
    assert math.isclose(left["y"], right["y"], abs_tol=2)

    links = row.locator("a[data-lightbox]")
    hrefs = [links.nth(i).get_attribute("href") for i in range(3)]
    assert len(set(hrefs)) == 3
    links.first.click()
    box = page.locator("[data-lightbox-box]")
    expect(box).to_be_visible()
    shown = box.locator("img")
    expect(shown).to_have_attribute("src", hrefs[0])
    page.keyboard.press("ArrowRight")
    expect(shown).to_have_attribute("src", hrefs[1])
    page.keyboard.press("ArrowRight")
    expect(shown).to_have_attribute("src", hrefs[2])  # the photo after handling
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=shown.element_handle())
    page.keyboard.press("ArrowRight")
    expect(shown).to_have_attribute("src", hrefs[0])  # round again
    page.keyboard.press("ArrowLeft")
    expect(shown).to_have_attribute("src", hrefs[2])
    page.keyboard.press("Escape")
    expect(box).to_be_hidden()
    expect(links.first).to_be_focused()
    assert errors == []
