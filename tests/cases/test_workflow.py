"""The transition table, enforced: every (state, action) in it is open to its roles (and, for department
steps, to the case's department) and to no one else, and every action is refused in every other state,
each refusal leaving the case, its timeline and its requests exactly as they were."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from chengguan.cases import services
from chengguan.cases.models import AutoDispatch, CaseEvent, CaseRequest
from chengguan.cases.states import Action as A
from chengguan.cases.states import State as S
from chengguan.cases.workflow import ACTIONS_IN_TABLE, TABLE, Scope, TransitionRefused, allowed_actions
from chengguan.core.actors import SystemActor
from chengguan.core.refusals import MissingActor

from .conftest import DEPT_A, snapshot

pytestmark = pytest.mark.django_db

EXT, SUSP = CaseRequest.Kind.EXTENSION, CaseRequest.Kind.SUSPENSION
# The request a decision needs waiting on the case.
NEEDS_REQUEST = {
    A.APPROVE_EXTENSION: EXT,
    A.REFUSE_EXTENSION: EXT,
    A.APPROVE_SUSPENSION: SUSP,
    A.REFUSE_SUSPENSION: SUSP,
}


def act(action: A, case, actor, departments):
    """Take `action` on the case through its service, with valid arguments."""
    pk = case.pk
    calls = {
        A.ACCEPT: lambda: services.accept_case(case_id=pk, actor=actor),
        A.REJECT: lambda: services.reject_case(case_id=pk, actor=actor, reason="不属于城管受理范围"),
        A.DISPATCH: lambda: services.dispatch_case(case_id=pk, actor=actor, department=departments[DEPT_A]),
        A.START: lambda: services.start_handling(case_id=pk, actor=actor),
        A.REPORT_HANDLED: lambda: services.report_handled(case_id=pk, actor=actor, note="已处理"),
        A.VERIFY_PASS: lambda: services.verify_case(case_id=pk, actor=actor, passed=True),
        A.VERIFY_FAIL: lambda: services.verify_case(case_id=pk, actor=actor, passed=False, note="未处理完"),
        A.CLOSE: lambda: services.close_case(case_id=pk, actor=actor),
        A.SEND_BACK: lambda: services.send_back_case(case_id=pk, actor=actor, reason="非本部门职责"),
        A.REQUEST_EXTENSION: lambda: services.request_extension(
            case_id=pk, actor=actor, working_days=3, reason="需要协调"
        ),
        A.REQUEST_SUSPENSION: lambda: services.request_suspension(case_id=pk, actor=actor, reason="雨天"),
        A.RESUME: lambda: services.resume_case(case_id=pk, actor=actor),
        A.REOPEN: lambda: services.reopen_case(case_id=pk, actor=actor, reason="问题复现"),
        A.URGE: lambda: services.urge_case(actor=actor, case_id=pk, note="今天下班前清运完毕"),
        A.MERGE: lambda: services.merge_case(case_id=pk, actor=actor, into=_another_report(case).number),
        A.UNMERGE: lambda: services.unmerge_case(case_id=pk, actor=actor),
        A.PULL_BACK: lambda: services.pull_back_case(case_id=_auto_dispatched(case).pk, actor=actor),
    }
    for action_ in NEEDS_REQUEST:
        approve = action_.startswith("approve")
        calls[action_] = lambda approve=approve: services.decide_request(
            case_id=pk, actor=actor, approve=approve, note="" if approve else "理由不充分"
        )
    return calls[action]()


def _another_report(case):
    """An open report of the same problem at the same spot, to merge the case into."""
    return services.report_case(
        description="同一处的问题",
        channel="hotline",
        lng=case.lng,
        lat=case.lat,
        category=case.category,
        actor=SystemActor("test"),
    ).case


def _auto_dispatched(case):
    """Make a dispatched case look dispatched by the system (only those are pulled back)."""
    case.refresh_from_db()
    if case.state == S.DISPATCHED and case.category_id and case.department_id:
        AutoDispatch.objects.get_or_create(
            case=case,
            defaults={
                "category_id": case.category_id,
                "department_id": case.department_id,
                "probability": 0.95,
                "threshold": 0.9,
                "dispatched_at": case.dispatched_at,
            },
        )
    return case


def role_people(people) -> dict:
    """Everyone with exactly one role (the case's department's staff for department steps)."""
    return {
        "intake": people.intake,
        "dispatcher": people.dispatcher,
        "shift_lead": people.shift_lead,
        "inspector": people.inspector,
        "leader": people.leader,
        "handler": people.handler,
        "officer": people.officer,
    }


ENTRIES = sorted(TABLE.items(), key=lambda item: (item[0][0], item[0][1]))
IDS = [f"{state}-{action}" for (state, action), _step in ENTRIES]


@pytest.mark.parametrize(("key", "step"), ENTRIES, ids=IDS)
def test_every_permitted_role_may_take_the_step_and_it_is_recorded(key, step, make_case, people, departments):
    state, action = key
    permitted = {name: user for name, user in role_people(people).items() if user.staff.has_role(*step.roles)}
    assert permitted, "the table names roles nobody has"
    for name, user in permitted.items():
        case = make_case(state, pending=NEEDS_REQUEST.get(action))
        events_before = set(CaseEvent.objects.filter(case=case).values_list("pk", flat=True))
        act(action, case, user, departments)
        case.refresh_from_db()
        expected = step.next_state or state  # RESUME: back to the state the case was suspended in
        if action == A.RESUME:
            expected = S.IN_PROGRESS
        if action == A.UNMERGE:  # back to the state it was merged from
            expected = S.REPORTED
        assert case.state == expected, name
        new = CaseEvent.objects.filter(case=case).exclude(pk__in=events_before)
        assert [(e.action, e.actor, e.from_state, e.to_state) for e in new] == [
            (action, user, state, expected)
        ], name
        if expected != state:
            assert new.get().changes["state"] == [state, expected]


@pytest.mark.parametrize(("key", "step"), ENTRIES, ids=IDS)
def test_other_roles_are_refused_and_nothing_changes(key, step, make_case, people, departments):
    state, action = key
    case = make_case(state, pending=NEEDS_REQUEST.get(action))
    before = snapshot(case)
    refused = {
        name: user for name, user in role_people(people).items() if not user.staff.has_role(*step.roles)
    }
    refused |= {
        "citizen without staff record": people.citizen,
        "anonymous": AnonymousUser(),
        "a job": SystemActor("test"),
    }
    for name, user in refused.items():
        with pytest.raises(TransitionRefused) as refusal:
            act(action, case, user, departments)
        assert refusal.value.code == "forbidden_role", name
        assert snapshot(case) == before, name
    with pytest.raises(MissingActor):  # nobody: a programming error, not a refusal
        act(action, case, None, departments)
    assert snapshot(case) == before


def test_an_inactive_staff_member_is_refused(make_case, people, departments):
    case = make_case(S.REPORTED)
    people.dispatcher.staff.is_active = False
    people.dispatcher.staff.save()
    people.dispatcher.refresh_from_db()
    with pytest.raises(TransitionRefused) as refusal:
        act(A.ACCEPT, case, people.dispatcher, departments)
    assert refusal.value.code == "forbidden_role"


DEPARTMENT_ENTRIES = [(key, step) for key, step in ENTRIES if step.scope is Scope.DEPARTMENT]


@pytest.mark.parametrize(
    ("key", "step"), DEPARTMENT_ENTRIES, ids=[f"{s}-{a}" for (s, a), _ in DEPARTMENT_ENTRIES]
)
def test_department_steps_are_refused_to_other_departments(key, step, make_case, people, departments):
    state, action = key
    case = make_case(state)  # held by department A
    before = snapshot(case)
    # B's handler, and a handler of a unit below A: neither works for the department holding the case.
    for user in (people.other_handler, people.unit_handler):
        with pytest.raises(TransitionRefused) as refusal:
            act(action, case, user, departments)
        assert refusal.value.code == "forbidden_department", user.username
        assert snapshot(case) == before, user.username


def test_a_unit_above_the_department_may_act_for_it(make_case, people, departments):
    case = make_case(S.DISPATCHED)
    act(A.START, case, people.boss, departments)  # the bureau itself, with the handler role
    case.refresh_from_db()
    assert case.state == S.IN_PROGRESS


@pytest.mark.parametrize("state", list(S))
def test_actions_are_refused_in_states_the_table_does_not_list(state, make_case, people, departments):
    case = make_case(state)
    before = snapshot(case)
    refused = sorted(action for action in ACTIONS_IN_TABLE if (state, action) not in TABLE)
    assert refused
    for action in refused:
        # `boss` has every role and works in the bureau above every department: only the state stops them.
        with pytest.raises((TransitionRefused, ValidationError)) as refusal:
            act(action, case, people.boss, departments)
        if action in NEEDS_REQUEST:  # nothing awaits a decision on this case
            assert isinstance(refusal.value, ValidationError) or refusal.value.code == "invalid_state"
        else:
            assert refusal.value.code == "invalid_state", action
        assert snapshot(case) == before, action


def test_refusals_say_why_in_a_sentence(make_case, people, departments):
    case = make_case(S.DISPATCHED)
    with pytest.raises(TransitionRefused) as refusal:
        act(A.START, case, people.other_handler, departments)
    assert case.number in refusal.value.message and "环卫处" in refusal.value.message


DEPARTMENT_ACTIONS = {A.START, A.REPORT_HANDLED, A.SEND_BACK, A.REQUEST_EXTENSION, A.REQUEST_SUSPENSION}


@pytest.mark.parametrize(
    ("state", "pending", "who", "expected"),
    [
        (S.REPORTED, None, "dispatcher", {A.ACCEPT, A.REJECT, A.MERGE}),
        (S.REPORTED, None, "intake", {A.ACCEPT, A.REJECT}),
        (S.REPORTED, None, "handler", set()),
        (S.ACCEPTED, None, "dispatcher", {A.DISPATCH, A.REJECT, A.MERGE}),
        (S.ACCEPTED, None, "intake", set()),
        (S.DISPATCHED, None, "handler", DEPARTMENT_ACTIONS),
        (S.DISPATCHED, None, "other_handler", set()),
        # A dispatched case is the department's: the dispatcher gets it back only through a send-back.
        (S.DISPATCHED, None, "dispatcher", set()),
        # Decisions appear only when a request of that kind waits; no new request while one waits.
        # Shift leads and leaders may urge (督办) a case a department holds.
        (S.DISPATCHED, None, "shift_lead", {A.URGE}),
        (S.IN_PROGRESS, EXT, "shift_lead", {A.APPROVE_EXTENSION, A.REFUSE_EXTENSION, A.URGE}),
        (S.IN_PROGRESS, SUSP, "leader", {A.APPROVE_SUSPENSION, A.REFUSE_SUSPENSION, A.URGE}),
        (S.HANDLED, None, "shift_lead", {A.VERIFY_PASS, A.VERIFY_FAIL}),
        (S.IN_PROGRESS, EXT, "handler", {A.REPORT_HANDLED, A.SEND_BACK}),
        (S.HANDLED, None, "inspector", {A.VERIFY_PASS, A.VERIFY_FAIL}),
        (S.HANDLED, None, "handler", set()),
        (S.REWORK, None, "officer", {A.START, A.REPORT_HANDLED, A.REQUEST_EXTENSION, A.REQUEST_SUSPENSION}),
        (S.VERIFIED, None, "intake", {A.CLOSE}),
        (S.CLOSED, None, "dispatcher", {A.REOPEN}),
        (S.CLOSED, None, "intake", set()),
        (S.SUSPENDED, None, "dispatcher", {A.RESUME}),
        (S.SUSPENDED, None, "handler", set()),
        (S.SENT_BACK, None, "dispatcher", {A.DISPATCH, A.REJECT, A.MERGE}),
        (S.REJECTED, None, "boss", set()),
    ],
)
def test_allowed_actions_are_exactly_the_permitted_ones(state, pending, who, expected, make_case, people):
    case = make_case(state, pending=pending)
    assert set(allowed_actions(case, getattr(people, who))) == expected
