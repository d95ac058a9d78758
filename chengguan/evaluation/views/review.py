"""Staff pages for reviewing ballots (void with a reason, clear a flag) and triaging opinions (area and
category, merge, split, set aside, raise a rectification case)."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengguan.core.forms import errors_sentence

from .. import rules, selectors, services
from ..forms import MergeForm, ReasonForm, RectifyForm, SplitForm, TriageForm
from ..models import BallotStatus, OpinionState
from .common import console_required, forbidden, round_or_404, run


@console_required
def ballots(request, pk: int):
    round_ = round_or_404(request, pk)
    status = request.GET.get("status", BallotStatus.FLAGGED)
    page = Paginator(selectors.ballots_for_review(round_, status=status), 50).get_page(
        request.GET.get("page")
    )
    context = {
        "round": round_,
        "page_obj": page,
        "ballots": page.object_list,
        "status": status,
        "statuses": BallotStatus,
        "may_manage": rules.may_manage_round(request.user, round_),
        "reason_form": ReasonForm(),
    }
    return render(request, "evaluation/ballots.html", context)


@require_POST
@console_required
def ballot_action(request, pk: int, ballot: int, action: str):
    """Void (with a reason) or clear a flag. From htmx the ballot's row is answered in place."""
    round_ = round_or_404(request, pk)
    calls = {
        "void": partial(
            services.void_ballot,
            round_id=round_.pk,
            ballot_id=ballot,
            actor=request.user,
            reason=request.POST.get("reason", ""),
        ),
        "clear": partial(services.clear_flag, round_id=round_.pk, ballot_id=ballot, actor=request.user),
    }
    done = {
        "void": _("The ballot is voided; the reason is on record."),
        "clear": _("The flag is cleared; the ballot counts."),
    }
    if action not in calls:
        raise Http404(_("No such action."))
    if not request.headers.get("HX-Request"):
        return run(request, round_, calls[action], done[action], to="evaluation:ballots")
    message, error = done[action], False
    try:
        calls[action]()
    except (services.EvaluationRefused, ValidationError) as exc:
        message, error = " ".join(getattr(exc, "messages", [str(exc)])), True
    except PermissionDenied:
        return forbidden(request)
    row = selectors.ballots_for_review(round_).filter(pk=ballot).first()
    if row is None:
        raise Http404(_("No such ballot in this round."))
    context = {
        "b": row,
        "round": round_,
        "may_manage": rules.may_manage_round(request.user, round_),
        "row_message": message,
        "row_error": error,
    }
    return render(request, "evaluation/_ballot_row.html", context)  # 200 either way: htmx swaps it


@console_required
def opinions(request, pk: int):
    round_ = round_or_404(request, pk)
    state = request.GET.get("state", "")
    q = request.GET.get("q", "").strip()
    page = Paginator(selectors.opinions_for_staff(round_, state=state, q=q), 20).get_page(
        request.GET.get("page")
    )
    context = {
        "round": round_,
        "page_obj": page,
        "opinions": [(o, _forms(o)) for o in page.object_list],
        "state": state,
        "q": q,
        "states": OpinionState,
        "open_states": (OpinionState.NEW, OpinionState.TRIAGED),
        "may_manage": rules.may_manage_round(request.user, round_),
    }
    return render(request, "evaluation/opinions.html", context)


FORMS = {
    "triage": TriageForm,
    "merge": MergeForm,
    "split": SplitForm,
    "rectify": RectifyForm,
    "set_aside": ReasonForm,
}


def _forms(opinion) -> dict:
    """Each opinion's own forms (prefixed, so the page's field ids stay unique)."""
    initial = {"rectify": {"department": opinion.target.department_id if opinion.target else None}}
    return {
        action: form(prefix=f"o{opinion.pk}-{action}", initial=initial.get(action))
        for action, form in FORMS.items()
    }


@require_POST
@console_required
def opinion_action(request, pk: int, action: str):
    opinion = selectors.visible_opinion(request.user, pk)
    if opinion is None:
        raise Http404(_("No such opinion."))
    round_ = round_or_404(request, opinion.round_id)
    if action not in FORMS:
        raise Http404(_("No such action."))
    form = FORMS[action](request.POST, prefix=f"o{pk}-{action}")
    if not form.is_valid():
        messages.error(request, errors_sentence(form))
        return redirect("evaluation:opinions", pk=round_.pk)
    data, user = form.cleaned_data, request.user
    calls = {
        "triage": lambda: services.triage_opinion(opinion_id=pk, actor=user, **data),
        "merge": lambda: services.merge_opinions(opinion_id=pk, duplicate_ids=data["duplicates"], actor=user),
        "split": lambda: services.split_opinion(opinion_id=pk, actor=user, parts=data["parts"]),
        "rectify": lambda: services.raise_rectification(opinion_id=pk, actor=user, **data),
        "set_aside": lambda: services.set_aside(opinion_id=pk, actor=user, reason=data["reason"]),
    }
    done = {
        "triage": _("The opinion is triaged."),
        "merge": _("The duplicates are merged into this opinion."),
        "split": _("The opinion is split."),
        "rectify": _("The rectification case is raised."),
        "set_aside": _("The opinion is set aside."),
    }
    return run(request, round_, calls[action], done[action], to="evaluation:opinions")
