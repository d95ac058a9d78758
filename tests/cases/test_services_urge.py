"""督办 by hand: `urge_case` lets a shift lead or a leader urge the department holding a case, with a note;
it is refused to other roles, without a note and once no department holds the case; it is on the timeline
(internal), marks the case for the department's inbox until the case leaves its hands, and notifies the
department's handlers and leaders."""

import pytest
from django.core.exceptions import ValidationError

from chengguan.cases import services
from chengguan.cases.models import Case, CaseEvent
from chengguan.cases.states import Action, State
from chengguan.cases.workflow import TransitionRefused
from chengguan.core.models import Notification
from chengguan.core.refusals import MissingActor

from .conftest import snapshot

pytestmark = pytest.mark.django_db

NOTE = "今天17点前清运完毕，拍照反馈"


@pytest.fixture
def urge(django_capture_on_commit_callbacks):
    """urge_case, committed: the notifications it queues are delivered (the tests run tasks at once)."""

    def urge_(actor, case, note=NOTE):
        with django_capture_on_commit_callbacks(execute=True):
            return services.urge_case(actor=actor, case_id=case.pk, note=note)

    return urge_


@pytest.mark.parametrize("who", ["shift_lead", "leader"])
def test_a_shift_lead_or_leader_urges_and_it_is_on_the_timeline(who, make_case, people, urge):
    case = make_case(State.IN_PROGRESS)
    actor = getattr(people, who)
    urged = urge(actor, case)
    assert urged.state == State.IN_PROGRESS and urged.urged_at is not None
    event = CaseEvent.objects.filter(case=case).latest("at", "id")
    assert (event.action, event.actor, event.note) == (Action.URGE, actor, NOTE)
    assert event.from_state == event.to_state == State.IN_PROGRESS
    assert event.is_public is False  # internal coordination, not on the citizen's timeline
    assert event.actor_name and event.changes["urged_at"][1]


def test_the_department_is_notified_with_the_note(make_case, people, urge):
    case = make_case(State.DISPATCHED)
    urge(people.shift_lead, case)
    told = Notification.objects.filter(kind="case.urged")
    recipients = set(told.values_list("recipient__username", flat=True))
    assert {"handler", "officer"} <= recipients  # department A's handlers
    assert "other_handler" not in recipients and "shift_lead" not in recipients
    assert all(NOTE in body for body in told.values_list("body", flat=True))
    assert all(case.number in subject for subject in told.values_list("subject", flat=True))


@pytest.mark.parametrize("who", ["handler", "dispatcher", "inspector", "intake", "citizen"])
def test_other_roles_are_refused_and_nothing_changes(who, make_case, people):
    case = make_case(State.IN_PROGRESS)
    before = snapshot(case)
    with pytest.raises(TransitionRefused) as refusal:
        services.urge_case(actor=getattr(people, who), case_id=case.pk, note=NOTE)
    assert refusal.value.code == "forbidden_role"
    assert snapshot(case) == before
    with pytest.raises(MissingActor):
        services.urge_case(actor=None, case_id=case.pk, note=NOTE)


@pytest.mark.parametrize("state", [State.REPORTED, State.HANDLED, State.CLOSED, State.SUSPENDED])
def test_only_a_case_a_department_holds_can_be_urged(state, make_case, people):
    case = make_case(state)
    before = snapshot(case)
    with pytest.raises(TransitionRefused) as refusal:
        services.urge_case(actor=people.shift_lead, case_id=case.pk, note=NOTE)
    assert refusal.value.code == "invalid_state"
    assert snapshot(case) == before


def test_an_urge_needs_a_note(make_case, people):
    case = make_case(State.DISPATCHED)
    before = snapshot(case)
    with pytest.raises(ValidationError) as error:
        services.urge_case(actor=people.leader, case_id=case.pk, note="   ")
    assert "note" in error.value.message_dict
    assert snapshot(case) == before


def test_the_mark_goes_when_the_department_reports_the_case_handled(make_case, people, urge):
    case = make_case(State.IN_PROGRESS)
    urge(people.shift_lead, case)
    urge(people.leader, case, "再次督办")
    assert CaseEvent.objects.filter(case=case, action=Action.URGE).count() == 2
    services.report_handled(case_id=case.pk, actor=people.handler, note="已清运")
    assert Case.objects.get(pk=case.pk).urged_at is None
