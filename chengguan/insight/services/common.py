"""What every 舆情 write shares: the refusal and its codes, the jobs' actors, the permission check and
the alert's timeline row."""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from chengguan.core.actors import SystemActor, is_system
from chengguan.core.refusals import Refused, require_actor
from chengguan.org.timeline import record_event

from ..models import Alert, AlertEvent

SPIKE_ACTOR = SystemActor("detect_spikes")  # the periodic spike check
DIGEST_ACTOR = SystemActor("weekly_digest")  # the weekly digest job


class Code(StrEnum):
    """Stable codes of the refusals of the insight app."""

    ALREADY_ACKNOWLEDGED = "already_acknowledged"
    DUPLICATE_ITEM = "duplicate_item"
    WEEK_NOT_OVER = "week_not_over"


class InsightRefused(Refused):
    """The action does not fit the state of the alert, item or digest; the message says why."""

    code = Code.ALREADY_ACKNOWLEDGED


def allowed(actor, predicate, obj=None) -> None:
    """A job of the system may; a person needs the predicate."""
    require_actor(actor)
    if is_system(actor):
        return
    if not (predicate(actor, obj) if obj is not None else predicate(actor)):
        raise PermissionDenied(_("You may not do this in public-opinion monitoring."))


def person(actor):
    return None if is_system(actor) else actor


def log_event(alert: Alert, *, action: str, actor, note: str = "", **changes) -> AlertEvent:
    return record_event(AlertEvent, actor=actor, action=action, note=note, changes=changes, alert=alert)
