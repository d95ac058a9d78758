"""Deadlines on the Chinese working-day calendar: counted from the dispatch over holidays and swapped
working days, moved only by an approved extension, paused while suspended and resumed with the working
time that was left.

Office hours are 08:30–12:00 and 14:30–17:30 (6.5 working hours a day). National Day 2026: 1–7 October
off, Saturday 10 October a working day."""

from datetime import datetime
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from chengguan.cases import deadlines, selectors, services
from chengguan.cases.models import Case, CaseRequest
from chengguan.cases.states import Action, State

from .conftest import KIOSK, snapshot

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def clock(moment: datetime):
    return mock.patch("django.utils.timezone.now", return_value=moment)


LAST_DAY_BEFORE_HOLIDAY = at(2026, 9, 30, 10, 0)
AFTER_HOLIDAY = at(2026, 10, 13, 10, 0)  # 8, 9, 10 (Sat, swapped), 12, 13 October


def test_five_working_days_from_the_eve_of_national_day_end_after_the_holiday(make_case):
    case = make_case(State.ACCEPTED, category=KIOSK)
    assert deadlines.limit_for(case) == (Decimal(5), "days")
    deadlines.set_deadline(case, start=LAST_DAY_BEFORE_HOLIDAY)
    assert case.deadline == AFTER_HOLIDAY


@pytest.fixture
def kiosk(make_case):
    """A kiosk case (5 working days) dispatched to 环卫处 at 10:00 on 30 September 2026, being handled."""
    with clock(LAST_DAY_BEFORE_HOLIDAY):  # reported, accepted, dispatched and started then
        return make_case(State.IN_PROGRESS, category=KIOSK)


def test_dispatching_on_the_eve_of_national_day_sets_the_deadline_after_it(kiosk):
    assert kiosk.deadline == AFTER_HOLIDAY
    assert (kiosk.limit_amount, kiosk.limit_unit, kiosk.dispatched_at) == (5, "days", LAST_DAY_BEFORE_HOLIDAY)
    assert kiosk.events.get(action=Action.DISPATCH).changes["deadline"] == [None, "2026-10-13T10:00+08:00"]


def test_urgency_shortens_the_limit(make_case, people):
    case = make_case(State.ACCEPTED, category=KIOSK, urgency="urgent")  # 报刊亭, urgent: 2 working days
    with clock(LAST_DAY_BEFORE_HOLIDAY):
        services.dispatch_case(case_id=case.pk, actor=people.dispatcher)
    assert Case.objects.get(pk=case.pk).deadline == at(2026, 10, 9, 10, 0)


def test_a_case_without_a_time_limit_gets_the_general_default(make_case):
    case = make_case(State.ACCEPTED)
    case.category = None
    deadlines.set_deadline(case, start=LAST_DAY_BEFORE_HOLIDAY)
    assert (case.limit_amount, case.limit_unit, case.deadline) == (5, "days", AFTER_HOLIDAY)


def ask_extension(case, people, days):
    with clock(at(2026, 10, 9, 9, 0)):
        return services.request_extension(
            case_id=case.pk, actor=people.handler, working_days=days, reason="等配件"
        )


def test_an_approved_extension_moves_the_deadline_by_working_days(kiosk, people):
    ask_extension(kiosk, people, 3)
    assert Case.objects.get(pk=kiosk.pk).deadline == AFTER_HOLIDAY  # asking alone moves nothing
    with clock(at(2026, 10, 9, 11, 0)):
        services.decide_request(case_id=kiosk.pk, actor=people.shift_lead, approve=True)
    case = Case.objects.get(pk=kiosk.pk)
    assert case.deadline == at(2026, 10, 16, 10, 0)  # 14, 15, 16 October
    event = case.events.get(action=Action.APPROVE_EXTENSION)
    assert event.changes["deadline"] == ["2026-10-13T10:00+08:00", "2026-10-16T10:00+08:00"]
    assert case.state == State.IN_PROGRESS


def test_half_a_working_day_is_half_the_office_hours(kiosk, people):
    ask_extension(kiosk, people, "0.5")
    services.decide_request(case_id=kiosk.pk, actor=people.leader, approve=True)
    assert Case.objects.get(pk=kiosk.pk).deadline == at(2026, 10, 13, 15, 45)  # 3.25 working hours later


def test_a_refused_extension_leaves_the_deadline(kiosk, people):
    ask_extension(kiosk, people, 3)
    services.decide_request(case_id=kiosk.pk, actor=people.shift_lead, approve=False, note="时限内可完成")
    case = Case.objects.get(pk=kiosk.pk)
    assert case.deadline == AFTER_HOLIDAY
    assert case.requests.get().decision == CaseRequest.Decision.REFUSED


@pytest.mark.parametrize("days", [0, -1, "abc", "1.3", 61, None, "NaN", "Infinity"])
def test_extensions_are_asked_in_half_days_up_to_sixty(kiosk, people, days):
    before = snapshot(kiosk)
    with pytest.raises(ValidationError) as refusal:
        ask_extension(kiosk, people, days)
    assert "working_days" in refusal.value.message_dict and snapshot(kiosk) == before


