"""三查 check pages (discipline office): the checks with the monthly plan, a new check, scoring and findings,
the written report, and the PDFs for the district's work-style office."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengguan.org.roles import RoleCode

from .. import reports, rules, selectors, services
from ..forms import CheckFindingForm, CheckForm, CheckScoreForm
from ..models import CheckKind, CheckState
from ..selectors import checks as check_selectors
from .common import month_param, paginate, run, staff_required

discipline_required = staff_required(rules.is_discipline)


def _year(request, today) -> int:
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        return today.year
    return year if 2000 <= year <= 2100 else today.year


@discipline_required
def check_list(request):
    today = timezone.localdate()
    year = _year(request, today)
    month = month_param(request) if request.GET.get("month") else None
    kind = request.GET.get("kind", "")
    qs = check_selectors.check_list(request.user, month=month, kind=kind if kind in CheckKind.values else "")
    plan = check_selectors.month_plan(request.user, year, today=today)
    context = {
        "page": paginate(request, qs),
        "plan": plan,
        "year": year,
        "month": month,
        "kinds": CheckKind.choices,
        "kind": kind,
        "this_month": next(row for row in plan if row["current"]) if year == today.year else None,
        "per_month": check_selectors.CHECKS_PER_MONTH,
        "checklists": check_selectors.active_checklists(),
    }
    return render(request, "conduct/check_list.html", context)


@discipline_required
def check_create(request):
    checklists = check_selectors.active_checklists()
    initial = {"held_on": timezone.localdate()}
    chosen = checklists.filter(code=request.GET.get("checklist", "")).first()
    if chosen is not None:
        initial.update(checklist=chosen, title=f"{timezone.localdate():%Y年%m月}{chosen.name}")
    form = CheckForm(
        request.POST or None,
        initial=initial,
        checklists=checklists,
        inspectors=selectors.active_staff(request.user, role=RoleCode.DISCIPLINE),
        units=selectors.visible_departments(request.user).filter(is_active=True),
    )
    created = {}
    if request.method == "POST" and form.is_valid():

        def call():
            created["check"] = services.create_check(actor=request.user, **form.cleaned_data)

        if run(request, form, call, _("The check is opened: score its items and record what it finds.")):
            return redirect("conduct:check", pk=created["check"].pk)
    context = {
        "form": form,
        "heading": _("New 三查 check"),
        "submit_label": _("Open the check"),
        "page_name": "conduct_check_form",
    }
    return render(request, "conduct/form_page.html", context, status=400 if form.errors else 200)


def _check(request, pk):
    check = check_selectors.check_for(request.user, pk)
    if check is None:
        raise Http404(_("No such check."))
    return check


@discipline_required
def check_detail(request, pk: int):
    check = _check(request, pk)
    rows = check_selectors.item_rows(check)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    score_form = CheckScoreForm(request.POST if action == "score" else None, rows=rows)
    finding_form = CheckFindingForm(
        request.POST if action == "finding" else None,
        items=check_selectors.active_items().filter(checklist_id=check.checklist_id),
        staff=selectors.active_staff(request.user),
        units=selectors.visible_departments(request.user).filter(is_active=True),
    )
    if action == "score" and score_form.is_valid():

        def score():
            services.score_check(actor=request.user, check_id=check.pk, scores=score_form.scores(rows))

        if run(request, score_form, score, _("The scores are saved.")):
            return redirect("conduct:check", pk=check.pk)
    elif action == "finding" and finding_form.is_valid():

        def record():
            services.record_check_finding(actor=request.user, check_id=check.pk, **finding_form.cleaned_data)

        if run(request, finding_form, record, _("The finding is recorded.")):
            return redirect("conduct:check", pk=check.pk)
    invalid = bool(score_form.errors or finding_form.errors)
    context = {
        "check": check,
        "score_form": score_form,
        "form": finding_form,
        "findings": check_selectors.check_findings(request.user, check),
        "is_open": check.state == CheckState.OPEN,
        "events": selectors.events_for("check", check.pk),
    }
    return render(request, "conduct/check_detail.html", context, status=400 if invalid else 200)


@require_POST
@discipline_required
def check_report(request, pk: int):
    check = _check(request, pk)

    def call():
        services.report_check(actor=request.user, check_id=check.pk, report=request.POST.get("report", ""))

    run(
        request,
        None,
        call,
        _("The check is reported. Download the written report for the work-style office."),
    )
    return redirect("conduct:check", pk=check.pk)


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@discipline_required
def check_report_pdf(request, pk: int):
    check = _check(request, pk)
    if check.state != CheckState.REPORTED:
        messages.error(request, _("Write the check's report first."))
        return redirect("conduct:check", pk=check.pk)
    return _pdf(reports.check_report(request.user, check), f"sancha-check-{check.pk}.pdf")


@discipline_required
def month_summary_pdf(request):
    month = month_param(request)
    return _pdf(reports.month_summary(request.user, month), f"sancha-{month:%Y-%m}.pdf")
