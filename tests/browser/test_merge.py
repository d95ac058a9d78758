"""并单 in a real browser: five reports of one stall within 100 m and 2 hours show on the dispatcher's desk
as likely duplicates of each other; the dispatcher merges four into the first from their rows, the first
case's page lists them, and the undo on a merged case's page restores it.

Elements are found by names, ids and data attributes, not by their (translated) text."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chengguan.cases import services
from chengguan.cases.models import Case
from chengguan.cases.states import State

from .test_cases_console import DLNG, LAT0, LNG0, action_form, log_in
from .test_cases_console import world as world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)

STALL = "S0501"
TEXTS = [
    "学校门口有流动摊贩摆摊卖烤肠",
    "校门口流动摊贩卖烤肠，占了人行道",
    "学校大门口有人摆摊卖烤肠",
    "小学门口流动摊贩摆摊，影响学生进出",
    "学校门口又有卖烤肠的流动摊贩",
]


@pytest.fixture
def stall(world):  # noqa: F811
    now = timezone.now()
    numbers = []
    for i, text in enumerate(TEXTS):
        case = services.report_case(
            description=text,
            channel="hotline",
            lng=LNG0 + 0.5 * DLNG,
            lat=LAT0 + 0.0002 + i * 20 / 111_320,  # 20 m apart
            category=STALL,
            reporter_phone=f"1390000002{i}",
            actor=world["intake"],
        ).case
        Case.objects.filter(pk=case.pk).update(reported_at=now - timedelta(minutes=(5 - i) * 25))
        numbers.append(case.number)
    return numbers


def test_the_dispatcher_merges_duplicates_from_the_desk_and_undoes_one(page, world, stall):  # noqa: F811
    site = world["url"]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    survivor, *others = stall
    log_in(page, site, world["dispatcher"])
    page.goto(site + "/cases/desk/")
    first_row = page.locator(f'article[data-case="{survivor}"]')
    expect(first_row.locator("[data-duplicates]")).to_be_visible()
    for number in others:
        expect(first_row.locator(f'[data-merge-into="{number}"]')).to_have_count(1)

    for number in others:
        row = page.locator(f'article[data-case="{number}"]')
        row.locator(f'form[data-merge-into="{survivor}"] button').click()
        expect(page.locator(f'article[data-case="{number}"]')).to_have_count(0)  # merged, off the desk
    assert set(Case.objects.filter(number__in=others).values_list("state", flat=True)) == {State.MERGED}
    assert Case.objects.get(number=survivor).support_count == 4

    page.goto(site + f"/cases/{survivor}/")
    merged_in = page.locator("[data-merged-in]")
    expect(merged_in).to_be_visible()
    assert set(merged_in.get_attribute("data-merged-in").split()) == set(others)

    page.goto(site + f"/cases/{others[0]}/")
    expect(page.locator(f'[data-merged-into="{survivor}"]')).to_be_visible()
    form = action_form(page, "unmerge")
    form.locator("button[type=submit]").click()
    expect(page.locator(f'#case-body[data-state="{State.REPORTED}"]')).to_be_visible()
    expect(page.locator("[data-merged-into]")).to_have_count(0)
    assert Case.objects.get(number=survivor).support_count == 3
    page.goto(site + "/cases/desk/")
    expect(page.locator(f'article[data-case="{others[0]}"]')).to_be_visible()  # back on the desk
    assert errors == []
