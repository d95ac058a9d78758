"""Staff pages for rounds: list, set-up (targets, questionnaire, nominees, weights), opening and closing,
inspection results, results with the ranking breakdown, publishing the ranking as a notice."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengguan.core import audit
from chengguan.core.forms import add_service_errors, errors_sentence
from chengguan.org.selectors import visible_departments

from .. import exports, results, rules, selectors, services
from ..forms import (
    InspectionForm,
    NomineeForm,
    PublishForm,
    QuestionForm,
    RoundForm,
    TargetForm,
)
from ..models import COMPONENT_LABELS, COMPONENTS, RoundState
from .common import console_required, forbidden, round_or_404, run

SORTS = ("title", "state", "start", "ballot_count", "flagged_count")


@console_required
def manage_list(request):
    state = request.GET.get("state", "")
    rounds = selectors.visible_rounds(request.user, state=state)
    sort = request.GET.get("sort", "")
    if sort.lstrip("-") in SORTS:
        rounds = rounds.order_by(sort, "-id")
    page = Paginator(rounds, 20).get_page(request.GET.get("page"))
    context = {"page_obj": page, "rounds": page.object_list, "state": state, "states": RoundState}
    return render(request, "evaluation/manage_list.html", context)


@console_required
def create(request):
    form = RoundForm(
        request.POST or None, departments=visible_departments(request.user).filter(is_active=True)
    )
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.create_round(actor=request.user, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error("owner_department", str(exc))
        else:
            messages.success(
                request, _("The round is saved as a draft: add targets and questions, then open it.")
            )
            return redirect("evaluation:manage_detail", pk=round_.pk)
    return render(request, "evaluation/round_form.html", {"form": form}, status=400 if form.errors else 200)


@console_required
def edit(request, pk: int):
    round_ = round_or_404(request, pk)
    if not rules.may_manage_round(request.user, round_):
        return forbidden(request)
    initial = {
        f: getattr(round_, f)
        for f in ("title", "description", "start", "end", "max_choices", "eligible_voters")
    }
    initial.update({f"weight_{c}": getattr(round_, f"weight_{c}") for c in COMPONENTS})
    form = RoundForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_round(round_id=round_.pk, actor=request.user, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        except services.EvaluationRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The round is saved."))
            return redirect("evaluation:manage_detail", pk=round_.pk)
    context = {"form": form, "round": round_}
    return render(request, "evaluation/round_form.html", context, status=400 if form.errors else 200)


@console_required
def manage_detail(request, pk: int):
    round_ = round_or_404(request, pk)
    may_manage = rules.may_manage_round(request.user, round_)
    target_results = results.target_results(round_)
    inspections = {t.pk: getattr(t, "inspection", None) for t in round_.targets.select_related("inspection")}
    chart = {
        "xAxis": {"type": "category", "data": [r.target.name for r in target_results]},
        "yAxis": {"type": "value", "max": 100},
        "series": [
            {
                "type": "bar",
                "data": [round(100 * r.rate, 1) if r.rate is not None else 0 for r in target_results],
            }
        ],
        "tooltip": {},
    }
    context = {
        "round": round_,
        "may_manage": may_manage,
        "is_draft": round_.state == RoundState.DRAFT,
        "targets": round_.targets.select_related("department", "staff"),
        "questions": round_.questions.all(),
        "nominees": selectors.nominees_with_votes(round_),
        "target_form": TargetForm(prefix="target"),
        "question_form": QuestionForm(prefix="question"),
        "nominee_form": NomineeForm(prefix="nominee"),
        "publish_form": PublishForm(),
        "results": target_results,
        "staff_view": True,
        "units": [(r.target, inspections.get(r.target.pk)) for r in target_results if r.target.is_unit],
        "ranking": selectors.ranking(round_),
        "events": round_.events.all(),
        "chart": chart,
        "weights": [(c, COMPONENT_LABELS[c], getattr(round_, f"weight_{c}")) for c in COMPONENTS],
    }
    return render(request, "evaluation/manage_detail.html", context)


@require_POST
@console_required
def add(request, pk: int, kind: str):
    round_ = round_or_404(request, pk)
    forms = {"target": TargetForm, "question": QuestionForm, "nominee": NomineeForm}
    if kind not in forms:
        raise Http404(_("No such item."))
    form = forms[kind](request.POST, prefix=kind)
    if not form.is_valid():
        messages.error(request, errors_sentence(form))
        return redirect("evaluation:manage_detail", pk=round_.pk)
    data = form.cleaned_data
    calls = {
        "target": lambda: services.add_target(round_id=round_.pk, actor=request.user, **data),
        "question": lambda: services.add_question(round_id=round_.pk, actor=request.user, **data),
        "nominee": lambda: services.add_nominee(round_id=round_.pk, actor=request.user, **data),
    }
    return run(request, round_, calls[kind], _("Added."))


@require_POST
@console_required
def remove(request, pk: int, kind: str, item: int):
    round_ = round_or_404(request, pk)
    call = lambda: services.remove_item(round_id=round_.pk, actor=request.user, kind=kind, item_id=item)  # noqa: E731
    return run(request, round_, call, _("Removed."))


@require_POST
@console_required
def act(request, pk: int, action: str):
    round_ = round_or_404(request, pk)
    user = request.user
    if action == "open":
        return run(
            request, round_, lambda: services.open_round(round_id=round_.pk, actor=user), _("Voting is open.")
        )
    if action == "close":
        return run(
            request,
            round_,
            lambda: services.close_round(round_id=round_.pk, actor=user),
            _("Voting is closed."),
        )
    if action == "rank":
        return run(
            request,
            round_,
            lambda: services.rank_round(round_id=round_.pk, actor=user),
            _("The units are ranked."),
        )
    if action == "publish":
        form = PublishForm(request.POST)
        days = form.cleaned_data["window_days"] if form.is_valid() else 5
        call = lambda: services.publish_ranking(round_id=round_.pk, actor=user, window_days=days)  # noqa: E731
        return run(request, round_, call, _("The ranking is published as a notice with an objection period."))
    raise Http404(_("No such action."))


@require_POST
@console_required
def inspection(request, pk: int):
    round_ = round_or_404(request, pk)
    form = InspectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("An inspection score is a number from 0 to 100."))
        return redirect("evaluation:manage_detail", pk=round_.pk)
    call = lambda: services.enter_inspection(round_id=round_.pk, actor=request.user, **form.cleaned_data)  # noqa: E731
    return run(request, round_, call, _("The inspection result is saved."))


@console_required
def export(request, pk: int):
    round_ = round_or_404(request, pk)
    with transaction.atomic():
        audit.record(audit.Action.EXPORT, actor=request.user, target=round_, data={"format": "xlsx"})
    response = HttpResponse(
        exports.round_workbook(round_),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="evaluation-{round_.pk}.xlsx"'
    return response
