"""What every notice write shares: outcome handlers, the lock, state checks, the event row.

Each call locks the notice, checks its state, writes a NoticeEvent in the same transaction and leaves
notifications for after the commit. The owner's outcome handler runs inside the transaction (see
`announce`): a handler that raises leaves the notice marked "outcome failed", retried until it succeeds.

States: draft → published → (window over) objection period over → confirmed; draft/published/period over
→ withdrawn. At the end of the window a notice with no pending and no upheld-unresolved objection is
confirmed at once; otherwise it stays "objection period over" (held) until the pending objections are
decided and the owner has revised it for every upheld one (a revision republishes it with a new window)."""

import logging
from collections.abc import Callable
from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.core import worktime
from chengguan.core.actors import PUBLIC as PUBLIC  # re-exported for the public page
from chengguan.core.actors import SystemActor, is_system
from chengguan.core.refusals import Refused, require_actor
from chengguan.org.timeline import record_event

from .. import rules
from ..models import (
    Decision,
    EventAction,
    Notice,
    NoticeEvent,
    State,
)

logger = logging.getLogger(__name__)

CLOSE_ACTOR = SystemActor("close_notices")  # the periodic job
OUTCOME_ACTOR = SystemActor("notice_outcome")  # who acts in an owner's outcome handler


class Code(StrEnum):
    """Stable codes of the refusals of notices."""

    WRONG_STATE = "wrong_state"
    PERIOD_OVER = "period_over"
    ALREADY_DECIDED = "already_decided"
    NOTHING_UPHELD = "nothing_upheld"
    NOTHING_TO_RETRY = "nothing_to_retry"


class NoticeRefused(Refused):
    """The action does not fit the notice's state; the message says why."""

    code = Code.WRONG_STATE


class Outcome:
    CONFIRMED = "confirmed"
    WITHDRAWN = "withdrawn"


# --- outcome handlers ------------------------------------------------------------------------------------

OutcomeHandler = Callable[[Notice, str], None]
_handlers: dict[str, list[OutcomeHandler]] = {}


def register_outcome_handler(subject_type: str, handler: OutcomeHandler) -> None:
    """Call `handler(notice, outcome)` whenever a notice about `subject_type` is confirmed or withdrawn
    (outcome: Outcome.CONFIRMED / Outcome.WITHDRAWN). The handler runs inside the notice's transaction (in
    a savepoint of its own) and acts as `OUTCOME_ACTOR`; it must be idempotent, since a handler that raised
    is run again (by `close_notices` or a member of staff) until it succeeds. Registering the same handler
    twice is a no-op; register from an AppConfig.ready()."""
    handlers = _handlers.setdefault(subject_type, [])
    if handler not in handlers:
        handlers.append(handler)


def unregister_outcome_handler(subject_type: str, handler: OutcomeHandler) -> None:
    if handler in _handlers.get(subject_type, []):
        _handlers[subject_type].remove(handler)


def outcome_of(notice: Notice) -> str | None:
    return {State.CONFIRMED: Outcome.CONFIRMED, State.WITHDRAWN: Outcome.WITHDRAWN}.get(notice.state)


def announce(notice: Notice, outcome: str) -> bool:
    """Tell the owner's module, inside the caller's transaction (the notice is locked). A handler that
    raises has its own writes undone; the notice keeps its new state and is marked "outcome failed" with
    the error, on its timeline too, to be retried. True when every handler succeeded."""
    for handler in _handlers.get(notice.subject_type, []):
        try:
            with transaction.atomic():
                handler(notice, outcome)
        except Exception as exc:
            logger.exception(
                "notice %s: the outcome handler %s.%s raised",
                notice.pk,
                getattr(handler, "__module__", "?"),
                getattr(handler, "__qualname__", repr(handler)),
            )
            error = f"{type(exc).__name__}: {exc}"[:2000]
            notice.outcome_failed_at, notice.outcome_error = timezone.now(), error
            notice.save(update_fields=["outcome_failed_at", "outcome_error", "updated_at"])
            log_event(
                notice, action=EventAction.OUTCOME_FAILED, actor=OUTCOME_ACTOR, note=error, outcome=outcome
            )
            return False
    if notice.outcome_failed_at is not None:
        notice.outcome_failed_at, notice.outcome_error = None, ""
        notice.save(update_fields=["outcome_failed_at", "outcome_error", "updated_at"])
        log_event(notice, action=EventAction.OUTCOME_DONE, actor=OUTCOME_ACTOR, outcome=outcome)
    return True


# --- helpers ---------------------------------------------------------------------------------------------


def lock(notice_id: int) -> Notice:
    return Notice.objects.select_for_update(of=("self",)).select_related("owner_department").get(pk=notice_id)


def allowed(actor, notice: Notice) -> None:
    """A job of the system may; a person needs the permission."""
    require_actor(actor)
    if not is_system(actor) and not rules.may_manage_notice(actor, notice):
        raise PermissionDenied(_("You may not manage this notice."))


def require_state(notice: Notice, *states: str) -> None:
    if notice.state not in states:
        raise NoticeRefused(
            _("Not possible while the notice is %(state)s.") % {"state": notice.get_state_display()},
            code=Code.WRONG_STATE,
        )


def check_window(window_days) -> int:
    if isinstance(window_days, bool) or not isinstance(window_days, int) or not 1 <= window_days <= 60:
        raise ValidationError({"window_days": [_("The objection period is 1 to 60 working days.")]})
    return window_days


def log_event(notice: Notice, *, action: str, actor, note: str = "", old_state: str = "", **changes):
    """The notice's timeline row, through the one `record_event`, with the revision and the states."""
    return record_event(
        NoticeEvent,
        actor=actor,
        action=action,
        note=note,
        changes=changes,
        notice=notice,
        revision=notice.revision,
        from_state=old_state or notice.state,
        to_state=notice.state,
    )


def start_window(notice: Notice, now) -> None:
    notice.published_at = now
    notice.objection_deadline = worktime.add_working_time(now, notice.window_days, worktime.DAYS)
    notice.period_ended_at = None


def holding_objections(notice: Notice):
    pending = notice.objections.filter(decision=Decision.PENDING)
    upheld = notice.objections.filter(decision=Decision.UPHELD, resolved_in_revision__isnull=True)
    return pending | upheld


def confirm_if_clear(notice: Notice, *, actor) -> bool:
    if notice.state != State.PERIOD_OVER or holding_objections(notice).exists():
        return False
    notice.state, notice.confirmed_at = State.CONFIRMED, timezone.now()
    notice.save(update_fields=["state", "confirmed_at", "updated_at"])
    log_event(notice, action=EventAction.CONFIRM, actor=actor, old_state=State.PERIOD_OVER)
    announce(notice, Outcome.CONFIRMED)
    return True
