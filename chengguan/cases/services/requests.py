"""Extensions (延期) and suspensions (挂起): the department asks, a shift lead or leader decides. Only an
approved request moves or pauses the deadline."""

from django.utils import timezone
from django.utils.translation import gettext as _

from chengguan.core.files import atomic_write
from chengguan.core.refusals import require_actor

from .. import deadlines, notifications, workflow
from ..models import Case, CaseRequest
from ..states import Action, RefusalCode
from ..workflow import TransitionRefused
from .common import lock_case, transition
from .lifecycle import _iso, parse_working_days

Kind, Decision = CaseRequest.Kind, CaseRequest.Decision


@atomic_write
def request_extension(*, case_id: int, actor, working_days, reason: str) -> CaseRequest:
    require_actor(actor)
    return _request(case_id, actor, Kind.EXTENSION, Action.REQUEST_EXTENSION, reason, working_days)


@atomic_write
def request_suspension(*, case_id: int, actor, reason: str) -> CaseRequest:
    require_actor(actor)
    return _request(case_id, actor, Kind.SUSPENSION, Action.REQUEST_SUSPENSION, reason, None)


def _request(case_id, actor, kind, action, reason, working_days) -> CaseRequest:
    created = {}

    def change(case: Case):
        days = parse_working_days(working_days) if kind == Kind.EXTENSION else None
        if case.requests.filter(decision=Decision.PENDING).exists():
            raise TransitionRefused(
                _("A request on this case is already waiting for a decision."),
                code=RefusalCode.REQUEST_PENDING,
            )
        created["request"] = CaseRequest.objects.create(
            case=case,
            kind=kind,
            working_days=days,
            reason=reason.strip(),
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
        required={"reason": (reason, _("Give the reason for the request."))},
        after_commit=notifications.request_made,
    )
    return created["request"]


DECISION_ACTIONS = {
    (Kind.EXTENSION, True): Action.APPROVE_EXTENSION,
    (Kind.EXTENSION, False): Action.REFUSE_EXTENSION,
    (Kind.SUSPENSION, True): Action.APPROVE_SUSPENSION,
    (Kind.SUSPENSION, False): Action.REFUSE_SUSPENSION,
}


@atomic_write
def decide_request(*, case_id: int, actor, approve: bool, note: str = "") -> Case:
    """Approve or refuse the case's pending extension or suspension request."""
    require_actor(actor)
    case = lock_case(case_id)  # the case first, as every other action, so two deciders queue on one lock
    pending = CaseRequest.objects.select_for_update().filter(case=case, decision=Decision.PENDING).first()
    action = DECISION_ACTIONS[(pending.kind if pending else Kind.EXTENSION, bool(approve))]
    if pending is None:
        workflow.check(case, action=action, actor=actor)  # a refusal for the role comes before "no request"
        raise TransitionRefused(
            _("There is no request waiting for a decision on this case."), code=RefusalCode.NO_PENDING_REQUEST
        )

    def change(case: Case):
        pending.decision = Decision.APPROVED if approve else Decision.REFUSED
        pending.decided_by, pending.decided_at, pending.decision_note = actor, timezone.now(), note.strip()
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
        required=None if approve else {"note": (note, _("Say why the request is refused."))},
        after_commit=lambda case: notifications.request_decided(case, pending),
    )
