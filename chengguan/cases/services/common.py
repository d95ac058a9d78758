"""The one path every lifecycle write takes: lock the row, consult the transition table, change, record
the event (same transaction), and schedule side effects for after the commit."""

from collections.abc import Callable, Iterable

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from chengguan.core.privacy import mask_name

from .. import workflow
from ..models import Attachment, Case, CaseEvent
from ..photos import CheckedPhoto
from ..states import Action, State, SupervisionLevel
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
        Action.COMMENT,
    }
)

__all__ = ["TransitionRefused", "lock_case", "record_event", "save_photos", "transition"]


def lock_case(case_id: int) -> Case:
    """The case, locked until the transaction ends (PostgreSQL: SELECT … FOR UPDATE of the case row)."""
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("department", "category", "community")
        .get(pk=case_id)
    )


def actor_fields(actor) -> dict:
    if actor is None or not actor.is_authenticated:
        return {"actor": None, "actor_name": "", "actor_department": None}
    staff = getattr(actor, "staff", None)
    return {
        "actor": actor,
        "actor_name": staff.name if staff else actor.get_username(),
        "actor_department": staff.department if staff else None,
    }


def record_event(
    case: Case,
    *,
    action: str,
    actor=None,
    note: str = "",
    changes: dict | None = None,
    from_state: str = "",
    to_state: str = "",
    is_public: bool | None = None,
    at=None,
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        at=at or timezone.now(),
        action=action,
        note=note,
        changes=changes or {},
        from_state=from_state,
        to_state=to_state,
        is_public=(action not in INTERNAL_ACTIONS) if is_public is None else is_public,
        **actor_fields(actor),
    )


def save_photos(case: Case, photos: Iterable[CheckedPhoto], *, kind: str, event: CaseEvent | None) -> None:
    now = timezone.now()
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
        attachment.file.save(f"photo.{photo.extension}", ContentFile(photo.data), save=False)
        attachment.save()


def transition(
    case_id: int,
    *,
    action: Action,
    actor,
    note: str = "",
    change: Callable[[Case], dict] | None = None,
    photos: Iterable[CheckedPhoto] = (),
    photo_kind: str = Attachment.Kind.OTHER,
    after_commit: Callable[[Case], None] | None = None,
) -> Case:
    """Run one lifecycle action. Must be called inside `transaction.atomic`.

    `change(case)` applies the action's own field changes and returns them as {field: [old, new]} for the
    event; the state itself is set here from the transition table."""
    case = lock_case(case_id)
    step = workflow.check(case, action=action, actor=actor)
    old_state = case.state
    new_state = step.next_state or (case.resume_state if action == Action.RESUME else case.state)
    changes = change(case) if change else {}
    if new_state != old_state:
        case.state = new_state
        changes["state"] = [old_state, new_state]
        if new_state not in (State.DISPATCHED, State.IN_PROGRESS, State.REWORK):
            case.supervision = SupervisionLevel.NONE
    case.save()
    event = record_event(
        case, action=action, actor=actor, note=note, changes=changes, from_state=old_state, to_state=new_state
    )
    save_photos(case, photos, kind=photo_kind, event=event)
    if after_commit is not None:
        transaction.on_commit(lambda: after_commit(case))
    return case


def display_reporter(case: Case) -> str:
    return mask_name(case.reporter_name) if case.reporter_name else ""
