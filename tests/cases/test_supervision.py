"""督办: `chengguan supervise` marks cases a department holds as due soon or overdue, sends one notice per
level, repeats the overdue notice every working day escalating it to the shift leads, and clears marks
that no longer apply. The clock is fixed with `now` / `--now`; case steps run with a patched clock.

The case in most tests is exposed garbage (S0102, 4 working hours) dispatched to 环卫处 on Monday
2025-03-03 at 09:00: its deadline is 15:30 the same day (office hours 08:30–12:00, 14:30–17:30), and it is
due soon once fewer than max(25 % × 4 h, 2 h) = 2 working hours are left, i.e. after 11:00."""

import io
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.utils.translation import gettext

from chengguan.cases import services, supervision
from chengguan.cases.models import Case, CaseEvent, SupervisionNotice
from chengguan.cases.states import Action, State, SupervisionLevel
from chengguan.cases.tasks import supervise_cases
from chengguan.core.models import Notification
from chengguan.org.models import Department, DepartmentKind
from chengguan.org.roles import RoleCode as R
from tests.factories import StaffFactory, UserFactory

from .conftest import DEPT_A, KIOSK

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
L = SupervisionLevel


def t(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in March 2025: day 3 is a Monday, 7 a Friday, 10 the next Monday."""
    return datetime(2025, 3, day, hour, minute, tzinfo=TZ)


DISPATCHED = t(3, 9)
DEADLINE = t(3, 15, 30)


@contextmanager
def clock(moment: datetime):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


@pytest.fixture
def garbage_case(make_case):
    with clock(DISPATCHED):
        case = make_case(State.IN_PROGRESS)
    assert case.deadline == DEADLINE and case.department.code == DEPT_A
    return case


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """One supervision run at `now`, committed: the notifications it queues are delivered (the tests'
    task backend runs tasks at once)."""

    def run_(now: datetime, **kwargs) -> supervision.Report:
        with django_capture_on_commit_callbacks(execute=True):
            return supervision.supervise(now=now, **kwargs)

    return run_


def mark(case: Case) -> str:
    return Case.objects.get(pk=case.pk).supervision


def supervision_inbox(user) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user, kind="case.supervision")
        .order_by("id")
        .values_list("subject", flat=True)
    )


def test_threshold_is_a_quarter_of_the_limit_or_two_working_hours_but_at_most_half(settings):
    assert supervision.threshold_hours(Decimal("4"), "hours") == 2.0  # 25 % = 1 h < 2 h
    assert supervision.threshold_hours(Decimal("2"), "hours") == 1.0  # not due soon the moment it arrives
    assert supervision.threshold_hours(Decimal("5"), "days") == 8.125  # 25 % of 5 × 6.5 office hours
    assert supervision.threshold_hours(None, "") == 2.0
    settings.CHENGGUAN_DUE_SOON_FRACTION, settings.CHENGGUAN_DUE_SOON_HOURS = 0.5, 1
    assert supervision.threshold_hours(Decimal("4"), "hours") == 2.0
    assert supervision.threshold_hours(Decimal("1"), "hours") == 0.5


def test_due_soon_then_overdue_one_notice_per_level(garbage_case, run):
    report = run(t(3, 10, 30))  # 2.5 working hours left
    assert (report.due_soon, report.overdue, len(report.notices)) == (0, 0, 0)
    assert mark(garbage_case) == L.NONE

    report = run(t(3, 11, 30))  # 1.5 working hours left
    assert (report.due_soon, len(report.notices)) == (1, 1)
    assert mark(garbage_case) == L.DUE_SOON
    assert run(t(3, 11, 35)).notices == []  # a second run sends nothing new
    assert run(t(3, 15, 29)).notices == []

    report = run(t(3, 15, 31))
    assert (report.due_soon, report.overdue, report.escalated, len(report.notices)) == (0, 1, 0, 1)
    assert mark(garbage_case) == L.OVERDUE
    assert run(t(3, 15, 40)).notices == []

    notices = list(SupervisionNotice.objects.filter(case=garbage_case).order_by("sent_at"))
    assert [(n.level, n.sent_at) for n in notices] == [(L.DUE_SOON, t(3, 11, 30)), (L.OVERDUE, t(3, 15, 31))]
    assert all(n.department.code == DEPT_A for n in notices)
    events = CaseEvent.objects.filter(case=garbage_case, action=Action.SUPERVISE).order_by("at")
    assert [e.changes["supervision"] for e in events] == [["", "due_soon"], ["due_soon", "overdue"]]
    for event in events:
        assert event.actor is None and event.by_system and event.actor_name == "system:supervise"
        assert event.actor_label == gettext("automatic supervision")
        assert not event.is_public and event.from_state == "" and event.to_state == ""
    assert Case.objects.get(pk=garbage_case.pk).state == State.IN_PROGRESS


def test_notices_reach_the_department_handlers_and_its_leader(garbage_case, people, run):
    run(t(3, 11, 30))
    # 环卫处 has handlers (and a unit below it); it has no leader of its own, so the bureau's leaders hear.
    for user in (people.handler, people.officer, people.unit_handler, people.leader, people.boss):
        assert len(supervision_inbox(user)) == 1, user.username
    for user in (people.other_handler, people.dispatcher, people.shift_lead, people.intake):
        assert supervision_inbox(user) == [], user.username
    notice = SupervisionNotice.objects.get(case=garbage_case)
    assert {(r["name"], r["role"]) for r in notice.recipients} == {
        ("handler", "handler"),
        ("officer", "handler"),
        ("unit_handler", "handler"),
        ("leader", "leader"),
        ("boss", "leader"),
    }
    assert garbage_case.number in supervision_inbox(people.handler)[0]


def test_a_department_leader_is_told_instead_of_the_bureau(garbage_case, departments, run):
    chief = StaffFactory(
        user=UserFactory(username="chief"), department=departments[DEPT_A], roles=[R.LEADER]
    ).user
    outside = Department.objects.create(code="EXT-X", name="外单位", kind=DepartmentKind.EXTERNAL)
    run(t(3, 11, 30))
    assert len(supervision_inbox(chief)) == 1
    assert {s.user.username for s in supervision.department_leaders(departments[DEPT_A])} == {"chief"}
    assert {s.user.username for s in supervision.department_leaders(outside)} == {"leader", "boss"}


def test_overdue_repeats_each_working_day_and_escalates_to_shift_leads(garbage_case, people, run):
    run(t(3, 16))  # first overdue notice: Monday 16:00
    assert supervision_inbox(people.shift_lead) == []
    assert run(t(4, 15, 59)).notices == []  # less than one working day (6.5 office hours) later

    report = run(t(4, 16))  # Tuesday 16:00: one working day later
    assert [(n.level, n.sequence) for n in report.notices] == [(L.ESCALATED, 2)]
    assert report.escalated == 1 and mark(garbage_case) == L.ESCALATED
    assert len(supervision_inbox(people.shift_lead)) == 1
    assert run(t(4, 17)).notices == []

    report = run(t(5, 16, 30))  # Wednesday: the third notice, still escalated
    assert [(n.level, n.sequence) for n in report.notices] == [(L.ESCALATED, 3)]
    assert len(supervision_inbox(people.shift_lead)) == 2
    assert len(supervision_inbox(people.handler)) == 3
    assert list(
        SupervisionNotice.objects.filter(case=garbage_case)
        .order_by("sent_at")
        .values_list("level", flat=True)
    ) == [L.OVERDUE, L.ESCALATED, L.ESCALATED]


def test_no_repeat_over_the_weekend(make_case, run):
    with clock(t(7, 9)):  # Friday: due Friday 15:30
        case = make_case(State.DISPATCHED)
    run(t(7, 16))
    assert mark(case) == L.OVERDUE
    assert run(t(8, 16)).notices == []  # Saturday: no office time passes
    assert run(t(10, 15, 59)).notices == []  # Monday: 1.5 h on Friday + 5 h on Monday = 6.5 h at 16:00
    assert [n.level for n in run(t(10, 16)).notices] == [L.ESCALATED]


def test_an_approved_extension_clears_the_mark(garbage_case, people, run):
    run(t(3, 16))
    assert mark(garbage_case) == L.OVERDUE
    with clock(t(3, 16, 30)):
        services.request_extension(
            case_id=garbage_case.pk, actor=people.handler, working_days=2, reason="等配件"
        )
        services.decide_request(case_id=garbage_case.pk, actor=people.shift_lead, approve=True)
    assert Case.objects.get(pk=garbage_case.pk).deadline == t(5, 15, 30)  # two working days later

    report = run(t(3, 16, 35))
    assert (report.cleared, report.overdue, report.notices) == (1, 0, [])
    assert mark(garbage_case) == L.NONE
    report = run(t(5, 14, 30))  # 1 working hour left on the new deadline: due soon again, a new notice
    assert [n.level for n in report.notices] == [L.DUE_SOON]


def test_cases_that_leave_the_department_lose_their_mark(garbage_case, people, run):
    run(t(3, 16))
    with clock(t(3, 16, 30)):
        services.report_handled(case_id=garbage_case.pk, actor=people.handler, note="已清运")
    assert mark(garbage_case) == L.NONE
    report = run(t(4, 17))
    assert (report.checked, report.notices) == (0, [])
    assert mark(garbage_case) == L.NONE


def test_only_cases_near_their_deadline_are_examined(garbage_case, make_case, run):
    with clock(DISPATCHED):
        kiosk = make_case(State.DISPATCHED, category=KIOSK)  # 5 working days: due Monday 2025-03-10 09:00
    assert supervision.candidate_ids(t(3, 10)) == []
    assert supervision.candidate_ids(t(3, 11, 30)) == [garbage_case.pk]
    # 8.125 working hours before the kiosk's deadline: Thursday 16:22:30.
    assert kiosk.pk not in supervision.candidate_ids(t(6, 16, 20))
    assert kiosk.pk in supervision.candidate_ids(t(6, 16, 25))
    report = run(t(6, 16, 25))
    assert (report.checked, report.examined, report.due_soon, report.escalated) == (2, 2, 1, 0)
    assert mark(kiosk) == L.DUE_SOON


def test_command_prints_a_summary(garbage_case):
    out = io.StringIO()
    call_command("supervise", "--now", "2025-03-03T16:00", stdout=out)
    assert (
        "supervision at 2025-03-03 16:00: checked 1 cases, due soon 0, overdue 1, escalated 0, "
        "1 notices sent, 0 marks cleared"
    ) in out.getvalue()
    assert mark(garbage_case) == L.OVERDUE
    out = io.StringIO()
    call_command("supervise", "--now", "2025-03-03T16:05+08:00", stdout=out)
    assert "overdue 1, escalated 0, 0 notices sent" in out.getvalue()


def test_dry_run_reports_and_writes_nothing(garbage_case, django_capture_on_commit_callbacks):
    before = (CaseEvent.objects.count(), Case.objects.get(pk=garbage_case.pk).updated_at)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("supervise", "--dry-run", "--now", "2025-03-03T16:00", stdout=out)
    text = out.getvalue()
    assert f"would send overdue notice 1 for {garbage_case.number} (环卫处) to 5 people" in text
    assert "[dry run]" in text and "1 notices would be sent" in text
    assert callbacks == []
    assert not SupervisionNotice.objects.exists() and not Notification.objects.exists()
    assert (CaseEvent.objects.count(), Case.objects.get(pk=garbage_case.pk).updated_at) == before
    assert mark(garbage_case) == L.NONE


def test_command_refuses_bad_options():
    with pytest.raises(CommandError, match="--now"):
        call_command("supervise", "--now", "tomorrow", stdout=io.StringIO())
    with pytest.raises(CommandError, match="--loop"):
        call_command("supervise", "--loop", "0", stdout=io.StringIO())
    with pytest.raises(CommandError, match="cannot be combined"):
        call_command("supervise", "--loop", "60", "--now", "2025-03-03T16:00", stdout=io.StringIO())


def test_the_task_runs_a_supervision(garbage_case):
    result = supervise_cases.enqueue(now="2025-03-03T11:30")
    assert result.return_value["due_soon"] == 1 and result.return_value["notices"] == 1
    assert mark(garbage_case) == L.DUE_SOON
