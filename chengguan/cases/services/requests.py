"""Extensions (延期) and suspensions (挂起): the department asks, a shift lead or leader decides. Only an
approved request moves or pauses the deadline."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import deadlines, notifications
from ..models import Case, CaseRequest
from ..states import Action
from .common import lock_case, transition
from .lifecycle import _iso, _required, parse_working_days

Kind, Decision = CaseRequest.Kind, CaseRequest.Decision


@transaction.atomic
def request_extension(*, case_id: int, actor, working_days, reason: str) -> CaseRequest:
    days = parse_working_days(working_days)
    return _request(case_id, actor, Kind.EXTENSION, Action.REQUEST_EXTENSION, reason, days)


@transaction.atomic
def request_suspension(*, case_id: int, actor, reason: str) -> CaseRequest:
    return _request(case_id, actor, Kind.SUSPENSION, Action.REQUEST_SUSPENSION, reason, None)


def _request(case_id, actor, kind, action, reason, days) -> CaseRequest:
    reason = _required(reason, "reason", _("Give the reason for the request."))
    created = {}

    def change(case: Case):
        if case.requests.filter(decision=Decision.PENDING).exists():
            raise ValidationError(_("A request on this case is already waiting for a decision."))
        created["request"] = CaseRequest.objects.create(
            case=case,
            kind=kind,
            working_days=days,
            reason=reason,
            requested_by=actor,
            requested_at=timezone.now(),
        )
        return {"request": kind, **({"working_days": str(days)} if days else {})}

    transition(
        case_id,
        action=action,
        actor=actor,
        note=reason,
        change=change,
        after_commit=notifications.request_made,
    )
    return created["request"]


@transaction.atomic
def decide_request(*, case_id: int, actor, approve: bool, note: str = "") -> Case:
    """Approve or refuse the case's pending extension or suspension request."""
    lock_case(case_id)  # the case first, as every other action, so two deciders queue on the same lock
    pending = (
        CaseRequest.objects.select_for_update().filter(case_id=case_id, decision=Decision.PENDING).first()
    )
    if pending is None:
        raise ValidationError(_("There is no request waiting for a decision on this case."))
    if not approve:
        note = _required(note, "note", _("Say why the request is refused."))
    action = {
        (Kind.EXTENSION, True): Action.APPROVE_EXTENSION,
        (Kind.EXTENSION, False): Action.REFUSE_EXTENSION,
        (Kind.SUSPENSION, True): Action.APPROVE_SUSPENSION,
        (Kind.SUSPENSION, False): Action.REFUSE_SUSPENSION,
    }[(pending.kind, approve)]

    def change(case: Case):
        pending.decision = Decision.APPROVED if approve else Decision.REFUSED
        pending.decided_by, pending.decided_at, pending.decision_note = actor, timezone.now(), note
        pending.save()
        old = case.deadline
        if approve and pending.kind == Kind.EXTENSION:
            deadlines.extend(case, pending.working_days)
        elif approve:  # suspension: the deadline pauses until the case is resumed
            case.resume_state = case.state
            deadlines.pause(case, at=timezone.now())
        return {
            "request": pending.kind,
            "decision": pending.decision,
            "deadline": [_iso(old), _iso(case.deadline)],
        }

    return transition(
        case_id,
        action=action,
        actor=actor,
        note=note,
        change=change,
        after_commit=lambda case: notifications.request_decided(case, pending),
    )
