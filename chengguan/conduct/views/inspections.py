"""Inspection pages (discipline office): the list, a new inspection, its findings, closing it."""

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengguan.org.roles import RoleCode

from .. import evidence, rules, selectors, services
from ..forms import FindingForm, InspectionForm
from ..models import InspectionKind, InspectionState
from .common import paginate, run, staff_required

discipline_required = staff_required(rules.is_discipline)


@discipline_required
def inspection_list(request):
    kind = request.GET.get("kind", "")
    qs = selectors.inspection_list(request.user, kind=kind, sort=request.GET.get("sort", "-held_on"))
    context = {"page": paginate(request, qs), "kinds": InspectionKind.choices, "kind": kind}
    return render(request, "conduct/inspection_list.html", context)


@discipline_required
def inspection_create(request):
    departments = selectors.visible_departments(request.user)
    form = InspectionForm(
        request.POST or None,
        departments=departments,
        inspectors=selectors.active_staff(request.user, role=RoleCode.DISCIPLINE),
    )
    created = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def call():
            created["inspection"] = services.create_inspection(
                actor=request.user,
                kind=data["kind"],
                title=data["title"],
                held_on=data["held_on"],
                department=data["department"],
                inspectors=data["inspectors"],
                scope_departments=data["scope_departments"],
                scope_staff=data["scope_staff"],
                scope_places=data["scope_places"],
                checklist=data["checklist"].splitlines(),
            )

        if run(request, form, call, _("The inspection is opened. Record its findings.")):
            return redirect("conduct:inspection", pk=created["inspection"].pk)
    context = {
        "form": form,
        "heading": _("New inspection"),
        "submit_label": _("Open the inspection"),
        "page_name": "conduct_inspection_form",
    }
    return render(request, "conduct/form_page.html", context, status=400 if form.errors else 200)


def _inspection(request, pk):
    inspection = selectors.inspections_for(request.user).filter(pk=pk).first()
    if inspection is None:
        raise Http404(_("No such inspection."))
    return inspection


@discipline_required
def inspection_detail(request, pk: int):
    inspection = _inspection(request, pk)
    form = FindingForm(request.POST or None, staff=selectors.active_staff(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def call():
            services.record_finding(
                actor=request.user,
                inspection_id=inspection.pk,
                target=data["target"],
                description=data["description"],
                staff=data["staff"],
                rule=data["rule"],
                place=data["place"],
                raise_case=data["raise_case"],
                evidence=request.FILES.getlist("evidence"),
            )

        if run(request, form, call, _("The finding is recorded.")):
            return redirect("conduct:inspection", pk=inspection.pk)
    findings = selectors.findings_of(request.user, inspection)
    context = {
        "inspection": inspection,
        "findings": findings,
        "form": form,
        "is_open": inspection.state == InspectionState.OPEN,
        "events": selectors.events_for("inspection", inspection.pk),
    }
    return render(request, "conduct/inspection_detail.html", context, status=400 if form.errors else 200)


@require_POST
@discipline_required
def inspection_close(request, pk: int):
    inspection = _inspection(request, pk)

    def call():
        services.close_inspection(
            actor=request.user, inspection_id=inspection.pk, report=request.POST.get("report", "")
        )

    run(request, None, call, _("The inspection is closed."))
    return redirect("conduct:inspection", pk=inspection.pk)


@discipline_required
def finding_evidence(request, pk: int):
    """A finding's evidence file, for the discipline office; each opening is written to the audit log."""
    item = selectors.finding_evidence_for(request.user, pk)
    if item is None:
        raise Http404
    handle = evidence.open_finding_evidence(item, user=request.user, request=request)
    return FileResponse(handle, as_attachment=True, filename=item.original_name)
