"""Schedules per community and the forums on them: schedule, participants, hold with the minutes, cancel."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.core.refusals import require_actor, required
from chengguan.grid.models import AreaLevel

from ..models import (
    MAX_INTERVAL_MONTHS,
    MAX_REMIND_DAYS,
    Forum,
    ForumAction,
    ForumSchedule,
    ForumState,
    Participant,
    ParticipantKind,
)
from ..periods import month_start
from .common import (
    Code,
    ForumRefused,
    lock_forum,
    lock_schedule,
    log_event,
    person,
    require_configure,
    require_run,
    require_state,
)

FAR = timedelta(days=366)  # a forum is scheduled or recorded within a year of today
COMMUNITY_MEMBERS = (ParticipantKind.CADRE, ParticipantKind.RESIDENT)


@transaction.atomic
def set_schedule(
    *,
    actor,
    community,
    department,
    interval_months: int = 1,
    remind_days: int = 5,
    starts_on: date | None = None,
    is_active: bool = True,
) -> ForumSchedule:
    """Create the community's schedule, or change it (the organiser, the interval, the reminder)."""
    require_configure(actor)
    required(community=community, department=department)
    errors = {}
    if community.level != AreaLevel.COMMUNITY:
        errors["community"] = [_("Choose a community.")]
    if not department.is_active:
        errors["department"] = [_("%(name)s is not active.") % {"name": department}]
    if not isinstance(interval_months, int) or not 1 <= interval_months <= MAX_INTERVAL_MONTHS:
        errors["interval_months"] = [_("A forum is due every 1 to 12 months.")]
    if not isinstance(remind_days, int) or not 0 <= remind_days <= MAX_REMIND_DAYS:
        errors["remind_days"] = [_("Remind 0 to 28 days before a forum is due.")]
    if errors:
        raise ValidationError(errors)
    existing = ForumSchedule.objects.filter(community=community).values_list("pk", "starts_on").first()
    if starts_on is None:  # a new schedule starts this month; a changed one keeps its start
        starts_on = existing[1] if existing else timezone.localdate()
    starts_on = month_start(starts_on)
    values = {
        "department": department,
        "interval_months": interval_months,
        "remind_days": remind_days,
        "starts_on": starts_on,
        "is_active": is_active,
    }
    if existing is None:
        schedule = ForumSchedule.objects.create(community=community, **values)
        old = {}
    else:
        schedule = lock_schedule(existing[0])
        old = {name: getattr(schedule, name) for name in values}
        for name, value in values.items():
            setattr(schedule, name, value)
        schedule.save()
    changes = {
        name: [_plain(old.get(name)), _plain(value)]
        for name, value in values.items()
        if old.get(name) != value
    }
    log_event(schedule, action=ForumAction.SET_SCHEDULE, actor=actor, **changes)
    return schedule


def _plain(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, date):
        return value.isoformat()
    return getattr(value, "pk", str(value))


def _check_day(day: date, field: str = "date") -> None:
    today = timezone.localdate()
    if day is None:
        raise ValidationError({field: [_("This field is required.")]})
    if abs(day - today) > FAR:
        raise ValidationError({field: [_("Choose a day within a year of today.")]})


@transaction.atomic
def schedule_forum(*, actor, schedule_id: int, day: date, place: str, topic: str = "") -> Forum:
    """A forum of the community on a day, at a place."""
    require_actor(actor)
    schedule = lock_schedule(schedule_id)
    require_run(actor, schedule)
    if not schedule.is_active:
        raise ForumRefused(
            _("The schedule of %(community)s is switched off.") % {"community": schedule.community},
            code=Code.SCHEDULE_INACTIVE,
        )
    cleaned = required(place=place)
    _check_day(day)
    if len(cleaned["place"]) > 200 or len((topic or "").strip()) > 200:
        raise ValidationError({"place": [_("At most 200 characters.")]})
    forum = Forum.objects.create(
        schedule=schedule,
        date=day,
        place=cleaned["place"],
        topic=(topic or "").strip(),
        created_by=person(actor),
    )
    log_event(
        schedule,
        action=ForumAction.SCHEDULE,
        actor=actor,
        forum=forum,
        date=day.isoformat(),
        place=forum.place,
    )
    return forum


