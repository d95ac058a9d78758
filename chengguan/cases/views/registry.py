"""The console's actions: for each action name its form, its one service, and the transition-table actions
it covers. Pages show a form for each action `available_actions()` names; `actions.act` runs them."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from chengguan.taxonomy import selectors as taxonomy

from .. import classify, selectors, services, workflow
from .. import forms as f
from ..services import auto
from ..states import Action as A
from ..states import State
from .common import cached_on_request, may_dispatch


@dataclass(frozen=True)
class ActionSpec:
    form: type[f.ActionForm]
    service: Callable  # service(case_id=…, actor=…, **form.service_kwargs())
    label: str
    done: str  # the success message, formatted with %(number)s
    covers: tuple = ()  # the workflow actions whose permission shows this form
    multipart: bool = False
    style: str = ""  # "secondary" or "danger" buttons


ACTIONS: dict[str, ActionSpec] = {
    "accept_and_dispatch": ActionSpec(
        f.DispatchForm,
        services.accept_and_dispatch,
        _("Accept and dispatch"),
        _("Case %(number)s accepted and dispatched."),
    ),
    "accept": ActionSpec(
        f.AcceptForm, services.accept_case, _("Accept"), _("Case %(number)s accepted."), (A.ACCEPT,)
    ),
    "dispatch": ActionSpec(
        f.DispatchForm, services.dispatch_case, _("Dispatch"), _("Case %(number)s dispatched."), (A.DISPATCH,)
    ),
    "reject": ActionSpec(
        f.ReasonForm,
        services.reject_case,
        _("Reject"),
        _("Case %(number)s rejected."),
        (A.REJECT,),
        style="danger",
    ),
    "start": ActionSpec(
        f.NoteForm,
        services.start_handling,
        _("Start handling"),
        _("Handling of %(number)s started."),
        (A.START,),
    ),
    "report_handled": ActionSpec(
        f.HandledForm,
        services.report_handled,
        _("Report handled"),
        _("Case %(number)s reported as handled."),
        (A.REPORT_HANDLED,),
        multipart=True,
    ),
    "verify": ActionSpec(
        f.VerifyForm,
        services.verify_case,
        _("Record the verification"),
        _("Verification of %(number)s recorded."),
        (A.VERIFY_PASS, A.VERIFY_FAIL),
        multipart=True,
    ),
    "close": ActionSpec(
        f.NoteForm, services.close_case, _("Close"), _("Case %(number)s closed."), (A.CLOSE,)
    ),
    "send_back": ActionSpec(
        f.ReasonForm,
        services.send_back_case,
        _("Send back: not our duty"),
        _("Case %(number)s sent back to the dispatchers."),
        (A.SEND_BACK,),
        style="danger",
    ),
    "request_extension": ActionSpec(
        f.ExtensionForm,
        services.request_extension,
        _("Request an extension"),
        _("Extension requested for %(number)s."),
        (A.REQUEST_EXTENSION,),
        style="secondary",
    ),
    "request_suspension": ActionSpec(
        f.ReasonForm,
        services.request_suspension,
        _("Request suspension"),
        _("Suspension requested for %(number)s."),
        (A.REQUEST_SUSPENSION,),
        style="secondary",
    ),
    "decide_request": ActionSpec(
        f.DecideForm,
        services.decide_request,
        _("Decide the request"),
        _("Request on %(number)s decided."),
        (A.APPROVE_EXTENSION, A.REFUSE_EXTENSION, A.APPROVE_SUSPENSION, A.REFUSE_SUSPENSION),
    ),
    "urge": ActionSpec(
        f.UrgeForm,
        services.urge_case,
        _("Urge the department (督办)"),
        _("Case %(number)s urged; the department has been told."),
        (A.URGE,),
        style="secondary",
    ),
    "merge": ActionSpec(
        f.MergeForm,
        services.merge_case,
        _("Merge into another case (并单)"),
        _("Case %(number)s merged as a duplicate."),
        (A.MERGE,),
        style="secondary",
    ),
    "unmerge": ActionSpec(
        f.NoteForm,
        services.unmerge_case,
        _("Undo the merge"),
        _("The merge of case %(number)s was undone."),
        (A.UNMERGE,),
        style="danger",
    ),
    "resume": ActionSpec(
        f.NoteForm, services.resume_case, _("Resume"), _("Case %(number)s resumed."), (A.RESUME,)
    ),
    "pull_back": ActionSpec(
        f.NoteForm,
        services.pull_back_case,
        _("Pull back to the desk"),
        _("Case %(number)s pulled back to the desk: classify and dispatch it."),
        (A.PULL_BACK,),
        style="secondary",
    ),
    "reopen": ActionSpec(
        f.ReasonForm,
        services.reopen_case,
        _("Reopen"),
        _("Case %(number)s reopened."),
        (A.REOPEN,),
        style="danger",
    ),
}


def available_actions(case, user) -> list[str]:
    """The console actions `user` may take on `case` now, read from the transition table."""
    allowed = set(workflow.allowed_actions(case, user))
    names = []
    for name, spec in ACTIONS.items():
        if name == "accept_and_dispatch":
            if A.ACCEPT in allowed and may_dispatch(user):
                names.append(name)
        elif name == "pull_back":
            if A.PULL_BACK in allowed and auto.current_auto_dispatch(case) is not None:
                names.append(name)
        elif allowed.intersection(spec.covers):
            names.append(name)
    if "accept_and_dispatch" in names:
        names.remove("accept")  # the one step replaces the two for a dispatcher
    return names


def suggested_category(case):
    """The classifier's best guess (a `classify.Suggestion`) for a case that has no category yet."""
    if case.category_id:
        return None
    found = classify.suggest(case.search_text or case.description, limit=1)
    return found[0] if found else None


