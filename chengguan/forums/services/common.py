"""What every forum write shares: the refusal and its codes, the locks, the permission check and the
timeline row."""

from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from chengguan.core.actors import SystemActor, is_system
from chengguan.core.refusals import Refused, require_actor
from chengguan.org.timeline import record_event

from .. import rules
from ..models import Forum, ForumEvent, ForumOpinion, ForumSchedule

REMINDERS_ACTOR = SystemActor("forum_reminders")  # the periodic job


class Code(StrEnum):
    """Stable codes of the refusals of the forums app."""

    WRONG_STATE = "wrong_state"
    SCHEDULE_INACTIVE = "schedule_inactive"
    NO_PARTICIPANTS = "no_participants"
    NOT_HELD = "not_held"
    OPINION_STATE = "opinion_state"
    CASE_OPEN = "case_open"
    DUPLICATE_PARTICIPANT = "duplicate_participant"


class ForumRefused(Refused):
    """The action does not fit the forum's (or opinion's, schedule's) state; the message says why."""

    code = Code.WRONG_STATE


def person(actor):
    """The account to store on a row: none for a job of the system."""
    return None if is_system(actor) else actor


def require_configure(actor) -> None:
    require_actor(actor)
    if not is_system(actor) and not rules.may_configure(actor):
        raise PermissionDenied(_("Only the civility office and administrators set forum schedules."))


def require_run(actor, schedule: ForumSchedule) -> None:
    require_actor(actor)
    if not is_system(actor) and not rules.may_run_schedule(actor, schedule):
        raise PermissionDenied(
            _("You may not organise the forums of %(community)s.") % {"community": schedule}
        )


def lock_schedule(schedule_id: int) -> ForumSchedule:
    schedule = (
        ForumSchedule.objects.select_for_update(of=("self",))
        .select_related("community", "department")
        .filter(pk=schedule_id)
        .first()
    )
    if schedule is None:
        raise ValidationError({"schedule": [_("No such forum schedule.")]})
    return schedule


def lock_forum(forum_id: int, actor) -> tuple[ForumSchedule, Forum]:
    """The forum's schedule and the forum, locked in that order, after the permission check."""
    require_actor(actor)
    schedule_id = Forum.objects.filter(pk=forum_id).values_list("schedule_id", flat=True).first()
    if schedule_id is None:
        raise ValidationError({"forum": [_("No such forum.")]})
    schedule = lock_schedule(schedule_id)
    require_run(actor, schedule)
    return schedule, Forum.objects.select_for_update().get(pk=forum_id)


def lock_opinion(opinion_id: int, actor) -> tuple[ForumSchedule, Forum, ForumOpinion]:
    require_actor(actor)
    forum_id = ForumOpinion.objects.filter(pk=opinion_id).values_list("forum_id", flat=True).first()
    if forum_id is None:
        raise ValidationError({"opinion": [_("No such opinion.")]})
    schedule, forum = lock_forum(forum_id, actor)
    opinion = ForumOpinion.objects.select_for_update(of=("self",)).select_related("case").get(pk=opinion_id)
    return schedule, forum, opinion


def require_state(obj, *states: str) -> None:
    if obj.state not in states:
        raise ForumRefused(
            _("Not possible while it is %(state)s.") % {"state": obj.get_state_display()},
            code=Code.WRONG_STATE,
        )


def log_event(schedule, *, action: str, actor, note: str = "", forum=None, opinion=None, **changes):
    """The community's timeline row, through the one `record_event`."""
    return record_event(
        ForumEvent,
        actor=actor,
        action=action,
        note=note,
        changes=changes,
        schedule=schedule,
        forum=forum,
        opinion=opinion,
    )
