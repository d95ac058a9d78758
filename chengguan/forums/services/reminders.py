"""The periodic job: remind the organisers of a forum coming up, and of a period drawing to its end with no
forum held or scheduled in it. Each reminder is sent once (the forum's `reminded_at`, the schedule's
`reminded_period`)."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chengguan.core.notify import Message, notify_users
from chengguan.core.refusals import require_actor
from chengguan.org.selectors import staff_with_role

from ..models import Forum, ForumAction, ForumSchedule, ForumState
from ..periods import period_containing
from ..rules import ORGANISER_ROLES
from .common import log_event


def organisers(schedule: ForumSchedule) -> list:
    """The accounts of the organising unit's staff who run its forums."""
    found = []
    for role in ORGANISER_ROLES:
        found.extend(s.user for s in staff_with_role(role, schedule.department) if s.user_id)
    return found


@transaction.atomic
def send_reminders(*, actor, today: date | None = None) -> dict:
    require_actor(actor)
    today = today or timezone.localdate()
    counts = {"forums": 0, "periods": 0}
    horizon = today + timedelta(days=31 * 12 + 28)
    schedules = (
        ForumSchedule.objects.select_for_update(of=("self",))
        .filter(is_active=True)
        .select_related("community", "department")
        .prefetch_related(
            Prefetch(
                "forums",
                queryset=Forum.objects.filter(
                    state__in=(ForumState.SCHEDULED, ForumState.HELD),
                    date__gte=today - timedelta(days=31 * 12),
                    date__lte=horizon,
                ).prefetch_related("participants__staff__user"),
                to_attr="live_forums",
            )
        )
    )
    for schedule in schedules:
        counts["forums"] += _remind_forums(schedule, actor, today)
        counts["periods"] += _remind_period(schedule, actor, today)
    return counts


def _remind_forums(schedule: ForumSchedule, actor, today: date) -> int:
    sent = 0
    for forum in schedule.live_forums:
        days = (forum.date - today).days
        if forum.state != ForumState.SCHEDULED or forum.reminded_at or not 0 <= days <= schedule.remind_days:
            continue
        staff = [p.staff.user for p in forum.participants.all() if p.staff_id and p.staff.user_id]
        notify_users(
            organisers(schedule) + staff,
            Message(
                subject=gettext_lazy("Community forum coming up"),
                body=_("The forum of %(community)s is on %(date)s at %(place)s.")
                % {
                    "community": schedule.community.name,
                    "date": forum.date.isoformat(),
                    "place": forum.place,
                },
                link=reverse("forums:forum", args=[forum.pk]),
                kind="forums.forum_due",
            ),
        )
        Forum.objects.filter(pk=forum.pk).update(reminded_at=timezone.now())
        log_event(schedule, action=ForumAction.REMIND, actor=actor, forum=forum, date=forum.date.isoformat())
        sent += 1
    return sent


def _remind_period(schedule: ForumSchedule, actor, today: date) -> int:
    period = period_containing(schedule.starts_on, schedule.interval_months, today)
    if period is None or schedule.reminded_period == period.start:
        return 0
    if (period.end - today).days > schedule.remind_days:
        return 0
    if any(forum.date in period for forum in schedule.live_forums):
        return 0
    notify_users(
        organisers(schedule),
        Message(
            subject=gettext_lazy("Community forum due"),
            body=_("No forum of %(community)s is held or scheduled for %(period)s; it is due by %(due)s.")
            % {"community": schedule.community.name, "period": period.label, "due": period.end.isoformat()},
            link=reverse("forums:community", args=[schedule.community_id]),
            kind="forums.period_due",
        ),
    )
    schedule.reminded_period = period.start
    schedule.save(update_fields=["reminded_period", "updated_at"])
    log_event(schedule, action=ForumAction.REMIND, actor=actor, period=period.label)
    return 1
