"""POST /api/v1/cases/{number}/{action}/: one endpoint per lifecycle action, each calling its one service.

Every endpoint answers 200 with the updated case, 400 with field errors, 404 for a case the user may not
see, and 409 with the refusal's code (invalid_state, forbidden_role, forbidden_department)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from chengguan.org.roles import RoleCode

from .. import selectors, services, workflow
from ..serializers import (
    AcceptSerializer,
    CaseDetailSerializer,
    DecideSerializer,
    DispatchSerializer,
    ExtensionSerializer,
    HandledSerializer,
    MergeSerializer,
    NoteSerializer,
    ReasonSerializer,
    VerifySerializer,
)
from ..states import State
from .allowed import ENDPOINTS
from .base import CasesAPIView, errors


@dataclass(frozen=True)
class Endpoint:
    service: Callable  # called as service(case_id=…, actor=…, **validated_data)
    form: type[serializers.Serializer]
    summary: str


ACTIONS: dict[str, Endpoint] = {
    "accept": Endpoint(
        services.accept_case,
        AcceptSerializer,
        _("Accept a report as a case (立案), optionally classifying it"),
    ),
    "reject": Endpoint(
        services.reject_case,
        ReasonSerializer,
        _("Reject a report (不予立案) with a reason"),
    ),
    "dispatch": Endpoint(
        services.dispatch_case,
        DispatchSerializer,
        _("Dispatch (派遣) to the responsible department or the one given"),
    ),
    "accept_and_dispatch": Endpoint(
        services.accept_and_dispatch,
        DispatchSerializer,
        _("Accept and dispatch a new report in one step"),
    ),
    "start": Endpoint(
        services.start_handling,
        NoteSerializer,
        _("Start handling (处置中)"),
    ),
    "report_handled": Endpoint(
        services.report_handled,
        HandledSerializer,
        _("Report the handling done (处置反馈), with photos"),
    ),
    "verify": Endpoint(
        services.verify_case,
        VerifySerializer,
        _("Verify on site (核查): passed, or failed and back for rework"),
    ),
    "close": Endpoint(
        services.close_case,
        NoteSerializer,
        _("Close a verified case (结案); the reporter is asked for a follow-up"),
    ),
    "send_back": Endpoint(
        services.send_back_case,
        ReasonSerializer,
        _("Send the case back as not the department's duty (退单)"),
    ),
    "reopen": Endpoint(
        services.reopen_case,
        ReasonSerializer,
        _("Reopen a closed case"),
    ),
    "merge": Endpoint(
        services.merge_case,
        MergeSerializer,
        _(
            "Merge this case into the open case it repeats (并单): it closes as a duplicate; its reporter "
            "and supporters follow that case and its photos join it"
        ),
    ),
    "unmerge": Endpoint(
        services.unmerge_case,
        NoteSerializer,
        _("Undo a merge while the case merged into is open: both cases are as they were"),
    ),
    "pull_back": Endpoint(
        services.pull_back_case,
        NoteSerializer,
        _("Pull an auto-dispatched case back to the desk (撤回智能派单)"),
    ),
    "resume": Endpoint(
        services.resume_case,
        NoteSerializer,
        _("Resume a suspended case"),
    ),
    "request_extension": Endpoint(
        services.request_extension,
        ExtensionSerializer,
        _("Ask for more working days (延期)"),
    ),
    "request_suspension": Endpoint(
        services.request_suspension,
        ReasonSerializer,
        _("Ask to suspend the case (挂起)"),
    ),
    "decide_request": Endpoint(
        services.decide_request,
        DecideSerializer,
        _("Approve or refuse the pending extension or suspension request"),
    ),
}
assert set(ACTIONS) == set(ENDPOINTS), "every action endpoint needs a label in api.allowed"


def who_may(actions) -> str:
    """Who may take these actions in which states, read from the transition table (for the schema)."""
    groups: dict[tuple, list[str]] = {}
    for (state, action), step in workflow.TABLE.items():
        if action in actions:
            states = groups.setdefault((step.roles, step.scope), [])
            if state not in states:
                states.append(state)
    parts = []
    for (roles, scope), states in groups.items():
        who = gettext(" or ").join(sorted(str(RoleCode(code).label) for code in roles))
        if scope is workflow.Scope.DEPARTMENT:
            who = gettext("%(roles)s of the case's department") % {"roles": who}
        labels = ", ".join(str(State(state).label) for state in states)
        parts.append(gettext("%(who)s, when the case is %(states)s") % {"who": who, "states": labels})
    return gettext("Allowed for: %(parts)s.") % {"parts": "; ".join(parts)}


class ActionView(CasesAPIView):
    name: str
    endpoint: Endpoint

    def take(self, request, number: str):
        case = self.get_case(number)
        form = self.endpoint.form(data=request.data, context={"request": request})
        form.is_valid(raise_exception=True)
        self.endpoint.service(case_id=case.pk, actor=request.user, **form.validated_data)
        return self.detail_response(selectors.case_after_action(request.user, case))


def _make_view(name: str, endpoint: Endpoint) -> type[ActionView]:
    @extend_schema(
        operation_id=f"cases_{name}",
        summary=endpoint.summary,
        description=lazy(who_may, str)(ENDPOINTS[name][1]),
        request=endpoint.form,
        responses={200: CaseDetailSerializer, **errors(400, 403, 404, 409, 429)},
        tags=["cases"],
    )
    def post(self, request, number: str):
        return self.take(request, number)

    class_name = "".join(part.title() for part in name.split("_")) + "View"
    return type(class_name, (ActionView,), {"name": name, "endpoint": endpoint, "post": post})


VIEWS: dict[str, type[ActionView]] = {name: _make_view(name, endpoint) for name, endpoint in ACTIONS.items()}
