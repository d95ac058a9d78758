"""Enforcement records: the scoped list, recording an action with its evidence, the action's page, the
audited download of a file, the archive export and the integrity check."""

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import evidence, rules, selectors, services
from ..forms import EnforcementForm
from .common import paginate, run, staff_required

recorders_required = staff_required(rules.may_record_enforcement)


@staff_required()
def enforcement_list(request):
    q = request.GET.get("q", "").strip()
    qs = selectors.enforcement_list(request.user, q=q)
    return render(
        request,
        "conduct/enforcement_list.html",
        {"page": paginate(request, qs), "q": q, "may_record": rules.may_record_enforcement(request.user)},
    )


@recorders_required
def enforcement_create(request):
    form = EnforcementForm(
        request.POST or None, request.FILES or None, staff=selectors.enforcement_officers(request.user)
    )
    created = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        number = data["case_number"].strip()
        case = selectors.case_by_number(request.user, number)
        if number and case is None:
            form.add_error("case_number", _("No case has this number."))

        def call():
            created["action"] = services.record_enforcement_action(
                actor=request.user,
                lead_officer=data["lead_officer"],
                officers=list(data["officers"]),
                started_at=data["started_at"],
                ended_at=data["ended_at"],
                place=data["place"],
                legal_basis=data["legal_basis"],
                outcome=data["outcome"],
                evidence=form.evidence(),
                case_id=case.pk if case else None,
            )

        if not form.errors and run(
            request, form, call, _("The enforcement action is on record with its evidence.")
        ):
            return redirect("conduct:enforcement_detail", pk=created["action"].pk)
    context = {
        "form": form,
        "heading": _("Record an enforcement action"),
        "intro": _(
            "Auxiliaries may not enforce; every officer needs a valid enforcement certificate on the day; "
            "attach the recordings of at least two devices."
        ),
        "submit_label": _("Record the action"),
        "page_name": "conduct_enforcement_form",
    }
    return render(request, "conduct/form_page.html", context, status=400 if form.errors else 200)


def _action(request, pk):
    action = selectors.enforcement_for(request.user).filter(pk=pk).first()
    if action is None:
        raise Http404(_("No such enforcement action."))
    return action


@staff_required()
def enforcement_detail(request, pk: int, check=None):
    action = _action(request, pk)
    case = selectors.linked_case(request.user, action.case_id)
    context = {
        "action": action,
        "case": case,
        "officers": action.officers.select_related("department"),
        "files": action.evidence.all(),
        "events": selectors.events_for("enforcementaction", action.pk),
        "check": check,
    }
    return render(request, "conduct/enforcement_detail.html", context)


@staff_required()
def evidence_download(request, pk: int):
    item = selectors.evidence_file_for(request.user, pk)
    if item is None:
        raise Http404
    handle = evidence.open_evidence(item, user=request.user, request=request)
    return FileResponse(
        handle, as_attachment=True, filename=item.original_name, content_type=item.content_type
    )


@staff_required()
def enforcement_archive(request, pk: int):
    action = _action(request, pk)
    try:
        data = evidence.export_archive(action, user=request.user, request=request)
    except ValueError as exc:
        return render(
            request,
            "conduct/enforcement_detail.html",
            {
                "action": action,
                "files": action.evidence.all(),
                "check": evidence.verify_action(action),
                "error": str(exc),
            },
            status=409,
        )
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="enforcement-{action.pk}.zip"'
    return response


@require_POST
@staff_required()
def enforcement_verify(request, pk: int):
    action = _action(request, pk)
    return enforcement_detail(request, pk, check=evidence.verify_action(action))