@transaction.atomic
def add_participant(
    *, actor, forum_id: int, kind: str, name: str = "", staff=None, note: str = ""
) -> Participant:
    """A community cadre or residents' representative by name, or a staff member of the bureau."""
    schedule, forum = lock_forum(forum_id, actor)
    require_state(forum, ForumState.SCHEDULED, ForumState.HELD)
    name, note = (name or "").strip(), (note or "").strip()
    if kind not in ParticipantKind.values:
        raise ValidationError({"kind": [_("Choose the kind of participant.")]})
    if kind == ParticipantKind.STAFF:
        if staff is None or not staff.is_active:
            raise ValidationError({"staff": [_("Choose an active staff member.")]})
        name = ""
        if forum.participants.filter(staff=staff).exists():
            raise ForumRefused(
                _("%(name)s is on the list already.") % {"name": staff.name}, code=Code.DUPLICATE_PARTICIPANT
            )
    else:
        staff = None
        if not name:
            raise ValidationError({"name": [_("Give the participant's name.")]})
        if len(name) > 50 or len(note) > 100:
            raise ValidationError({"name": [_("The name may have at most 50 characters.")]})
    participant = Participant.objects.create(forum=forum, kind=kind, name=name, staff=staff, note=note[:100])
    log_event(
        schedule,
        action=ForumAction.PARTICIPANT,
        actor=actor,
        forum=forum,
        kind=kind,
        staff=staff.pk if staff else None,
    )
    return participant


@transaction.atomic
def remove_participant(*, actor, forum_id: int, participant_id: int) -> None:
    schedule, forum = lock_forum(forum_id, actor)
    require_state(forum, ForumState.SCHEDULED)
    participant = forum.participants.filter(pk=participant_id).first()
    if participant is None:
        raise ValidationError({"participant": [_("No such participant of this forum.")]})
    participant.delete()
    log_event(
        schedule, action=ForumAction.REMOVE_PARTICIPANT, actor=actor, forum=forum, participant=participant_id
    )


@transaction.atomic
def hold_forum(*, actor, forum_id: int, minutes: str, held_on: date | None = None) -> Forum:
    """The forum took place (on `held_on`, by default the day it was scheduled for): its minutes are kept.
    It needs at least one community cadre or residents' representative on its list."""
    schedule, forum = lock_forum(forum_id, actor)
    require_state(forum, ForumState.SCHEDULED)
    cleaned = required(minutes=minutes)
    held_on = held_on or forum.date
    _check_day(held_on, "held_on")
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": [_("A forum cannot be minuted before the day it is held.")]})
    if not forum.participants.filter(kind__in=COMMUNITY_MEMBERS).exists():
        raise ForumRefused(
            _("Add the community cadres and residents' representatives who took part first."),
            code=Code.NO_PARTICIPANTS,
        )
    old_date = forum.date
    forum.state, forum.date, forum.minutes = ForumState.HELD, held_on, cleaned["minutes"]
    forum.minuted_at, forum.minuted_by = timezone.now(), person(actor)
    forum.save()
    changes = {"date": [old_date.isoformat(), held_on.isoformat()]} if old_date != held_on else {}
    log_event(schedule, action=ForumAction.HOLD, actor=actor, forum=forum, **changes)
    return forum


@transaction.atomic
def cancel_forum(*, actor, forum_id: int, reason: str) -> Forum:
    schedule, forum = lock_forum(forum_id, actor)
    require_state(forum, ForumState.SCHEDULED)
    cleaned = required(reason=reason)
    forum.state, forum.cancel_reason = ForumState.CANCELLED, cleaned["reason"]
    forum.save(update_fields=["state", "cancel_reason", "updated_at"])
    log_event(schedule, action=ForumAction.CANCEL, actor=actor, forum=forum, note=cleaned["reason"])
    return forum
