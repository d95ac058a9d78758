"""The demo's cases: every state of the lifecycle, each reached through the real services, so every
timeline chains from the report to the case's state, department steps are taken by that department's
people, and the supervision marks agree with the deadlines."""

import io
from collections import Counter
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from chengguan.cases import deadlines, supervision
from chengguan.cases.models import Case, CaseRequest, FollowUp, SupervisionNotice
from chengguan.cases.states import WITH_DEPARTMENT, Action, State, SupervisionLevel
from chengguan.demo.builder import build_demo_city
from chengguan.demo.case_plans import allocate
from chengguan.org.roles import RoleCode

pytestmark = pytest.mark.django_db
AUTO = "demo-auto-dispatch-"
SMALL = {"cells": 200, "streets": 3, "cases": 60}
DEPARTMENT_ACTIONS = {
    Action.START,
    Action.REPORT_HANDLED,
    Action.SEND_BACK,
    Action.REQUEST_EXTENSION,
    Action.REQUEST_SUSPENSION,
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One small demo city with 60 cases for the whole module, rolled back at its end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_demo_city(seed=2026, **SMALL)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def demo_cases():
    return Case.objects.filter(intake_key__startswith="demo-").select_related("department")


def test_scenarios_cover_every_state_even_for_few_cases():
    assert len(allocate(60)) == 60 and len(allocate(400)) == 400
    assert set(allocate(12)) == set(allocate(400))


def test_cases_in_every_state(demo):
    assert demo.cases is not None and demo.cases.failures == []
    planned = demo_cases().exclude(intake_key__startswith="demo-dup-").exclude(intake_key__startswith=AUTO)
    states = Counter(planned.values_list("state", flat=True))
    assert sum(states.values()) == 60 == demo.cases.count
    # 并单: a stall reported five times, two reports merged into the first (chengguan.demo.duplicates)
    merged = Counter(demo_cases().filter(intake_key__startswith="demo-dup-").values_list("state", flat=True))
    assert merged == {State.REPORTED: 3, State.MERGED: 2}
    found = set(states) | set(merged)
    assert found == set(State.values), f"missing: {set(State.values) - found}"
    assert states == Counter(demo.cases.by_state)


def test_every_timeline_chains_to_the_case_state(demo):
    now = timezone.now()
    for case in demo_cases().prefetch_related("events"):
        events = list(case.events.all())
        assert events[0].action == Action.REPORT and events[0].to_state == State.REPORTED
        assert events[0].at == case.reported_at
        state, department = State.REPORTED, None
        for before, event in zip(events, events[1:], strict=False):
            assert before.at <= event.at <= now, f"{case.number}: {event.action} out of order"
            if event.action == Action.DISPATCH:
                department = event.changes["department"][1]
            if event.action in DEPARTMENT_ACTIONS:
                assert event.actor.staff.has_role(RoleCode.HANDLER, RoleCode.ENFORCEMENT_OFFICER)
                assert event.actor_department.code == department, f"{case.number}: {event.action}"
            if event.to_state:
                assert event.from_state == state, f"{case.number}: {event.action} from {event.from_state}"
                state = event.to_state
        assert state == case.state, case.number
        assert now - timedelta(days=61) < case.reported_at < now


def test_the_demo_has_the_interesting_cases(demo):
    cases = demo_cases()
    assert cases.filter(rework_count__gt=0).exists()
    assert (
        cases.filter(send_back_count__gt=0, state=State.CLOSED).exists()
        or cases.filter(state=State.SENT_BACK).exists()
    )
    assert cases.filter(reopen_count__gt=0).exists()
    assert CaseRequest.objects.filter(case__in=cases, decision=CaseRequest.Decision.PENDING).exists()
    ratings = set(
        FollowUp.objects.filter(case__in=cases).exclude(rating=None).values_list("rating", flat=True)
    )
    assert len(ratings) >= 2
    channels = set(cases.values_list("channel", flat=True))
    assert {"hotline", "patrol"} <= channels and len(channels) >= 4
    assert cases.exclude(reporter_phone="").exists() and cases.filter(reporter_name="").exists()
    assert not cases.filter(cell=None).exists()
    assert all("\u4e00" <= text[0] <= "\u9fff" for text in cases.values_list("description", flat=True))


def test_supervision_marks_agree_with_deadlines(demo):
    now = timezone.now()
    marks = Counter()
    for case in demo_cases():
        marks[case.supervision] += 1
        if case.supervision == "":
            continue
        assert case.state in WITH_DEPARTMENT and case.deadline is not None
        if case.supervision in (SupervisionLevel.OVERDUE, SupervisionLevel.ESCALATED):
            assert case.deadline < now
        else:
            left = deadlines.remaining_hours(case, now=now)
            assert left < supervision.threshold_hours(case.limit_amount, case.limit_unit)
        if case.supervision == SupervisionLevel.ESCALATED:
            assert (
                SupervisionNotice.objects.filter(case=case).exclude(level=SupervisionLevel.DUE_SOON).count()
                >= 2
            )
    assert (
        marks[SupervisionLevel.DUE_SOON]
        and marks[SupervisionLevel.OVERDUE] + marks[SupervisionLevel.ESCALATED]
    )
    # A run straight after the build finds nothing new to send.
    assert supervision.supervise(now=now).notices == []


def test_handler_log_ins_cannot_sign_in(demo):
    handlers = get_user_model().objects.filter(username__startswith="h-")
    assert handlers.exists() and demo.cases.handler_logins == handlers.count()
    for user in handlers.select_related("staff__department"):
        assert not user.has_usable_password()
        assert user.username == f"h-{user.staff.department.code.lower()}"
        assert user.staff.has_role(RoleCode.HANDLER)


def test_reset_rebuilds_the_same_cases_and_if_empty_reuses_them(demo):
    before = list(
        demo_cases()
        .exclude(intake_key__startswith=AUTO)
        .order_by("intake_key")
        .values_list("intake_key", "description", "channel")
    )
    out = io.StringIO()
    call_command(
        "demo_city",
        "--reset",
        "--seed",
        "2026",
        "--cells",
        "200",
        "--streets",
        "3",
        "--cases",
        "60",
        stdout=out,
    )
    assert "60 cases (" in out.getvalue()
    # The reports auto-dispatch is shown with depend on the freshly trained model's confidence: left out.
    after = list(
        demo_cases()
        .exclude(intake_key__startswith=AUTO)
        .order_by("intake_key")
        .values_list("intake_key", "description", "channel")
    )
    assert after == before
    assert Case.objects.order_by("number").first().number.endswith("00001")
    out = io.StringIO()
    call_command("demo_city", "--if-empty", stdout=out)
    # 60, the 并单 stall's 5, and the reports auto-dispatch was shown with (chengguan.demo.autodispatch)
    auto = demo_cases().filter(intake_key__startswith=AUTO).count()
    assert "already built" in out.getvalue() and auto >= 1 and demo_cases().count() == 65 + auto


def test_negative_case_count_is_refused():
    with pytest.raises(CommandError, match="--cases"):
        call_command("demo_city", "--cases", "-1", stdout=io.StringIO())