def suggested_department(case, category=None):
    """The department the responsibility list names for the case's category (or, for a case without one,
    the suggested `category`); none for a case it already sent back."""
    category = case.category if case.category_id else category
    if category is None:
        return None
    return _unless_sent_back(case, taxonomy.responsible_department(category, case.community))


def suggested_departments(cases, categories) -> list:
    """`suggested_department` for a page of cases at once (two queries whatever its size); `categories`
    are the suggested ones, one per case (None for a case with a category of its own)."""
    pairs = [
        (case.category if case.category_id else category, case.community)
        for case, category in zip(cases, categories, strict=True)
    ]
    found = taxonomy.responsible_departments(pairs)
    return [_unless_sent_back(case, department) for case, department in zip(cases, found, strict=True)]


def _unless_sent_back(case, department):
    """Never suggest the department that has just sent the case back."""
    if case.state == State.SENT_BACK and department is not None and department.pk == case.department_id:
        return None
    return department


def initial_for(name: str, case, suggestion=None, category=None) -> dict:
    """A form's initial values: the case's category, else the suggested one, and the suggested department."""
    category = case.category if case.category_id else category
    if name in ("accept_and_dispatch", "dispatch"):
        return {"category": category, "department": suggestion.code if suggestion else ""}
    if name == "accept":
        return {"category": category}
    return {}


def make_form(name: str, case, request, *, data=None, files=None, initial=None):
    spec = ACTIONS[name]
    departments = ()
    if "department" in spec.form.base_fields:
        departments = cached_on_request(request, "departments", selectors.active_departments)
    auto_id = f"id_{case.number}_{name}_%s"  # unique on a page of many cases
    return spec.form(data, files, initial=initial, departments=departments, auto_id=auto_id, label_suffix="")


def action_forms(case, request, names, *, bound=None, suggestion=None, category=None) -> list[dict]:
    """[{name, spec, form}] for the page; `bound` = (name, form) puts a submitted form (with its errors)
    in place of the fresh one; `category` is the suggested one for a case without a category."""
    items = []
    for name in names:
        if bound is not None and bound[0] == name:
            form = bound[1]
        else:
            form = make_form(name, case, request, initial=initial_for(name, case, suggestion, category))
        items.append({"name": name, "spec": ACTIONS[name], "form": form})
    return items
