"""Violations: the scoped list, a violation's page with the person's statement and the leader's decision."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import pdf, rules, selectors, services
from ..forms import ComplaintForm, DecisionForm, StatementForm
from ..models import ViolationState
from .common import month_param, paginate, run, staff_required

SORTS = {"occurred_on", "-occurred_on", "staff__name", "-staff__name", "state", "-state"}


@staff_required()
def violation_list(request):
    state = request.GET.get("state", "")
    month = month_param(request) if request.GET.get("month") else None
    q = request.GET.get("q", "").strip()
    qs = selectors.violations_for(
        request.user, state=state if state in ViolationState.values else "", month=month, q=q
    )
    sort = request.GET.get("sort", "")
    if sort in SORTS:
        qs = qs.order_by(sort, "-pk")
    context = {
        "page": paginate(request, qs),
        "states": ViolationState.choices,
        "state": state,
        "month": request.GET.get("month", ""),
        "q": q,
        "may_substantiate": rules.is_discipline(request.user),
    }
    return render(request, "conduct/violation_list.html", context)


def _violation(request, pk):
    violation = selectors.violation_for(request.user, pk)
    if violation is None:
        raise Http404(_("No such violation."))
    return violation


@staff_required()
def violation_detail(request, pk: int, decision_form=None, statement_form=None, status=200):
    violation = _violation(request, pk)
    proposed = violation.state == ViolationState.PROPOSED
    may_decide = proposed and rules.may_decide_sanction(request.user, violation.staff)
    may_state = proposed and rules.is_self(request.user, violation.staff)
    context = {
        "violation": violation,
        "decision_form": (decision_form or DecisionForm(violation=violation)) if may_decide else None,
        "statement_form": (statement_form or StatementForm(initial={"statement": violation.statement}))
        if may_state
        else None,
        "earlier": selectors.violations_for(request.user)
        .filter(staff=violation.staff)
        .exclude(pk=violation.pk)[:10],
        "events": selectors.events_for("violation", violation.pk),
    }
    return render(request, "conduct/violation_detail.html", context, status=status)


@require_POST
@staff_required()
def violation_decide(request, pk: int):
    violation = _violation(request, pk)
    form = DecisionForm(request.POST, violation=violation)
    if form.is_valid():
        data = form.cleaned_data

        def call():
            services.decide_sanction(
                violation_id=violation.pk,
                actor=request.user,
                sanction=data["sanction"],
                reasons=data["reasons"],
                dismiss=data["dismiss"],
            )

        if run(request, form, call, _("The decision is recorded.")):
            return redirect("conduct:violation", pk=violation.pk)
    return violation_detail(request, pk, decision_form=form, status=400)


@require_POST
@staff_required()
def violation_statement(request, pk: int):
    violation = _violation(request, pk)
    form = StatementForm(request.POST)
    if form.is_valid():

        def call():
            services.state_case(
                violation_id=violation.pk, actor=request.user, statement=form.cleaned_data["statement"]
            )

        if run(request, form, call, _("Your statement is on record.")):
            return redirect("conduct:violation", pk=violation.pk)
    return violation_detail(request, pk, statement_form=form, status=400)


@staff_required()
def violation_letter(request, pk: int):
    """The decision letter as a PDF, for a decided or dismissed violation the user may see."""
    violation = _violation(request, pk)
    if violation.state == ViolationState.PROPOSED:
        raise Http404(_("No decision yet."))
    response = HttpResponse(pdf.decision_letter(violation), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="conduct-decision-{violation.pk}.pdf"'
    return response


@staff_required(rules.is_discipline)
def complaints(request):
    """The discipline office's complaints about staff conduct: open cases it holds, and the form that
    records a violation when one is substantiated."""
    form = ComplaintForm(
        request.POST or None,
        initial={"case_number": request.GET.get("case", "")},
        staff=selectors.active_staff(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = selectors.case_by_number(request.user, data["case_number"])
        created = {}
        if case is None:
            form.add_error("case_number", _("No case has this number."))
        else:

            def call():
                created["violation"] = services.substantiate_complaint(
                    actor=request.user,
                    case_id=case.pk,
                    staff=data["staff"],
                    rule=data["rule"],
                    description=data["description"],
                )

            if run(request, form, call, _("The complaint is substantiated and the violation recorded.")):
                return redirect("conduct:violation", pk=created["violation"].pk)
    context = {"form": form, "cases": selectors.complaint_cases(request.user)[:50]}
    return render(request, "conduct/complaints.html", context, status=400 if form.errors else 200)
