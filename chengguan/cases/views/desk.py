"""The dispatcher's desk: new reports, accepted and sent-back cases with their suggested category and
department, a one-step accept + dispatch per row (htmx, in place), rejection, and batch dispatch to the
suggestions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from chengguan.core.forms import errors_sentence
from chengguan.taxonomy import selectors as taxonomy
from chengguan.taxonomy.selectors import URGENCY_LABELS

from .. import classify, selectors, services
from ..forms import BatchCloseForm, BatchDispatchForm
from ..states import Channel, State
from ..workflow import CaseRefused
from . import queues, registry
from .auto_queue import auto_rows
from .common import (
    DESK_ROLES,
    cached_on_request,
    forbidden,
    may_dispatch,
    next_url,
    role_required,
    row_done,
    row_item,
)

PAGE_SIZE = 20
MISSING = object()
DESK_ACTIONS = ("accept_and_dispatch", "accept", "dispatch", "reject")


def _row(request, case, *, bound=None, guess=MISSING, suggestion=MISSING, expanded=True) -> dict:
    """`guess` is the classifier's suggestion for a case without a category and `suggestion` the department
    (both computed here when not given; the desk computes a page's in one go). A compact row (`expanded`
    false) has one primary action and loads the full forms on demand (`row_forms`): a page of rows with
    every form and its list of departments was most of the desk's time and HTML."""
    if guess is MISSING:
        guess = registry.suggested_category(case)
    category = guess.category if guess is not None else None
    if suggestion is MISSING:
        suggestion = registry.suggested_department(case, category)
    available = registry.available_actions(case, request.user)
    names = [name for name in available if name in DESK_ACTIONS]
    forms = None
    if expanded:
        forms = registry.action_forms(
            case, request, names, bound=bound, suggestion=suggestion, category=category
        )
    return {
        "case": case,
        "suggestion": suggestion,
        "guess": guess,
        "forms": forms,
        "primary": None if expanded else _primary(case, names, suggestion, guess),
        "has_actions": bool(names),
        # The labels from the enums: get_FOO_display() builds a dict of all the choices on every call.
        "labels": {
            "state": _label(State, case.state),
            "channel": _label(Channel, case.channel),
            "urgency": str(URGENCY_LABELS.get(case.urgency, case.urgency)),
        },
        "reported": timezone.localtime(case.reported_at),
        # One token for the page's primary forms, not a {% csrf_token %} per row.
        "csrf_input": cached_on_request(request, "csrf_input", lambda: csrf_input(request)),
        "target": f"row-{case.number}",
        "batchable": bool({"accept_and_dispatch", "dispatch"} & set(names)) and case.state != State.SENT_BACK,
    }


def _label(choices, value) -> str:
    return str(choices(value).label) if value in choices.values else value


def _primary(case, names, suggestion, guess) -> dict | None:
    """The compact row's one button: accept (when new) and dispatch to the suggested department, or, for
    someone who may not dispatch, accept; with the suggested category when the case has none."""
    category = "" if case.category_id or guess is None else guess.category_code
    if not case.category_id and not category:
        return None
    department = suggestion.code if suggestion is not None else ""
    for name in ("accept_and_dispatch", "dispatch", "accept"):
        if name in names and (department or name == "accept"):
            fields = {"category": category, "department": department if name != "accept" else ""}
            return {"name": name, "label": str(registry.ACTIONS[name].label), "fields": fields}
    return None


def _rows(request, cases) -> list[dict]:
    """The page's compact rows; the cases without a category are classified together (one category
    query), and the suggested departments found together (two queries)."""
    cases = selectors.with_send_back_reasons(cases)
    unclassified = [case for case in cases if not case.category_id]
    found = classify.suggest_many([case.search_text or case.description for case in unclassified], limit=1)
    guesses = {
        case.pk: (items[0] if items else None) for case, items in zip(unclassified, found, strict=True)
    }
    guessed = [guesses.get(case.pk) for case in cases]
    departments = registry.suggested_departments(
        cases, [guess.category if guess is not None else None for guess in guessed]
    )
    return [
        _row(request, case, guess=guess, suggestion=department, expanded=False)
        for case, guess, department in zip(cases, guessed, departments, strict=True)
    ]


def categories(request):
    return cached_on_request(request, "categories", selectors.classifiable_categories)


QUEUE_LABELS = {
    "new": gettext_lazy("Waiting for dispatch"),
    "auto": gettext_lazy("Auto-dispatched"),
    "verified": gettext_lazy("Verified, waiting to close"),
    "returned": gettext_lazy("Came back: reopened or still there"),
}


@role_required(*DESK_ROLES)
def desk(request):
    if (back := queues.remembered(request, "desk")) is not None:
        return back
    queue = request.GET.get("queue") or "new"
    if queue not in selectors.DESK_QUEUES:
        return HttpResponseBadRequest(_("Unknown queue."), content_type="text/plain; charset=utf-8")
    cases, form, params = queues.apply_filters(
        request, selectors.desk_queue(request.user, queue), default_sort=None
    )
    counts = selectors.desk_counts(request.user)
    # The page is cut from the ids alone (an index holds them), then its rows are read by id.
    paginator = Paginator(cases.values_list("pk", flat=True), PAGE_SIZE)
    if queue == "new" and not params:  # the counters have counted this queue already
        paginator.count = sum(counts[f"{state}_count"] for state in selectors.DESK_STATES)
    page = paginator.get_page(request.GET.get("page"))
    shown = selectors.cases_by_ids(request.user, list(page))  # their hints come after the page (desk_hints)
    context = {
        **counts,
        "queue": queue,
        "queue_label": QUEUE_LABELS[queue],
        "queues": [(name, label) for name, label in QUEUE_LABELS.items()],
        "page_obj": page,
        "rows": _queue_rows(request, queue, shown),
        "filter_form": form,
        "filtered": bool(params),
        "sorts": queues.SORTS,
        "clear_url": queues.clear_url(request),
        "categories": categories(request),
        "may_batch": may_dispatch(request.user),
        "markers_url": reverse("cases:geojson") + "?scope=desk",
        "next_url": request.get_full_path(),
    }
    if form.errors:
        return render(request, "cases/desk.html", context, status=400)
    queues.remember(request, "desk")
    return render(request, "cases/desk.html", context)