SUSPENDED_AT = at(2026, 10, 9, 10, 0)
LEFT = (
    2 + 3 + 6.5 + 6.5 + 1.5
)  # the rest of 9 October, 10 (a working Saturday) and 12 October, 13 until 10:00


@pytest.fixture
def suspended(kiosk, people):
    with clock(at(2026, 10, 9, 9, 0)):
        services.request_suspension(case_id=kiosk.pk, actor=people.handler, reason="道路施工，无法作业")
    with clock(SUSPENDED_AT):
        services.decide_request(case_id=kiosk.pk, actor=people.shift_lead, approve=True)
    return Case.objects.get(pk=kiosk.pk)


def test_a_suspension_pauses_the_deadline_and_keeps_the_time_left(suspended, people):
    assert suspended.state == State.SUSPENDED and suspended.resume_state == State.IN_PROGRESS
    assert suspended.deadline is None and suspended.remaining_hours == pytest.approx(LEFT)
    assert deadlines.remaining_hours(suspended, now=at(2026, 10, 30, 9, 0)) == pytest.approx(LEFT)
    assert not deadlines.is_overdue(suspended, now=at(2026, 12, 1, 9, 0))
    with clock(at(2026, 12, 1, 9, 0)):
        assert not selectors.filter_cases(Case.objects.all(), {"overdue": "1"}).exists()
    event = suspended.events.get(action=Action.APPROVE_SUSPENSION)
    assert (event.from_state, event.to_state) == (State.IN_PROGRESS, State.SUSPENDED)


def test_resuming_restores_the_time_left_from_the_resume_moment(suspended, people):
    with clock(at(2026, 10, 19, 15, 0)):  # ten days later, a Monday afternoon
        services.resume_case(case_id=suspended.pk, actor=people.dispatcher, note="施工结束")
    case = Case.objects.get(pk=suspended.pk)
    # 19.5 hours: 2.5 on the 19th, 6.5 on the 20th and 21st, 4 on the 22nd (3.5 before noon, 0.5 after).
    assert case.deadline == at(2026, 10, 22, 15, 0)
    assert (case.state, case.remaining_hours, case.resume_state) == (State.IN_PROGRESS, None, "")
    event = case.events.get(action=Action.RESUME)
    assert (event.from_state, event.to_state, event.changes["resumed_to"]) == (
        State.SUSPENDED,
        State.IN_PROGRESS,
        State.IN_PROGRESS,
    )


def test_a_refused_suspension_changes_nothing_but_the_request(kiosk, people):
    services.request_suspension(case_id=kiosk.pk, actor=people.handler, reason="下雨")
    services.decide_request(case_id=kiosk.pk, actor=people.shift_lead, approve=False, note="雨天也可处理")
    case = Case.objects.get(pk=kiosk.pk)
    assert (case.state, case.deadline, case.remaining_hours) == (State.IN_PROGRESS, AFTER_HOLIDAY, None)


def test_a_suspended_case_resumes_to_the_state_it_was_in(make_case, people):
    case = make_case(State.DISPATCHED, pending=CaseRequest.Kind.SUSPENSION)
    services.decide_request(case_id=case.pk, actor=people.shift_lead, approve=True)
    services.resume_case(case_id=case.pk, actor=people.shift_lead)
    assert Case.objects.get(pk=case.pk).state == State.DISPATCHED


def test_rework_counts_a_fresh_limit_from_the_verification(make_case, people):
    case = make_case(State.HANDLED, category=KIOSK)
    with clock(LAST_DAY_BEFORE_HOLIDAY):
        services.verify_case(case_id=case.pk, actor=people.inspector, passed=False, note="未修好")
    assert Case.objects.get(pk=case.pk).deadline == AFTER_HOLIDAY


def test_a_send_back_clears_the_deadline_and_the_next_dispatch_counts_afresh(kiosk, people):
    with clock(at(2026, 10, 8, 9, 0)):
        services.send_back_case(case_id=kiosk.pk, actor=people.handler, reason="非本单位")
    assert Case.objects.get(pk=kiosk.pk).deadline is None
    with clock(at(2026, 10, 9, 9, 0)):
        services.dispatch_case(case_id=kiosk.pk, actor=people.dispatcher)
    assert Case.objects.get(pk=kiosk.pk).deadline == at(2026, 10, 15, 9, 0)  # 10 (Sat), 12–15 October


def test_overdue_helpers(kiosk):
    assert not deadlines.is_overdue(kiosk, now=AFTER_HOLIDAY)
    assert deadlines.overdue_by(kiosk, now=at(2026, 10, 13, 11, 0)).total_seconds() == 3600
    assert deadlines.remaining_hours(kiosk, now=at(2026, 10, 13, 9, 30)) == pytest.approx(0.5)
    assert deadlines.limit_hours(kiosk) == pytest.approx(32.5)
