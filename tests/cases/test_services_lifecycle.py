"""The lifecycle's main path and its detours, through the services: each action moves the case as the
design says, writes exactly one event (actor, from/to state, changes) and tells the right people."""

from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.urls import include, path

from chengguan.cases import selectors, services
from chengguan.cases.models import Attachment, Case, CaseEvent, FollowUp
from chengguan.cases.states import Action, State
from chengguan.core.models import Notification

from .conftest import CELL_1, CELL_3, DEPT_A, DEPT_B, centre, photo, snapshot

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")

# The public follow-up page belongs to the web layer; a stand-in route lets the SMS carry its link here.
_stand_ins = [
    path("follow-up/<str:token>/", lambda request, token: HttpResponse(), name="follow_up"),
    path("<str:number>/", lambda request, number: HttpResponse(), name="detail"),
]
urlpatterns = [path("cases/", include((_stand_ins, "cases")))]


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def clock(moment: datetime):
    return mock.patch("django.utils.timezone.now", return_value=moment)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Call a service as a request would: notifications go out when its transaction commits."""

    def call(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return call


def one_new_event(case: Case, seen: set) -> CaseEvent:
    new = list(CaseEvent.objects.filter(case=case).exclude(pk__in=seen))
    assert len(new) == 1, [event.action for event in new]
    seen.add(new[0].pk)
    return new[0]


def notified(user, kind: str) -> bool:
    return Notification.objects.filter(recipient=user, kind=kind).exists()


@pytest.mark.urls(__name__)
def test_the_main_path_from_report_to_reopening(make_case, people, departments, run, sms_outbox, media):
    p = people
    with clock(at(2026, 11, 23, 9, 0)):  # a Monday
        case = make_case.report(photos=[photo()])
    pk, seen = case.pk, set(case.events.values_list("pk", flat=True))

    def step(service, *, actor, action, from_state, to_state, when, **kwargs):
        with clock(when):
            run(service, case_id=pk, actor=actor, **kwargs)
        event = one_new_event(case, seen)
        assert (event.action, event.actor, event.from_state, event.to_state) == (
            action,
            actor,
            from_state,
            to_state,
        )
        assert event.at == when and event.actor_department == actor.staff.department
        assert event.changes.get("state") == [from_state, to_state]
        return event, Case.objects.get(pk=pk)

    event, case = step(
        services.accept_case,
        actor=p.dispatcher,
        action=Action.ACCEPT,
        from_state=State.REPORTED,
        to_state=State.ACCEPTED,
        when=at(2026, 11, 23, 9, 5),
    )
    assert case.accepted_at == at(2026, 11, 23, 9, 5)

    # No department named: the responsibility list routes 暴露垃圾 in 百牙社区 to 环卫处.
    event, case = step(
        services.dispatch_case,
        actor=p.dispatcher,
        action=Action.DISPATCH,
        from_state=State.ACCEPTED,
        to_state=State.DISPATCHED,
        when=at(2026, 11, 23, 9, 10),
    )
    assert case.department.code == DEPT_A
    assert case.deadline == at(2026, 11, 23, 15, 40)  # 4 working hours, over the lunch break
    assert event.changes["department"] == [None, DEPT_A]
    assert notified(p.handler, "case.dispatched") and notified(p.officer, "case.dispatched")
    assert not notified(p.other_handler, "case.dispatched")

    event, case = step(
        services.start_handling,
        actor=p.handler,
        action=Action.START,
        from_state=State.DISPATCHED,
        to_state=State.IN_PROGRESS,
        when=at(2026, 11, 23, 10, 0),
    )
    event, case = step(
        services.report_handled,
        actor=p.handler,
        action=Action.REPORT_HANDLED,
        from_state=State.IN_PROGRESS,
        to_state=State.HANDLED,
        when=at(2026, 11, 23, 11, 0),
        note="已清运",
        photos=[photo("PNG")],
    )
    assert event.note == "已清运" and case.handled_at == at(2026, 11, 23, 11, 0)
    assert [(a.kind, a.extension) for a in event.attachments.all()] == [(Attachment.Kind.HANDLING, "png")]

    # Verification fails the next morning: rework, with a fresh 4-hour limit counted from then.
    event, case = step(
        services.verify_case,
        actor=p.inspector,
        action=Action.VERIFY_FAIL,
        from_state=State.HANDLED,
        to_state=State.REWORK,
        when=at(2026, 11, 24, 10, 0),
        passed=False,
        note="地面仍有残留",
    )
    assert case.rework_count == 1 and event.changes["rework_count"] == [0, 1]
    assert case.deadline == at(2026, 11, 24, 16, 30)
    assert event.changes["deadline"] == ["2026-11-23T15:40+08:00", "2026-11-24T16:30+08:00"]
    assert notified(p.handler, "case.rework")

    step(
        services.report_handled,
        actor=p.officer,
        action=Action.REPORT_HANDLED,
        from_state=State.REWORK,
        to_state=State.HANDLED,
        when=at(2026, 11, 24, 11, 0),
        note="已冲洗干净",
    )
    step(
        services.verify_case,
        actor=p.inspector,
        action=Action.VERIFY_PASS,
        from_state=State.HANDLED,
        to_state=State.VERIFIED,
        when=at(2026, 11, 24, 14, 40),
        passed=True,
    )
    event, case = step(
        services.close_case,
        actor=p.intake,
        action=Action.CLOSE,
        from_state=State.VERIFIED,
        to_state=State.CLOSED,
        when=at(2026, 11, 24, 15, 0),
    )
    assert case.closed_at == at(2026, 11, 24, 15, 0)
    follow_up = FollowUp.objects.get(case=case)
    assert [message.phone for message in sms_outbox] == ["13800138000"]
    assert case.number in sms_outbox[0].text and f"/cases/follow-up/{follow_up.token}/" in sms_outbox[0].text

    # The reporter answers: unsatisfied, the problem is back. The dispatchers hear of it.
    with clock(at(2026, 11, 25, 9, 0)):
        run(
            services.answer_follow_up,
            token=follow_up.token,
            actor=AnonymousUser(),
            rating=2,
            problem_persists=True,
            comment="又有了",
        )
    event = one_new_event(case, seen)
    assert (event.action, event.actor, event.changes) == (
        Action.FOLLOW_UP,
        None,
        {"rating": 2, "problem_persists": True},
    )
    assert notified(p.dispatcher, "case.problem_persists") and not notified(
        p.handler, "case.problem_persists"
    )

    event, case = step(
        services.reopen_case,
        actor=p.dispatcher,
        action=Action.REOPEN,
        from_state=State.CLOSED,
        to_state=State.ACCEPTED,
        when=at(2026, 11, 25, 9, 30),
        reason="回访称问题仍在",
    )
    assert case.reopen_count == 1 and case.closed_at is None
    event, case = step(
        services.dispatch_case,
        actor=p.dispatcher,
        action=Action.DISPATCH,
        from_state=State.ACCEPTED,
        to_state=State.DISPATCHED,
        when=at(2026, 11, 25, 9, 45),
    )
    assert case.department.code == DEPT_A and case.deadline == at(2026, 11, 25, 16, 15)
    assert list(case.events.values_list("action", flat=True)) == [
        Action.REPORT,
        Action.ACCEPT,
        Action.DISPATCH,
        Action.START,
        Action.REPORT_HANDLED,
        Action.VERIFY_FAIL,
        Action.REPORT_HANDLED,
        Action.VERIFY_PASS,
        Action.CLOSE,
        Action.FOLLOW_UP,
        Action.REOPEN,
        Action.DISPATCH,
    ]


def test_routing_follows_the_area_and_the_dispatchers_choice_wins(make_case, people, departments):
    east = make_case(State.ACCEPTED, lng=centre(CELL_3)[0], lat=centre(CELL_3)[1])
    services.dispatch_case(case_id=east.pk, actor=people.dispatcher)
    assert Case.objects.get(pk=east.pk).department.code == "CGJ-SRHW"  # 池阳街道's own entry
    west = make_case(State.ACCEPTED, lng=centre(CELL_1)[0], lat=centre(CELL_1)[1])
    services.dispatch_case(case_id=west.pk, actor=people.dispatcher, department=departments[DEPT_B])
    assert Case.objects.get(pk=west.pk).department.code == DEPT_B


def test_accept_and_dispatch_is_two_events_and_classifies(make_case, people):
    case = make_case(State.REPORTED, category=None)
    services.accept_and_dispatch(
        case_id=case.pk, actor=people.dispatcher, category=make_case.categories["B0113"], urgency="urgent"
    )
    case.refresh_from_db()
    assert (case.state, case.category.code, case.urgency, case.department.code) == (
        State.DISPATCHED,
        "B0113",
        "urgent",
        "EXT-LAMP",
    )
    assert (case.limit_amount, case.limit_unit) == (1, "days")  # 路灯, urgent: 1 working day
    accept, dispatch = case.events.exclude(action=Action.REPORT)
    assert (accept.action, dispatch.action) == (Action.ACCEPT, Action.DISPATCH)
    assert accept.changes["category"] == [None, "B0113"] and accept.changes["urgency"] == ["normal", "urgent"]


def test_a_case_without_a_category_cannot_be_dispatched(make_case, people):
    case = make_case(State.ACCEPTED, category=None)
    before = snapshot(case)
    with pytest.raises(ValidationError) as refusal:
        services.dispatch_case(case_id=case.pk, actor=people.dispatcher)
    assert "category" in refusal.value.message_dict and snapshot(case) == before


def test_an_inactive_department_is_refused(make_case, people, departments):
    case = make_case(State.ACCEPTED)
    departments[DEPT_B].is_active = False
    departments[DEPT_B].save()
    before = snapshot(case)
    with pytest.raises(ValidationError) as refusal:
        services.dispatch_case(case_id=case.pk, actor=people.dispatcher, department=departments[DEPT_B])
    assert "department" in refusal.value.message_dict and snapshot(case) == before


def test_send_back_and_dispatch_elsewhere(make_case, people, departments, run):
    case = make_case(State.IN_PROGRESS)
    with pytest.raises(ValidationError) as refusal:
        services.send_back_case(case_id=case.pk, actor=people.handler, reason="  ")
    assert "reason" in refusal.value.message_dict

    run(services.send_back_case, case_id=case.pk, actor=people.handler, reason="属于市政设施，非环卫职责")
    case.refresh_from_db()
    assert (case.state, case.deadline, case.send_back_count) == (State.SENT_BACK, None, 1)
    event = case.events.last()
    assert (event.action, event.note, event.is_public) == (
        Action.SEND_BACK,
        "属于市政设施，非环卫职责",
        False,
    )
    assert notified(people.dispatcher, "case.sent_back")
    assert event not in selectors.timeline(case, public_only=True)

    run(services.dispatch_case, case_id=case.pk, actor=people.dispatcher, department=departments[DEPT_B])
    case.refresh_from_db()
    assert (case.state, case.department.code) == (State.DISPATCHED, DEPT_B) and case.deadline is not None
    assert case.events.last().changes["department"] == [DEPT_A, DEPT_B]
    with pytest.raises(services.TransitionRefused):
        services.start_handling(case_id=case.pk, actor=people.handler)  # no longer A's case
    services.start_handling(case_id=case.pk, actor=people.other_handler)


def test_reject_needs_a_reason(make_case, people):
    case = make_case(State.REPORTED)
    before = snapshot(case)
    with pytest.raises(ValidationError) as refusal:
        services.reject_case(case_id=case.pk, actor=people.intake, reason="")
    assert "reason" in refusal.value.message_dict and snapshot(case) == before

    services.reject_case(case_id=case.pk, actor=people.intake, reason="不属于城市管理范围")
    case.refresh_from_db()
    event = case.events.last()
    assert case.state == State.REJECTED
    assert (event.action, event.actor, event.note, event.to_state) == (
        Action.REJECT,
        people.intake,
        "不属于城市管理范围",
        State.REJECTED,
    )


@pytest.mark.parametrize(
    ("state", "call", "field"),
    [
        (
            State.IN_PROGRESS,
            lambda p, pk: services.report_handled(case_id=pk, actor=p.handler, note=""),
            "note",
        ),
        (
            State.HANDLED,
            lambda p, pk: services.verify_case(case_id=pk, actor=p.inspector, passed=False, note=" "),
            "note",
        ),
        (
            State.CLOSED,
            lambda p, pk: services.reopen_case(case_id=pk, actor=p.dispatcher, reason=""),
            "reason",
        ),
        (
            State.IN_PROGRESS,
            lambda p, pk: services.report_handled(
                case_id=pk,
                actor=p.handler,
                note="已处理",
                photos=[photo(name="x.jpg"), SimpleUploadedFile("y.jpg", b"no")],
            ),
            "photos",
        ),
    ],
    ids=["handled-without-note", "rework-without-note", "reopen-without-reason", "handled-bad-photo"],
)
def test_actions_missing_what_they_need_are_refused_on_the_field(
    make_case, people, media, state, call, field
):
    case = make_case(state)
    before, files = snapshot(case), sorted(media.rglob("*"))
    with pytest.raises(ValidationError) as refusal:
        call(people, case.pk)
    assert field in refusal.value.message_dict
    assert snapshot(case) == before and sorted(media.rglob("*")) == files


def test_closing_a_case_without_a_phone_sends_no_follow_up(make_case, people, run, sms_outbox):
    case = make_case(State.VERIFIED, reporter_phone="")
    run(services.close_case, case_id=case.pk, actor=people.intake)
    assert not FollowUp.objects.exists() and sms_outbox == []
    assert Case.objects.get(pk=case.pk).events.last().changes["follow_up"] is False


def test_a_refused_action_stores_none_of_its_photos(make_case, people, media):
    case = make_case(State.IN_PROGRESS)
    before, files = snapshot(case), sorted(media.rglob("*"))
    with pytest.raises(services.TransitionRefused):
        services.report_handled(case_id=case.pk, actor=people.other_handler, note="已处理", photos=[photo()])
    assert snapshot(case) == before and sorted(media.rglob("*")) == files