def _queue_rows(request, queue: str, shown) -> list[dict]:
    if queue == "new":
        return _rows(request, shown)
    if queue == "auto":
        return auto_rows(request, shown)
    return [_queue_row(case) for case in shown]


def _queue_row(case) -> dict:
    """A row of the verified or the returned queue: the case, its labels and why it came back."""
    return {
        "case": case,
        "labels": {"state": _label(State, case.state), "channel": _label(Channel, case.channel)},
        "reported": timezone.localtime(case.reported_at),
        "persists": case.state == State.CLOSED,
    }


@require_POST
@role_required(*DESK_ROLES)
def batch_close(request):
    """Close the selected verified cases in one go (`services.close_cases`) and say which closed and which
    were refused, and why."""
    back = reverse("cases:desk") + "?queue=verified"
    form = BatchCloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_sentence(form) or _("Select the cases to close."))
        return redirect(back)
    numbers = form.cleaned_data["cases"]
    found = selectors.case_ids_by_number(request.user, numbers)
    for number in numbers:
        if number not in found:
            messages.error(
                request, _("%(number)s: there is no such case that you may see.") % {"number": number}
            )
    if not found:
        return redirect(back)
    try:
        result = services.close_cases(
            actor=request.user, case_ids=list(found.values()), note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    numbers_by_id = {pk: number for number, pk in found.items()}
    if result.closed:
        closed = "、".join(case.number for case in result.closed)
        messages.success(request, _("Closed: %(numbers)s.") % {"numbers": closed})
    for case_id, reason in result.refused:
        messages.error(request, f"{numbers_by_id.get(case_id, case_id)}: {reason}")
    return redirect(back)


def render_row(request, case, *, bound=None, notice="", refusal="", back="", expanded=None, gone=""):
    """The desk row after an action (for htmx): the row again while the case is still on the desk (with
    all its forms after a refusal or a form error, else compact), else what happened to it (`gone`, when
    given, says so)."""
    fresh = selectors.desk_cases(request.user).filter(pk=case.pk).first()
    if fresh is None:
        visible = selectors.case_for(request.user, case.number) is not None
        return row_done(request, case, notice=gone or notice or refusal, visible=visible)
    if expanded is None:
        expanded = bound is not None or bool(refusal)
    row = _row(request, selectors.with_send_back_reasons([fresh])[0], bound=bound, expanded=expanded)
    return row_item(request, "cases/_desk_item.html", row, notice=notice, refusal=refusal, back=back)


@require_GET
@role_required(*DESK_ROLES)
def row_forms(request, number: str):
    """A desk row with all the forms of the actions the user may take on it (htmx, when the dispatcher
    opens the row's other actions)."""
    case = selectors.case_for(request.user, number)
    if case is None:
        raise Http404(_("There is no case %(number)s that you may see.") % {"number": number})
    back = next_url(request, reverse("cases:desk"))
    gone = _("%(number)s is no longer waiting for dispatch.") % {"number": number}
    return render_row(request, case, back=back, expanded=True, gone=gone)


@require_POST
@role_required(*DESK_ROLES)
def batch_dispatch(request):
    """Accept (when new) and dispatch each selected case to its suggested department, each on its own,
    and say for each whether it worked."""
    if not may_dispatch(request.user):
        return forbidden(request, _("Only dispatchers and shift leads may dispatch cases."))
    form = BatchDispatchForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("cases", [])) or _("Select the cases to dispatch."))
        return redirect("cases:desk")
    for number in form.cleaned_data["cases"]:
        level, text = _dispatch_one(request, number)
        messages.add_message(request, level, text)
    return redirect(
        reverse("cases:desk") + (f"?page={request.POST['page']}" if request.POST.get("page") else "")
    )


def _dispatch_one(request, number: str) -> tuple[int, str]:
    case = selectors.case_for(request.user, number)
    if case is None:
        return messages.ERROR, _("%(number)s: there is no such case that you may see.") % {"number": number}
    if case.state == State.SENT_BACK:
        return messages.ERROR, _("%(number)s was sent back: choose its department on its own row.") % {
            "number": number
        }
    dispatch = services.dispatch_case if case.state == State.ACCEPTED else services.accept_and_dispatch
    category = None if case.category_id else _batch_category(request, case)
    try:
        case = dispatch(case_id=case.pk, actor=request.user, category=category)
    except CaseRefused as exc:
        return messages.ERROR, f"{number}: {exc.message}"
    except ValidationError as exc:
        return messages.ERROR, f"{number}: {' '.join(exc.messages)}"
    return messages.SUCCESS, _("%(number)s accepted and dispatched to %(department)s.") % {
        "number": number,
        "department": case.department,
    }


def _batch_category(request, case):
    """For a case without a category: the suggestion its row showed (posted with the batch), so that a
    batch dispatches only what the dispatcher saw; None without one (the service then says to classify)."""
    code = request.POST.get(f"category_{case.number}", "").strip()
    return taxonomy.category_by_code(code) if code else None
