"""Typing and retyping in a real browser: the intake form proposes categories for a code, a name or a
traditional-character word; a refused intake comes back with its photo held for the retry; the citizen's
category filter finds categories typed in traditional characters.

Elements are found by names, ids and data attributes, not by their (translated) text."""

import pytest
from playwright.sync_api import expect

from chengguan.cases.models import Case
from tests.browser.test_cases_console import log_in, png_file, world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def test_intake_proposes_categories_and_keeps_the_photo_of_a_refused_form(page, world, tmp_path, settings):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path / "media"
    site = world["url"]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, site, world["intake"])
    page.goto(site + "/cases/intake/")

    page.locator("#id_category").fill("垃圾滿溢")  # traditional characters
    proposal = page.locator('[data-category-proposals] button[data-category-code="S0110"]')
    expect(proposal).to_be_visible()
    proposal.click()
    expect(page.locator("#id_category")).to_have_value("S0110 垃圾满溢")

    # Sent without a description: refused, everything typed and the photo come back.
    page.locator("#id_address").fill("长江路 12 号")
    page.locator("#id_reporter_phone").fill("13955556666")
    page.locator("input[name=photos]").set_input_files(png_file(tmp_path))
    page.locator("button[data-submit]").click()
    expect(page.locator("[data-held-photos]")).to_contain_text("after.png")
    expect(page.locator("#id_category")).to_have_value("S0110 垃圾满溢")
    expect(page.locator("#id_address")).to_have_value("长江路 12 号")
    expect(page.locator("#id_reporter_phone")).to_have_value("13955556666")

    page.locator("#id_description").fill("垃圾桶满了溢出来")
    page.locator("button[data-submit]").click()
    expect(page.locator('[data-page="detail"]')).to_be_visible()
    case = Case.objects.get()
    assert case.category.code == "S0110" and case.attachments.count() == 1
    assert errors == []


def test_the_citizens_category_filter_finds_traditional_words(page, world):  # noqa: F811
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(world["url"] + "/report/")
    page.locator("[data-category-search]").fill("路燈")
    lamp = page.locator('label.category-choice:has(input[value="B0113"])')
    expect(lamp).to_be_visible()
    expect(page.locator('label.category-choice:has(input[value="S0102"])')).to_be_hidden()
    lamp.click()
    expect(page.locator('input[name=category][value="B0113"]')).to_be_checked()
    assert errors == []
