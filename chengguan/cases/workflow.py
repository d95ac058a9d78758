"""The case lifecycle's transition table: for each (state, action) the next state, the roles allowed, and
whether the actor must belong to the department that holds the case. `check()` is the only gate every
service goes through; `allowed_actions()` tells a page which buttons to show."""

from dataclasses import dataclass
from enum import Enum

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from chengguan.core.actors import is_system
from chengguan.core.refusals import Refused
from chengguan.org.roles import RoleCode as R

from .states import Action as A
from .states import RefusalCode
from .states import State as S

INTAKE = frozenset({R.INTAKE_OPERATOR, R.DISPATCHER, R.SHIFT_LEAD})
DISPATCH = frozenset({R.DISPATCHER, R.SHIFT_LEAD})
HANDLERS = frozenset({R.HANDLER, R.ENFORCEMENT_OFFICER})
VERIFIERS = frozenset({R.INSPECTOR, R.SHIFT_LEAD})
APPROVERS = frozenset({R.SHIFT_LEAD, R.LEADER})
# The states a duplicate may be merged from: the desk's. A case a department holds is the department's
# (as for a re-dispatch): it sends a duplicate back (退单) and the dispatcher merges it then.
MERGEABLE = (S.REPORTED, S.ACCEPTED, S.SENT_BACK)


class Scope(Enum):
    ANY = "any"  # the role is enough
    DEPARTMENT = "department"  # the actor must work in the case's department (or a unit above it)


@dataclass(frozen=True)
class Step:
    next_state: S | None  # None: the state does not change; RESUME goes back to case.resume_state
    roles: frozenset
    scope: Scope = Scope.ANY


def _department_steps(state: S, *pairs) -> dict:
    return {(state, action): Step(next_state, HANDLERS, Scope.DEPARTMENT) for action, next_state in pairs}


def _approvals(*states: S) -> dict:
    table = {}
    for state in states:
        table[(state, A.URGE)] = Step(None, APPROVERS)  # 督办 by hand: the case stays where it is
        table[(state, A.APPROVE_EXTENSION)] = Step(None, APPROVERS)
        table[(state, A.REFUSE_EXTENSION)] = Step(None, APPROVERS)
        table[(state, A.APPROVE_SUSPENSION)] = Step(S.SUSPENDED, APPROVERS)
        table[(state, A.REFUSE_SUSPENSION)] = Step(None, APPROVERS)
    return table


_REQUESTS = ((A.REQUEST_EXTENSION, None), (A.REQUEST_SUSPENSION, None))

TABLE: dict[tuple[S, A], Step] = {
    (S.REPORTED, A.ACCEPT): Step(S.ACCEPTED, INTAKE),
    (S.REPORTED, A.REJECT): Step(S.REJECTED, INTAKE),
    (S.ACCEPTED, A.DISPATCH): Step(S.DISPATCHED, DISPATCH),
    (S.ACCEPTED, A.REJECT): Step(S.REJECTED, DISPATCH),
    (S.SENT_BACK, A.DISPATCH): Step(S.DISPATCHED, DISPATCH),
    # Auto-dispatch taken back to the desk before the department started (the service checks the case was
    # dispatched by the system).
    (S.DISPATCHED, A.PULL_BACK): Step(S.ACCEPTED, DISPATCH),
    (S.SENT_BACK, A.REJECT): Step(S.REJECTED, DISPATCH),
    # No re-dispatch of a dispatched case: the department sends it back (退单) and it is dispatched again.
    # Otherwise a second, concurrent dispatch would silently overwrite the first.
    **_department_steps(
        S.DISPATCHED,
        (A.START, S.IN_PROGRESS),
        (A.REPORT_HANDLED, S.HANDLED),
        (A.SEND_BACK, S.SENT_BACK),
        *_REQUESTS,
    ),
    **_department_steps(S.IN_PROGRESS, (A.REPORT_HANDLED, S.HANDLED), (A.SEND_BACK, S.SENT_BACK), *_REQUESTS),
    **_department_steps(S.REWORK, (A.START, S.IN_PROGRESS), (A.REPORT_HANDLED, S.HANDLED), *_REQUESTS),
    **_approvals(S.DISPATCHED, S.IN_PROGRESS, S.REWORK),
    (S.HANDLED, A.VERIFY_PASS): Step(S.VERIFIED, VERIFIERS),
    (S.HANDLED, A.VERIFY_FAIL): Step(S.REWORK, VERIFIERS),
    (S.VERIFIED, A.CLOSE): Step(S.CLOSED, INTAKE),
    (S.CLOSED, A.REOPEN): Step(S.ACCEPTED, DISPATCH),
    (S.SUSPENDED, A.RESUME): Step(None, DISPATCH | APPROVERS),
    # 并单: a duplicate closes into the case it repeats; undone while that case is open (services.merge).
    **{(state, A.MERGE): Step(S.MERGED, DISPATCH) for state in MERGEABLE},
    (S.MERGED, A.UNMERGE): Step(None, DISPATCH),  # back to the state it was merged from (resume_state)
}

# What the system itself may do (auto-dispatch, 智能派单): accept a new report and dispatch it. Only the
# jobs named here; every other system step goes through its own service without the table.
SYSTEM_STEPS = frozenset({(S.REPORTED, A.ACCEPT), (S.ACCEPTED, A.DISPATCH)})
SYSTEM_JOBS = frozenset({"auto_dispatch"})

