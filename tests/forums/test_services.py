"""The forum services: schedules, a forum from scheduled to held, opinions answered directly or carried by
a case to its closing, and every refusal with its code, changing nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from chengguan.cases import services as cases
from chengguan.cases.models import Case
from chengguan.cases.states import State
from chengguan.forums import selectors, services
from chengguan.forums.models import ForumEvent, ForumOpinion, ForumState, OpinionState, is_answered
from chengguan.grid.models import Area
from chengguan.org.models import Staff
from tests.cases.conftest import DEPT_A, GARBAGE, photo
from tests.missing_actor import assert_services_require_actor

from .conftest import COMMUNITY, COMMUNITY_2, community, held_forum, last_month_day

pytestmark = pytest.mark.django_db


def test_every_service_needs_an_actor():
    assert_services_require_actor(services)


def test_only_the_civility_office_and_administrators_set_schedules(grid, street_handler, civility, offices):
    with pytest.raises(PermissionDenied):
        services.set_schedule(actor=street_handler, community=community(), department=offices["341702001"])
    schedule = services.set_schedule(
        actor=civility, community=community(), department=offices["341702001"], interval_months=2
    )
    assert schedule.interval_months == 2 and schedule.starts_on.day == 1
    again = services.set_schedule(actor=civility, community=community(), department=offices["341702001"])
    assert again.pk == schedule.pk and again.interval_months == 1
    assert [e.action for e in ForumEvent.objects.filter(schedule=schedule)] == [
        "set_schedule",
        "set_schedule",
    ]


def test_changing_a_schedule_keeps_its_start(schedules, civility, offices):
    start = schedules[COMMUNITY].starts_on
    changed = services.set_schedule(
        actor=civility, community=community(), department=offices["341702001"], interval_months=3
    )
    assert changed.starts_on == start and changed.interval_months == 3


def test_a_schedule_refuses_bad_settings(grid, civility, offices):
    street = Area.objects.get(code="341702001")
    with pytest.raises(ValidationError) as caught:
        services.set_schedule(
            actor=civility,
            community=street,
            department=offices["341702001"],
            interval_months=13,
            remind_days=40,
        )
    assert set(caught.value.message_dict) == {"community", "interval_months", "remind_days"}


def test_a_forum_is_scheduled_held_and_minuted_by_its_street_office(schedules, street_handler):
    day = timezone.localdate()
    forum = services.schedule_forum(
        actor=street_handler,
        schedule_id=schedules[COMMUNITY].pk,
        day=day,
        place="百牙社区会议室",
        topic="市容",
    )
    assert forum.state == ForumState.SCHEDULED
    staff = Staff.objects.get(user=street_handler)
    services.add_participant(actor=street_handler, forum_id=forum.pk, kind="staff", staff=staff)
    with pytest.raises(services.ForumRefused) as caught:  # no cadre or representative yet
        services.hold_forum(actor=street_handler, forum_id=forum.pk, minutes="纪要")
    assert caught.value.code == services.Code.NO_PARTICIPANTS
    services.add_participant(actor=street_handler, forum_id=forum.pk, kind="resident", name="王秀英")
    with pytest.raises(ValidationError):
        services.hold_forum(actor=street_handler, forum_id=forum.pk, minutes="  ")
    with pytest.raises(ValidationError) as caught:
        services.hold_forum(
            actor=street_handler, forum_id=forum.pk, minutes="纪要", held_on=day + timedelta(days=1)
        )
    assert "held_on" in caught.value.message_dict
    held = services.hold_forum(actor=street_handler, forum_id=forum.pk, minutes="居民反映路灯不亮。")
    assert (
        held.state == ForumState.HELD
        and held.minuted_by == street_handler
        and held.minutes.startswith("居民")
    )
    with pytest.raises(services.ForumRefused):
        services.cancel_forum(actor=street_handler, forum_id=forum.pk, reason="下雨")
    actions = list(ForumEvent.objects.filter(forum=forum).values_list("action", "actor_name"))
    assert [a for a, _ in actions] == ["schedule", "participant", "participant", "hold"]
    assert {n for _, n in actions} == {"street_handler"}


def test_another_streets_office_may_not_run_the_forum(schedules, other_street, street_handler):
    with pytest.raises(PermissionDenied):
        services.schedule_forum(
            actor=other_street, schedule_id=schedules[COMMUNITY].pk, day=timezone.localdate(), place="会议室"
        )
    forum = services.schedule_forum(
        actor=other_street, schedule_id=schedules[COMMUNITY_2].pk, day=timezone.localdate(), place="会议室"
    )
    with pytest.raises(PermissionDenied):
        services.cancel_forum(actor=street_handler, forum_id=forum.pk, reason="改期")
    assert services.cancel_forum(actor=other_street, forum_id=forum.pk, reason="改期").state == "cancelled"


def test_a_forum_far_away_or_on_a_switched_off_schedule_is_refused(
    schedules, street_handler, civility, offices
):
    with pytest.raises(ValidationError):
        services.schedule_forum(
            actor=street_handler,
            schedule_id=schedules[COMMUNITY].pk,
            day=timezone.localdate() + timedelta(days=400),
            place="会议室",
        )
    services.set_schedule(
        actor=civility, community=community(), department=offices["341702001"], is_active=False
    )
    with pytest.raises(services.ForumRefused) as caught:
        services.schedule_forum(
            actor=street_handler,
            schedule_id=schedules[COMMUNITY].pk,
            day=timezone.localdate(),
            place="会议室",
        )
    assert caught.value.code == services.Code.SCHEDULE_INACTIVE


def test_opinions_are_recorded_only_at_a_held_forum(schedules, street_handler):
    forum = services.schedule_forum(
        actor=street_handler, schedule_id=schedules[COMMUNITY].pk, day=timezone.localdate(), place="会议室"
    )
    with pytest.raises(services.ForumRefused) as caught:
        services.record_opinion(actor=street_handler, forum_id=forum.pk, text="路灯不亮")
    assert caught.value.code == services.Code.NOT_HELD


def test_an_opinion_becomes_a_case_and_is_answered_when_the_case_closes(
    schedules, street_handler, people, departments, categories, media
):
    forum = held_forum(
        schedules[COMMUNITY], street_handler, last_month_day(), opinions=["小区门口垃圾堆放多日无人清运"]
    )
    opinion = forum.opinions.get()
    services.refer_opinion(
        actor=street_handler, opinion_id=opinion.pk, category=GARBAGE, address="百牙社区东门"
    )
    opinion.refresh_from_db()
    case = Case.objects.get(pk=opinion.case_id)
    assert opinion.state == OpinionState.REFERRED and not is_answered(opinion)
    assert (case.origin_type, case.origin_id) == ("forums.opinion", str(opinion.pk))
    assert case.state == State.REPORTED and case.category.code == GARBAGE and "社区座谈会" not in case.address
    assert "百牙社区" in case.description and case.address == "百牙社区东门"
    with pytest.raises(services.ForumRefused) as caught:
        services.answer_opinion(actor=street_handler, opinion_id=opinion.pk, answer="已处理")
    assert caught.value.code == services.Code.CASE_OPEN
    with pytest.raises(services.ForumRefused) as caught:
        services.refer_opinion(actor=street_handler, opinion_id=opinion.pk)
    assert caught.value.code == services.Code.OPINION_STATE

    cases.accept_and_dispatch(case_id=case.pk, actor=people.dispatcher, department=departments[DEPT_A])
    cases.start_handling(case_id=case.pk, actor=people.handler)
    cases.report_handled(case_id=case.pk, actor=people.handler, note="已清运", photos=[photo()])
    cases.verify_case(case_id=case.pk, actor=people.inspector, passed=True)
    cases.close_case(case_id=case.pk, actor=people.intake)
    opinion = ForumOpinion.objects.select_related("case").get(pk=opinion.pk)
    assert is_answered(opinion)
    year = selectors.year_grid(street_handler, year=forum.date.year)
    row = next(r for r in year if r.schedule.community.code == COMMUNITY)
    assert (row.opinions, row.answered, row.month_cells[forum.date.month - 1]) == (1, 1, 1)


def test_an_opinion_is_answered_directly_and_a_rejected_case_needs_an_answer(
    schedules, street_handler, people, categories
):
    forum = held_forum(
        schedules[COMMUNITY], street_handler, last_month_day(), opinions=["希望增加宣传", "停车难"]
    )
    first, second = forum.opinions.order_by("pk")
    services.answer_opinion(actor=street_handler, opinion_id=first.pk, answer="下月开展宣传活动。")
    first.refresh_from_db()
    assert first.state == OpinionState.ANSWERED and first.answered_by == street_handler
    with pytest.raises(services.ForumRefused):
        services.answer_opinion(actor=street_handler, opinion_id=first.pk, answer="再答一次")
    services.refer_opinion(actor=street_handler, opinion_id=second.pk)
    second.refresh_from_db()
    cases.reject_case(case_id=second.case_id, actor=people.dispatcher, reason="不属于城管职责")
    services.answer_opinion(actor=street_handler, opinion_id=second.pk, answer="已转交交警部门。")
    second.refresh_from_db()
    assert second.state == OpinionState.ANSWERED and second.case_id


def test_participants_are_named_or_staff_and_listed_once(schedules, street_handler):
    forum = services.schedule_forum(
        actor=street_handler, schedule_id=schedules[COMMUNITY].pk, day=timezone.localdate(), place="会议室"
    )
    with pytest.raises(ValidationError):
        services.add_participant(actor=street_handler, forum_id=forum.pk, kind="cadre", name=" ")
    with pytest.raises(ValidationError):
        services.add_participant(actor=street_handler, forum_id=forum.pk, kind="staff")
    with pytest.raises(ValidationError):
        services.add_participant(actor=street_handler, forum_id=forum.pk, kind="mayor", name="x")
    staff = Staff.objects.get(user=street_handler)
    services.add_participant(
        actor=street_handler, forum_id=forum.pk, kind="staff", staff=staff, name="ignored"
    )
    with pytest.raises(services.ForumRefused) as caught:
        services.add_participant(actor=street_handler, forum_id=forum.pk, kind="staff", staff=staff)
    assert caught.value.code == services.Code.DUPLICATE_PARTICIPANT
    cadre = services.add_participant(actor=street_handler, forum_id=forum.pk, kind="cadre", name="李书记")
    services.remove_participant(actor=street_handler, forum_id=forum.pk, participant_id=cadre.pk)
    assert [p.name for p in forum.participants.all()] == [""]
