"""The dispatcher's desk: new reports, accepted and sent-back cases with their suggested category and
department, a one-step accept + dispatch per row (htmx, in place), rejection, and batch dispatch to the
suggestions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengguan.taxonomy import selectors as taxonomy

from .. import classify, selectors, services
from ..forms import BatchDispatchForm
from ..states import State
from ..workflow import TransitionRefused
from . import queries, registry
from .common import DESK_ROLES, cached_on_request, forbidden, may_dispatch, role_required, row_done, row_item

PAGE_SIZE = 20
MISSING = object()
DESK_ACTIONS = ("accept_and_dispatch", "accept", "dispatch", "reject")


def _row(request, case, *, bound=None, guess=MISSING) -> dict:
    """`guess` is the classifier's suggestion for a case without a category (computed here when not
    given; the desk computes a page's in one go)."""
    if guess is MISSING:
        guess = registry.suggested_category(case)
    category = guess.category if guess is not None else None
    suggestion = registry.suggested_department(case, category)
    names = [name for name in registry.available_actions(case, request.user) if name in DESK_ACTIONS]
    return {
        "case": case,
        "suggestion": suggestion,
        "guess": guess,
        "forms": registry.action_forms(
            case, request, names, bound=bound, suggestion=suggestion, category=category
        ),
        "target": f"row-{case.number}",
        "batchable": bool({"accept_and_dispatch", "dispatch"} & set(names)) and case.state != State.SENT_BACK,
    }


def _rows(request, cases) -> list[dict]:
    """The page's rows; the cases without a category are classified together (one category query)."""
    cases = list(cases)
    unclassified = [case for case in cases if not case.category_id]
    found = classify.suggest_many([case.search_text or case.description for case in unclassified], limit=1)
    guesses = {
        case.pk: (items[0] if items else None) for case, items in zip(unclassified, found, strict=True)
    }
    return [_row(request, case, guess=guesses.get(case.pk)) for case in cases]


def categories(request):
    return cached_on_request(request, "categories", queries.classifiable_categories)


@role_required(*DESK_ROLES)
def desk(request):
    cases = queries.desk_cases(request.user)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "rows": _rows(request, page),
        "categories": categories(request),
        "reported_count": cases.filter(state=State.REPORTED).count(),
        "accepted_count": cases.filter(state=State.ACCEPTED).count(),
        "sent_back_count": cases.filter(state=State.SENT_BACK).count(),
        "may_batch": may_dispatch(request.user),
        "markers_url": reverse("cases:geojson") + "?scope=desk",
        "next_url": request.get_full_path(),
    }
    return render(request, "cases/desk.html", context)


def render_row(request, case, *, bound=None, notice: str = "", refusal: str = "", back: str = ""):
    """The desk row after an action (for htmx): the row again while the case is still on the desk,
    else what happened to it."""
    fresh = queries.desk_cases(request.user).filter(pk=case.pk).first()
    if fresh is None:
        visible = selectors.case_for(request.user, case.number) is not None
        return row_done(request, case, notice=notice or refusal, visible=visible)
    row = _row(request, fresh, bound=bound)
    return row_item(request, "cases/_desk_item.html", row, notice=notice, refusal=refusal, back=back)


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
    except TransitionRefused as exc:
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