ACTIONS_IN_TABLE = frozenset(action for _state, action in TABLE)
# Everyone who may take an action in some state: checked before the state, so refusals leak nothing.
ACTION_ROLES: dict[A, frozenset] = {}
for (_state, _action), _step in TABLE.items():
    ACTION_ROLES[_action] = ACTION_ROLES.get(_action, frozenset()) | _step.roles


class CaseRefused(Refused):
    """Every refusal of the cases app: `code` is one of `RefusalCode` (stable for clients), the message is
    for people. The API answers 409 with both (core.api's exception handler)."""

    code = RefusalCode.INVALID_STATE


class TransitionRefused(CaseRefused):
    """A lifecycle action was refused: by the role, the case's state or its department."""


class IntakeKeyReused(CaseRefused):
    """An idempotency key already used for another user's report."""

    code = RefusalCode.IDEMPOTENCY_KEY_REUSED


def _staff(actor):
    staff = getattr(actor, "staff", None) if actor is not None and actor.is_authenticated else None
    return staff if staff is not None and staff.is_active else None


def _role_names(roles: frozenset) -> str:
    return _(" or ").join(sorted(str(R(code).label) for code in roles))


def check(case, *, action: A, actor) -> Step:
    """The step for this action now, or TransitionRefused saying why not. The role is checked first, so
    someone who may never take the action learns nothing about the case's state."""
    action = A(action)
    if is_system(actor) and getattr(actor, "job", "") in SYSTEM_JOBS:
        step = TABLE.get((S(case.state), action))
        if step is None or (S(case.state), action) not in SYSTEM_STEPS:
            raise TransitionRefused(
                _("Case %(number)s is %(state)s: the system may not take the action “%(action)s”.")
                % {"number": case.number, "state": S(case.state).label, "action": action.label},
                code=RefusalCode.INVALID_STATE,
            )
        return step
    staff = _staff(actor)
    anywhere = ACTION_ROLES.get(action, frozenset())
    if staff is None or not staff.has_role(*anywhere):
        raise _role_refusal(anywhere, action)
    step = TABLE.get((S(case.state), action))
    if step is None:
        raise TransitionRefused(
            _("Case %(number)s is %(state)s: it cannot be given the action “%(action)s”.")
            % {"number": case.number, "state": S(case.state).label, "action": action.label},
            code=RefusalCode.INVALID_STATE,
        )
    if not staff.has_role(*step.roles):
        raise _role_refusal(step.roles, action)
    if step.scope is Scope.DEPARTMENT and not _in_case_department(staff, case):
        raise TransitionRefused(
            _(
                "Case %(number)s belongs to %(department)s; only that department may take "
                "the action “%(action)s”."
            )
            % {"number": case.number, "department": case.department or "—", "action": action.label},
            code=RefusalCode.FORBIDDEN_DEPARTMENT,
        )
    return step


def _role_refusal(roles: frozenset, action: A) -> TransitionRefused:
    return TransitionRefused(
        _("Only a %(roles)s may take the action “%(action)s”.")
        % {"roles": _role_names(roles), "action": action.label},
        code=RefusalCode.FORBIDDEN_ROLE,
    )


def _in_case_department(staff, case) -> bool:
    department = case.department
    return department is not None and department.path.startswith(staff.department.path)


# A decision needs a waiting request of its kind; a new request needs none to be waiting.
_DECISIONS = {
    A.APPROVE_EXTENSION: "extension",
    A.REFUSE_EXTENSION: "extension",
    A.APPROVE_SUSPENSION: "suspension",
    A.REFUSE_SUSPENSION: "suspension",
}
_REQUEST_ACTIONS = frozenset(action for action, _next in _REQUESTS)


def _pending_request_kind(case) -> str | None:
    prefetched = getattr(case, "pending_requests", None)  # selectors.with_pending read it with the list
    if prefetched is not None:
        return prefetched[0].kind if prefetched else None
    return case.requests.filter(decision="pending").values_list("kind", flat=True).first()


def allowed_actions(case, actor) -> list[A]:
    """The actions this actor may take on the case as it stands (for buttons and the API's links)."""
    allowed = []
    pending = None
    if any(state == case.state and action in _DECISIONS for state, action in TABLE):
        pending = _pending_request_kind(case)
    for (state, action), _step in TABLE.items():
        if state != case.state:
            continue
        if (action in _DECISIONS and _DECISIONS[action] != pending) or (
            action in _REQUEST_ACTIONS and pending is not None
        ):
            continue
        try:
            check(case, action=action, actor=actor)
        except TransitionRefused:
            continue
        if action == A.PULL_BACK and not _auto_dispatched_now(case):
            continue  # only the system's own dispatch is pulled back (services.pull_back_case says why)
        allowed.append(action)
    return allowed


def _auto_dispatched_now(case) -> bool:
    """Whether the case's current dispatch is the system's (lists join `auto_dispatch`, so no query)."""
    try:
        record = case.auto_dispatch
    except ObjectDoesNotExist:
        return False
    return record.pulled_back_at is None and record.dispatched_at == case.dispatched_at
