"""The demo city has auto-dispatch (智能派单) enabled for street lamps and badly parked cars: its two new
demo reports went straight to their departments with the reason on the timeline, and so does a new
matching report; another category's report stays on the desk."""

import random

import pytest

from chengguan.cases import classify, services
from chengguan.cases.models import AutoDispatch, AutoDispatchRule, Case, CaseEvent
from chengguan.cases.services import auto
from chengguan.cases.states import Action, Channel, State
from chengguan.demo import case_texts
from chengguan.demo.autodispatch import AUTO_CATEGORIES
from chengguan.demo.builder import build_demo_city

pytestmark = pytest.mark.django_db
SMALL = {"cells": 120, "streets": 2, "cases": 60}


@pytest.fixture
def city():
    classify.reset()
    auto.forget_rules()
    build_demo_city(seed=2026, **SMALL)
    yield
    classify.reset()
    auto.forget_rules()


def test_two_categories_go_straight_to_their_departments(city, django_capture_on_commit_callbacks):
    rules = AutoDispatchRule.objects.filter(enabled=True)
    assert sorted(rules.values_list("category__code", flat=True)) == sorted(AUTO_CATEGORIES)
    demo = list(AutoDispatch.objects.select_related("case", "category"))
    waiting = Case.objects.filter(intake_key__startswith="demo-auto-dispatch-", state=State.REPORTED)
    why = {
        case.intake_key: services.auto_dispatch_case(case_id=case.pk, actor=auto.SYSTEM) for case in waiting
    }
    assert sorted(record.category.code for record in demo) == sorted(AUTO_CATEGORIES), why
    for record in demo:
        assert record.case.state == State.DISPATCHED and record.case.department_id == record.department_id
        assert record.probability >= record.threshold == 0.8
        note = CaseEvent.objects.get(case=record.case, action=Action.DISPATCH).note
        assert "智能派单" in note and record.category.code in note

    placed = demo[0].case
    # A new report as the demo's citizens write them, one the classifier is sure enough of (with the small
    # history of this test city not every phrasing is; the demo's own reports above show which are).
    rng = random.Random(1)
    drafts = [
        case_texts.describe(rng, "B0113", "路灯", case_texts.place_words(rng, placed.community.name))
        for _ in range(12)
    ]
    sure = [text for text in drafts if classify.suggest(text, limit=1)[0].probability >= 0.8]
    assert sure, drafts
    text = sure[0]
    with django_capture_on_commit_callbacks(execute=True):
        lamp = services.report_case(
            description=text,
            channel=Channel.WEB,
            lng=placed.lng,
            lat=placed.lat,
            actor=auto.SYSTEM,
        ).case
        other = services.report_case(
            description="小区门口有人占道经营卖水果",
            channel=Channel.WEB,
            lng=placed.lng,
            lat=placed.lat,
            actor=auto.SYSTEM,
        ).case
    best = classify.suggest(text, limit=1)[0]
    assert Case.objects.get(pk=lamp.pk).state == State.DISPATCHED, (text, best)
    assert AutoDispatch.objects.get(case=lamp).category.code == "B0113"
    assert Case.objects.get(pk=other.pk).state == State.REPORTED
