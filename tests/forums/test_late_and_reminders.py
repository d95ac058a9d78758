"""The late list (communities with no forum held in their last period, for a monthly schedule last month)
and the reminders job: a forum coming up, a period ending without a forum; each sent once."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from chengguan.core.models import Notification
from chengguan.forums import selectors, services
from chengguan.forums.models import ForumEvent
from chengguan.ops.jobs import BY_NAME

from .conftest import COMMUNITY, COMMUNITY_2, held_forum, last_month_day

pytestmark = pytest.mark.django_db


def late_names(user, today=None):
    rows = selectors.schedule_rows(user, today=today or timezone.localdate(), late_only=True)
    return [row.schedule.community.name for row in rows]


def test_a_community_without_a_forum_last_month_is_late(
    schedules, street_handler, other_street, civility, leader
):
    held_forum(schedules[COMMUNITY], street_handler, last_month_day())
    assert late_names(civility) == ["长江社区"]
    # A forum this month does not make up for last month; one held last month (late but held) does.
    held_forum(schedules[COMMUNITY_2], other_street, timezone.localdate())
    assert late_names(civility) == ["长江社区"]
    held_forum(schedules[COMMUNITY_2], other_street, last_month_day())
    assert late_names(civility) == []


@pytest.fixture
def leader(people):
    return people.leader


def test_each_street_office_sees_its_own_communities(schedules, street_handler, other_street, leader, people):
    def names(user):
        return [r.schedule.community.name for r in selectors.schedule_rows(user, today=timezone.localdate())]

    assert names(street_handler) == ["百牙社区"]
    assert names(other_street) == ["长江社区"]
    assert sorted(names(leader)) == ["百牙社区", "长江社区"]
    assert names(people.handler) == []  # a handler of another unit organises no forums


def test_a_switched_off_or_new_schedule_is_never_late(schedules, civility, offices):
    from .conftest import community

    services.set_schedule(
        actor=civility, community=community(), department=offices["341702001"], is_active=False
    )
    services.set_schedule(
        actor=civility,
        community=community(COMMUNITY_2),
        department=offices["341702002"],
        starts_on=timezone.localdate(),
    )
    assert late_names(civility) == []


def test_reminders_of_a_forum_coming_up_and_of_a_period_ending(
    schedules, street_handler, other_street, django_capture_on_commit_callbacks
):
    today = date(2026, 6, 27)  # the month ends in 3 days: inside the 5 reminder days
    forum = services.schedule_forum(
        actor=street_handler,
        schedule_id=schedules[COMMUNITY].pk,
        day=today + timedelta(days=2),
        place="会议室",
    )
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.send_reminders(actor=services.REMINDERS_ACTOR, today=today)
    assert counts == {"forums": 1, "periods": 1}
    coming = Notification.objects.get(kind="forums.forum_due")
    due = Notification.objects.get(kind="forums.period_due")
    assert (
        coming.recipient == street_handler and due.recipient == other_street
    )  # 长江社区 has nothing scheduled
    assert services.send_reminders(actor=services.REMINDERS_ACTOR, today=today) == {"forums": 0, "periods": 0}
    forum.refresh_from_db()
    assert forum.reminded_at is not None
    event = ForumEvent.objects.filter(action="remind").first()
    assert event.by_system and event.actor_name == "system:forum_reminders"


def test_no_reminder_before_the_reminder_days(schedules, street_handler):
    services.schedule_forum(
        actor=street_handler, schedule_id=schedules[COMMUNITY].pk, day=date(2026, 6, 20), place="会议室"
    )
    assert services.send_reminders(actor=services.REMINDERS_ACTOR, today=date(2026, 6, 10)) == {
        "forums": 0,
        "periods": 0,
    }


def test_the_job_runs_the_command(schedules, capsys):
    assert BY_NAME["forum_reminders"].command == "forum_reminders"
    call_command("forum_reminders", "--today", "2026-06-28")
    assert "reminder(s) of a forum due sent" in capsys.readouterr().out


def test_the_command_refuses_a_bad_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--today must be a date"):
        call_command("forum_reminders", "--today", "june")
