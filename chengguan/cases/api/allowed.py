"""The API's action endpoints and the transition-table actions each one covers, so a case's detail can list
exactly the endpoints its reader may call now (the table itself stays in `cases.workflow`)."""

import copy

from django.utils.translation import gettext_lazy as _

from .. import workflow
from ..services import auto
from ..states import Action as A
from ..states import State as S

# endpoint name → (label, the workflow actions it takes)
ENDPOINTS: dict[str, tuple] = {
    "accept": (A.ACCEPT.label, (A.ACCEPT,)),
    "reject": (A.REJECT.label, (A.REJECT,)),
    "dispatch": (A.DISPATCH.label, (A.DISPATCH,)),
    "accept_and_dispatch": (_("accept and dispatch"), (A.ACCEPT, A.DISPATCH)),
    "start": (A.START.label, (A.START,)),
    "report_handled": (A.REPORT_HANDLED.label, (A.REPORT_HANDLED,)),
    "verify": (_("verify"), (A.VERIFY_PASS, A.VERIFY_FAIL)),
    "close": (A.CLOSE.label, (A.CLOSE,)),
    "send_back": (A.SEND_BACK.label, (A.SEND_BACK,)),
    "reopen": (A.REOPEN.label, (A.REOPEN,)),
    "merge": (_("merge into another case"), (A.MERGE,)),
    "unmerge": (A.UNMERGE.label, (A.UNMERGE,)),
    "pull_back": (A.PULL_BACK.label, (A.PULL_BACK,)),
    "resume": (A.RESUME.label, (A.RESUME,)),
    "request_extension": (A.REQUEST_EXTENSION.label, (A.REQUEST_EXTENSION,)),
    "request_suspension": (A.REQUEST_SUSPENSION.label, (A.REQUEST_SUSPENSION,)),
    "decide_request": (
        _("decide the pending request"),
        (A.APPROVE_EXTENSION, A.REFUSE_EXTENSION, A.APPROVE_SUSPENSION, A.REFUSE_SUSPENSION),
    ),
}


def _may_dispatch_once_accepted(case, user) -> bool:
    accepted = copy.copy(case)
    accepted.state = S.ACCEPTED
    try:
        workflow.check(accepted, action=A.DISPATCH, actor=user)
    except workflow.TransitionRefused:
        return False
    return True


def allowed_endpoints(case, user, pending) -> list[tuple[str, str]]:
    """(endpoint, label) for each action endpoint `user` may call on `case` now; `pending` is the case's
    request awaiting a decision, if any (decide_request needs one; a new request needs none)."""
    allowed = set(workflow.allowed_actions(case, user))
    result = []
    for name, (label, actions) in ENDPOINTS.items():
        if name == "accept_and_dispatch":
            ok = A.ACCEPT in allowed and _may_dispatch_once_accepted(case, user)
        elif name == "decide_request":
            ok = pending is not None and bool(allowed & set(actions))
        elif name == "pull_back":
            ok = A.PULL_BACK in allowed and auto.current_auto_dispatch(case) is not None
        elif name.startswith("request_"):
            ok = pending is None and bool(allowed & set(actions))
        else:
            ok = bool(allowed & set(actions))
        if ok:
            result.append((name, str(label)))
    return result
