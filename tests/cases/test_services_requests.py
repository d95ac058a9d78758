"""Extension and suspension requests: the department asks, a shift lead or leader decides, one request at
a time, every step on the (internal) timeline, the right people told."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from chengguan.cases import selectors, services
from chengguan.cases.models import CaseRequest
from chengguan.cases.states import Action, State
from chengguan.cases.workflow import TransitionRefused
from chengguan.core.models import Notification

from .conftest import snapshot

pytestmark = pytest.mark.django_db

EXT, SUSP = CaseRequest.Kind.EXTENSION, CaseRequest.Kind.SUSPENSION
PENDING = CaseRequest.Decision.PENDING


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def call(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return call


def kinds(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_a_request_is_recorded_and_the_shift_leads_are_asked(make_case, people, run):
    case = make_case(State.IN_PROGRESS)
    request = run(
        services.request_extension,
        case_id=case.pk,
        actor=people.officer,
        working_days="2.5",
        reason="等待配件",
    )
    assert (request.kind, request.working_days, request.reason, request.requested_by, request.decision) == (
        EXT,
        2.5,
        "等待配件",
        people.officer,
        PENDING,
    )
    assert selectors.pending_request(case) == request
    event = case.events.last()
    assert (event.action, event.actor, event.from_state, event.to_state) == (
        Action.REQUEST_EXTENSION,
        people.officer,
        State.IN_PROGRESS,
        State.IN_PROGRESS,
    )
    assert event.changes == {"request": EXT, "working_days": "2.5"} and not event.is_public
    assert "case.request" in kinds(people.shift_lead)
    assert "case.request" not in kinds(people.dispatcher) + kinds(people.handler)


def test_only_one_request_waits_at_a_time(make_case, people):
    case = make_case(State.DISPATCHED, pending=EXT)
    before = snapshot(case)
    for ask in (
        lambda: services.request_extension(
            case_id=case.pk, actor=people.handler, working_days=1, reason="再延"
        ),
        lambda: services.request_suspension(case_id=case.pk, actor=people.officer, reason="停工"),
    ):
        with pytest.raises(TransitionRefused) as refusal:
            ask()
        assert refusal.value.code == "request_pending" and snapshot(case) == before
    services.decide_request(case_id=case.pk, actor=people.shift_lead, approve=False, note="不同意")
    services.request_suspension(case_id=case.pk, actor=people.officer, reason="停工")  # now it may ask again
    assert list(case.requests.values_list("kind", "decision")) == [
        (SUSP, PENDING),
        (EXT, CaseRequest.Decision.REFUSED),
    ]


def test_the_database_allows_one_pending_request_per_case(make_case, people):
    case = make_case(State.DISPATCHED, pending=SUSP)
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseRequest.objects.create(
            case=case, kind=EXT, reason="x", requested_by=people.handler, requested_at=timezone.now()
        )


def test_a_request_needs_a_reason(make_case, people):
    case = make_case(State.DISPATCHED)
    before = snapshot(case)
    with pytest.raises(ValidationError) as refusal:
        services.request_suspension(case_id=case.pk, actor=people.handler, reason=" ")
    assert "reason" in refusal.value.message_dict and snapshot(case) == before


def test_deciding_with_nothing_waiting_is_refused(make_case, people):
    case = make_case(State.IN_PROGRESS)
    before = snapshot(case)
    with pytest.raises(TransitionRefused) as refusal:
        services.decide_request(case_id=case.pk, actor=people.shift_lead, approve=True)
    assert refusal.value.code == "no_pending_request" and snapshot(case) == before


def test_a_refusal_needs_a_note_and_the_request_keeps_waiting(make_case, people):
    case = make_case(State.IN_PROGRESS, pending=EXT)
    before = snapshot(case)
    with pytest.raises(ValidationError) as refusal:
        services.decide_request(case_id=case.pk, actor=people.shift_lead, approve=False, note="")
    assert "note" in refusal.value.message_dict and snapshot(case) == before


@pytest.mark.parametrize(
    ("kind", "approve", "action", "state"),
    [
        (EXT, True, Action.APPROVE_EXTENSION, State.IN_PROGRESS),
        (EXT, False, Action.REFUSE_EXTENSION, State.IN_PROGRESS),
        (SUSP, True, Action.APPROVE_SUSPENSION, State.SUSPENDED),
        (SUSP, False, Action.REFUSE_SUSPENSION, State.IN_PROGRESS),
    ],
)
def test_a_decision_is_recorded_and_the_requester_told(make_case, people, run, kind, approve, action, state):
    case = make_case(State.IN_PROGRESS, pending=kind)
    note = "同意" if approve else "不同意"
    run(services.decide_request, case_id=case.pk, actor=people.leader, approve=approve, note=note)
    case.refresh_from_db()
    request = case.requests.get()
    assert case.state == state
    assert (request.decision, request.decided_by, request.decision_note) == (
        CaseRequest.Decision.APPROVED if approve else CaseRequest.Decision.REFUSED,
        people.leader,
        note,
    )
    assert request.decided_at is not None and selectors.pending_request(case) is None
    event = case.events.last()
    assert (event.action, event.actor, event.note, event.changes["decision"]) == (
        action,
        people.leader,
        note,
        request.decision,
    )
    assert "case.request_decided" in kinds(people.handler)  # make_case's requests are the handler's


def test_a_suspended_case_takes_no_department_action_until_resumed(make_case, people):
    case = make_case(State.SUSPENDED)
    with pytest.raises(services.TransitionRefused):
        services.report_handled(case_id=case.pk, actor=people.handler, note="已处理")
    with pytest.raises(services.TransitionRefused):
        services.request_extension(case_id=case.pk, actor=people.handler, working_days=1, reason="x")
    services.resume_case(case_id=case.pk, actor=people.leader)
    services.report_handled(case_id=case.pk, actor=people.handler, note="已处理")
    case.refresh_from_db()
    assert case.state == State.HANDLED
