"""The lifecycle's actions, one function each (DESIGN.md, "The case lifecycle"). Each is atomic, locks the
case, is gated by `workflow.check`, records a `CaseEvent` and notifies after the commit."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.core.files import atomic_write
from chengguan.core.refusals import require_actor
from chengguan.org.models import Department
from chengguan.taxonomy import selectors as taxonomy
from chengguan.taxonomy.models import Category, Urgency

from .. import deadlines, notifications
from ..models import Attachment, Case
from ..states import Action, State
from .common import transition
from .followup import create_follow_up
from .learning import learn_from_classification


def _classify(case: Case, category: Category | None, urgency: str | None, actor) -> dict:
    changes = {}
    if category is not None and category.pk != case.category_id:
        if category.parent_id is None or not category.is_active:
            raise ValidationError({"category": [_("Choose an active subclass, not a major class.")]})
        changes["category"] = [case.category.code if case.category_id else None, category.code]
        old_category_id = case.category_id
        case.category = category
        learn_from_classification(case, old_category_id=old_category_id, actor=actor)
    if urgency and urgency != case.urgency:
        if urgency not in Urgency.values:
            raise ValidationError({"urgency": [_("Unknown urgency.")]})
        changes["urgency"] = [case.urgency, urgency]
        case.urgency = urgency
    return changes


@atomic_write
def accept_case(
    *, case_id: int, actor, category: Category | None = None, urgency: str | None = None, note: str = ""
) -> Case:
    require_actor(actor)

    def change(case):
        case.accepted_at = timezone.now()
        return _classify(case, category, urgency, actor)

    return transition(case_id, action=Action.ACCEPT, actor=actor, note=note, change=change)


@atomic_write
def reject_case(*, case_id: int, actor, reason: str) -> Case:
    require_actor(actor)
    return transition(
        case_id,
        action=Action.REJECT,
        actor=actor,
        note=reason,
        required={"reason": (reason, _("Say why the report is not accepted as a case."))},
    )


@atomic_write
def dispatch_case(
    *,
    case_id: int,
    actor,
    department: Department | None = None,
    category: Category | None = None,
    urgency: str | None = None,
    note: str = "",
) -> Case:
    """Send the case to a department: the one given (the dispatcher's override) or the one the
    responsibility list names for its category and area. The deadline is counted from now."""
    require_actor(actor)

    def change(case):
        changes = _classify(case, category, urgency, actor)
        if case.category_id is None:
            raise ValidationError({"category": [_("Classify the case before dispatching it.")]})
        target = department or taxonomy.responsible_department(case.category, case.community)
        if department is None and case.state == State.SENT_BACK and target == case.department:
            raise ValidationError(
                {
                    "department": [
                        _("%(name)s sent this case back: choose the department to send it to.")
                        % {"name": target}
                    ]
                }
            )
        if target is None:
            raise ValidationError(
                {"department": [_("The responsibility list names no department here: choose one.")]}
            )
        if not target.is_active:
            raise ValidationError({"department": [_("%(name)s is not active.") % {"name": target}]})
        old_deadline = case.deadline
        changes["department"] = [case.department.code if case.department_id else None, target.code]
        case.department = target
        case.dispatched_at = timezone.now()
        deadlines.set_deadline(case, start=case.dispatched_at)
        changes["deadline"] = [_iso(old_deadline), _iso(case.deadline)]
        return changes

    return transition(
        case_id,
        action=Action.DISPATCH,
        actor=actor,
        note=note,
        change=change,
        after_commit=notifications.case_dispatched,
    )


@atomic_write
def accept_and_dispatch(
    *,
    case_id: int,
    actor,
    department: Department | None = None,
    category: Category | None = None,
    urgency: str | None = None,
    note: str = "",
) -> Case:
    """The dispatcher's one step for a new report: accept (立案) and dispatch (派遣), two events."""
    require_actor(actor)
    accept_case(case_id=case_id, actor=actor, category=category, urgency=urgency)
    return dispatch_case(case_id=case_id, actor=actor, department=department, note=note)


@atomic_write
def start_handling(*, case_id: int, actor, note: str = "") -> Case:
    require_actor(actor)
    return transition(case_id, action=Action.START, actor=actor, note=note)


@atomic_write
def report_handled(*, case_id: int, actor, note: str, photos=()) -> Case:
    require_actor(actor)

    def change(case):
        if not photos and case.category_id and case.category.after_photo_required:
            message = _("%(category)s needs a photo after handling: attach at least one.")
            raise ValidationError({"photos": [message % {"category": case.category.name}]})
        case.handled_at = timezone.now()
        return {}

    return transition(
        case_id,
        action=Action.REPORT_HANDLED,
        actor=actor,
        note=note,
        required={"note": (note, _("Say what was done."))},
        change=change,
        photos=photos,
        photo_kind=Attachment.Kind.HANDLING,
        after_commit=notifications.case_handled,
    )


@atomic_write
def verify_case(*, case_id: int, actor, passed: bool, note: str = "", photos=()) -> Case:
    """核查: passed → verified; failed → back to the department for rework with a fresh time limit."""
    require_actor(actor)
    if not passed:

        def change(case):
            case.rework_count += 1
            old = case.deadline
            deadlines.set_deadline(case, start=timezone.now())
            return {
                "rework_count": [case.rework_count - 1, case.rework_count],
                "deadline": [_iso(old), _iso(case.deadline)],
            }

        return transition(
            case_id,
            action=Action.VERIFY_FAIL,
            actor=actor,
            note=note,
            required={"note": (note, _("Say what is still wrong, for the rework."))},
            change=change,
            photos=photos,
            photo_kind=Attachment.Kind.VERIFICATION,
            after_commit=notifications.case_rework,
        )
    return transition(
        case_id,
        action=Action.VERIFY_PASS,
        actor=actor,
        note=note,
        photos=photos,
        photo_kind=Attachment.Kind.VERIFICATION,
    )


@atomic_write
def close_case(*, case_id: int, actor, note: str = "") -> Case:
    require_actor(actor)

    def change(case):
        case.closed_at = timezone.now()
        follow_up = create_follow_up(case, actor=actor)
        return {"follow_up": bool(follow_up)}

    return transition(
        case_id,
        action=Action.CLOSE,
        actor=actor,
        note=note,
        change=change,
        after_commit=notifications.case_closed,
    )


@atomic_write
def send_back_case(*, case_id: int, actor, reason: str) -> Case:
    """退单: the department says the case is not its duty; the dispatcher re-dispatches it."""
    require_actor(actor)

    def change(case):
        case.send_back_count += 1
        old_deadline, case.deadline = case.deadline, None
        return {"deadline": [_iso(old_deadline), None]}

    return transition(
        case_id,
        action=Action.SEND_BACK,
        actor=actor,
        note=reason,
        required={"reason": (reason, _("Say why this is not your department's duty."))},
        change=change,
        after_commit=notifications.case_sent_back,
    )


@atomic_write
def reopen_case(*, case_id: int, actor, reason: str) -> Case:
    require_actor(actor)

    def change(case):
        case.reopen_count += 1
        case.closed_at = None
        return {"reopen_count": [case.reopen_count - 1, case.reopen_count]}

    return transition(
        case_id,
        action=Action.REOPEN,
        actor=actor,
        note=reason,
        change=change,
        required={"reason": (reason, _("Say why the case is reopened."))},
    )


@atomic_write
def resume_case(*, case_id: int, actor, note: str = "") -> Case:
    require_actor(actor)

    def change(case):
        deadlines.resume(case, at=timezone.now())
        resumed_to, case.resume_state = case.resume_state, ""
        return {"deadline": [None, _iso(case.deadline)], "resumed_to": resumed_to}

    return transition(case_id, action=Action.RESUME, actor=actor, note=note, change=change)


def _iso(moment) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="minutes") if moment else None


def parse_working_days(value) -> Decimal:
    try:
        days = Decimal(str(value))
    except ArithmeticError:
        days = Decimal(0)
    if not days.is_finite() or days <= 0 or days > 60 or days * 2 != int(days * 2):
        raise ValidationError({"working_days": [_("Ask for 0.5 to 60 working days, in half days.")]})
    return days
