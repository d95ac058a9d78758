"""The one path every lifecycle write takes: lock the row, consult the transition table, change, record
the event (same transaction), and schedule side effects for after the commit."""

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from chengguan.core.files import store_file
from chengguan.core.refusals import require_actor
from chengguan.org.timeline import record_event

from .. import workflow
from ..models import Attachment, Case, CaseEvent, CaseRequest
from ..photos import CheckedPhoto, check_photos
from ..states import WITH_DEPARTMENT, Action, SupervisionLevel
from ..workflow import TransitionRefused

# Actions that stay off the public timeline (internal coordination, not progress on the problem).
INTERNAL_ACTIONS = frozenset(
    {
        Action.SEND_BACK,
        Action.REQUEST_EXTENSION,
        Action.APPROVE_EXTENSION,
        Action.REFUSE_EXTENSION,
        Action.REQUEST_SUSPENSION,
        Action.REFUSE_SUSPENSION,
        Action.SUPERVISE,
        Action.URGE,
        Action.COMMENT,
    }
)

__all__ = ["TransitionRefused", "lock_case", "record_case_event", "save_photos", "transition"]


def lock_case(case_id: int) -> Case:
    """The case, locked until the transaction ends (PostgreSQL: SELECT … FOR UPDATE of the case row)."""
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("department", "category", "community")
        .get(pk=case_id)
    )


def record_case_event(
    case: Case,
    *,
    action: str,
    actor,
    note: str = "",
    changes: dict | None = None,
    from_state: str = "",
    to_state: str = "",
    is_public: bool | None = None,
    at=None,
) -> CaseEvent:
    """One entry on the case's timeline, through the one `org.timeline.record_event` (which records who
    acted); only the case's own fields are filled here. Internal actions stay off the public timeline."""
    return record_event(
        CaseEvent,
        actor=actor,
        action=action,
        note=note,
        changes=changes,
        at=at,
        case=case,
        from_state=from_state,
        to_state=to_state,
        is_public=(action not in INTERNAL_ACTIONS) if is_public is None else is_public,
    )


def save_photos(
    case: Case, photos: Iterable[CheckedPhoto], *, kind: str, event: CaseEvent | None
) -> list[Attachment]:
    now = timezone.now()
    saved = []
    for photo in photos:
        attachment = Attachment(
            case=case,
            event=event,
            kind=kind,
            content_type=photo.content_type,
            extension=photo.extension,
            size=len(photo.data),
            sha256=photo.sha256,
            original_name=photo.original_name,
            uploaded_at=now,
        )
        store_file(attachment.file, f"photo.{photo.extension}", photo.data)
        attachment.save()
        saved.append(attachment)
    return saved


def transition(
    case_id: int,
    *,
    action: Action,
    actor,
    note: str = "",
    change: Callable[[Case], dict] | None = None,
    required: dict[str, tuple[str, str]] | None = None,
    photos=(),
    photo_kind: str = Attachment.Kind.OTHER,
    after_commit: Callable[[Case], None] | None = None,
) -> Case:
    """Run one lifecycle action. Must be called inside `transaction.atomic` (see `atomic_write`).

    Order: lock, consult the transition table (role, state, department), then check the input —
    `required` maps a field to (its text, the message if empty) and `photos` are the uploads — so a
    caller who may not act learns nothing from validation. `change(case)` applies the action's own
    field changes and returns them as {field: [old, new]}; the state is set here from the table."""
    require_actor(actor)
    case = lock_case(case_id)
    step = workflow.check(case, action=action, actor=actor)
    missing = {
        field: [message] for field, (text, message) in (required or {}).items() if not (text or "").strip()
    }
    if missing:
        raise ValidationError(missing)
    checked_photos = check_photos(photos)
    old_state = case.state
    returns = action in (Action.RESUME, Action.UNMERGE)  # back to the state it was taken from
    new_state = step.next_state or (case.resume_state if returns else case.state)
    changes = change(case) if change else {}
    if new_state != old_state:
        case.state = new_state
        changes["state"] = [old_state, new_state]
        if new_state not in WITH_DEPARTMENT:
            case.supervision = SupervisionLevel.NONE
            case.urged_at = None  # an urge is for the department while it holds the case
            if old_state in WITH_DEPARTMENT and action != Action.APPROVE_SUSPENSION:
                _withdraw_pending_requests(case)
    case.save()
    event = record_case_event(
        case,
        action=action,
        actor=actor,
        note=note.strip(),
        changes=changes,
        from_state=old_state,
        to_state=new_state,
    )
    save_photos(case, checked_photos, kind=photo_kind, event=event)
    if after_commit is not None:
        transaction.on_commit(lambda: after_commit(case))
    return case


def _withdraw_pending_requests(case: Case) -> None:
    """A request for more time lapses when the case leaves the department (handled, sent back…)."""
    case.requests.filter(decision=CaseRequest.Decision.PENDING).update(
        decision=CaseRequest.Decision.WITHDRAWN, decided_at=timezone.now()
    )
