"""Auto-dispatch in a real browser: a confident report goes straight to its department and waits in the
dispatcher's auto-dispatched queue with its reason; one click pulls it back to the desk, and the case
becomes a training example. Elements are found by ids and data attributes, not by their text."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from chengguan.cases import classify, services
from chengguan.cases.models import Case, TrainingExample
from chengguan.cases.services import auto
from chengguan.cases.states import State
from chengguan.core.actors import SystemActor
from chengguan.taxonomy.models import Category

from .test_cases_console import DLNG, LAT0, LNG0, log_in
from .test_cases_console import world as world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)

GARBAGE, LAMP = "S0102", "B0113"


@pytest.fixture
def auto_dispatched(world):  # noqa: F811
    """A history of confirmed reports of garbage and street lamps (the bureau's own phrasing teaches the
    classifier), auto-dispatch enabled for garbage, and a new garbage report dispatched by the system."""
    categories = {c.code: c for c in Category.objects.filter(code__in=(GARBAGE, LAMP))}
    for place in ("鼓楼菜场", "百牙路口", "秋浦公园", "长江路", "池州一中", "火车站", "清溪河边", "翠微路"):
        for code, text in ((GARBAGE, f"{place}垃圾堆积没人清运"), (LAMP, f"{place}路灯不亮了")):
            history = services.report_case(
                description=text,
                channel="hotline",
                lng=LNG0 + 0.5 * DLNG,
                lat=LAT0 + 0.0004,
                actor=world["intake"],
            ).case
            services.accept_case(case_id=history.pk, actor=world["dispatcher"], category=categories[code])
    classify.reset()
    auto.forget_rules()
    services.set_auto_dispatch(
        category=Category.objects.get(code=GARBAGE),
        actor=SystemActor("test"),
        enabled=True,
        threshold=Decimal("0.5"),
    )
    case = services.report_case(  # committed at once: the intake schedules the auto-dispatch
        description="秋浦路边垃圾堆积没人清运，发臭了",
        channel="web",
        lng=LNG0 + 0.5 * DLNG,
        lat=LAT0 + 0.0004,
        actor=world["intake"],
    ).case
    case.refresh_from_db()
    assert case.state == State.DISPATCHED, "a confident report in an enabled category is dispatched"
    yield {**world, "case": case}
    classify.reset()
    auto.forget_rules()


def test_the_dispatcher_pulls_an_auto_dispatched_case_back_in_one_click(page, auto_dispatched):
    site, case = auto_dispatched["url"], auto_dispatched["case"]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, site, auto_dispatched["dispatcher"])
    page.goto(site + "/cases/desk/")
    page.locator('[data-counter="auto"]').click()
    row = page.locator(f"#row-{case.number}[data-auto-dispatched]")
    expect(row).to_be_visible()
    expect(row.locator("[data-probability]")).to_be_visible()
    row.locator("[data-pull-back]").click()
    # The row is replaced in place by the case as it now waits on the desk: accepted, to classify.
    expect(page.locator(f'#row-{case.number}[data-state="accepted"]')).to_be_visible()
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.state == State.ACCEPTED and fresh.department_id is None
    assert TrainingExample.objects.filter(case=case, kind="pull_back").exists()
    page.goto(site + "/cases/desk/?queue=auto")
    expect(page.locator(".case-rows [data-case]")).to_have_count(0)
    page.goto(site + f"/cases/{case.number}/")
    expect(page.locator("body")).to_contain_text("智能派单")
    assert errors == []
