"""One unit in a campaign, for the civility office and the inspectors: the breakdown, reports, findings
and their cases, vetoes, the timeline; scoring, veto, refusal, measures on the title; the contact's
masked phone (revealing it is audited) and the certificate."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chengguan.core.privacy import mask_name, mask_phone

from .. import certificate, exports, rules, selectors, services
from ..forms import MeasureForm, ReasonForm, ScoresForm, VetoForm
from ..models import HOLDS_TITLE, ApplicationState
from .common import application_or_404, console_required, forbidden, run, unit_required


def _detail(request, application, *, revealed=False, scores_form=None, veto_form=None, status=200):
    campaign = application.campaign
    unit = application.unit
    context = {
        "application": application,
        "campaign": campaign,
        "unit": unit,
        "contact_name": unit.contact_name if revealed else mask_name(unit.contact_name),
        "contact_phone": unit.contact_phone if revealed else mask_phone(unit.contact_phone),
        "revealed": revealed,
        "breakdown": selectors.breakdown(application),
        "reports": selectors.reports_of(application),
        "findings": selectors.findings_of(application),
        "vetoes": application.vetoes.select_related("condition").prefetch_related("photos"),
        "photos": selectors.inspection_photos(application),
        "events": application.events.order_by("-at", "-id")[:50],
        "manages": rules.manages(request.user, campaign),
        "may_inspect": rules.may_inspect(request.user, campaign)
        and application.state == ApplicationState.ACCEPTED,
        "scores_form": scores_form or ScoresForm(items=campaign.standards_for(unit.kind), findings=True),
        "veto_form": veto_form or VetoForm(conditions=campaign.veto_conditions.all()),
        "refuse_form": ReasonForm(),
        "measure_form": MeasureForm(),
        "holds_title": application.title in HOLDS_TITLE,
    }
    return render(request, "campaigns/application.html", context, status=status)


@console_required
def application_detail(request, pk: int):
    return _detail(request, application_or_404(request.user, pk))


@require_POST
@console_required
def reveal_contact(request, pk: int):
    application = application_or_404(request.user, pk)
    if not rules.manages(request.user, application.campaign):
        return forbidden(request)
    exports.record_reveal(user=request.user, unit=application.unit)
    return _detail(request, application, revealed=True)


@console_required
def inspect(request, pk: int):
    application = application_or_404(request.user, pk)
    if request.method != "POST":
        return redirect("campaigns:application", pk)
    form = ScoresForm(
        request.POST, items=application.campaign.standards_for(application.unit.kind), findings=True
    )
    if form.is_valid():

        def call():
            services.inspect_unit(
                application_id=application.pk,
                actor=request.user,
                scores=form.scores(),
                findings=form.finding_list(),
                note=form.cleaned_data["note"],
                photos=request.FILES.getlist("photos"),
            )

        if run(request, call, form=form, success=_("The inspection is recorded.")):
            return redirect("campaigns:application", pk)
    return _detail(request, application, scores_form=form, status=400)


@require_POST
@console_required
def veto(request, pk: int):
    application = application_or_404(request.user, pk)
    form = VetoForm(request.POST, conditions=application.campaign.veto_conditions.all())
    if form.is_valid():
        call = lambda: services.record_veto(  # noqa: E731
            application_id=application.pk,
            actor=request.user,
            condition_id=int(form.cleaned_data["condition"]),
            evidence=form.cleaned_data["evidence"],
            photos=request.FILES.getlist("photos"),
        )
        if run(request, call, form=form, success=_("The veto is recorded: the unit is disqualified.")):
            return redirect("campaigns:application", pk)
    return _detail(request, application, veto_form=form, status=400)


@require_POST
@console_required
def refuse(request, pk: int):
    application = application_or_404(request.user, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        run(
            request,
            lambda: services.refuse_application(
                application_id=application.pk, actor=request.user, reason=form.cleaned_data["reason"]
            ),
            success=_("The application is refused."),
        )
    return redirect("campaigns:application", pk)


@require_POST
@console_required
def measure(request, pk: int):
    application = application_or_404(request.user, pk)
    form = MeasureForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        run(
            request,
            lambda: services.take_title_measure(
                application_id=application.pk,
                actor=request.user,
                measure=data["measure"],
                reason=data["reason"],
                rectify_by=data["rectify_by"],
            ),
            success=_("The measure is on record."),
        )
    else:
        messages.error(request, _("Give the measure and the reasons."))
    return redirect("campaigns:application", pk)


def certificate_response(application) -> HttpResponse:
    if application.title not in HOLDS_TITLE or not application.certificate_no:
        raise Http404(_("This unit holds no certificate."))
    response = HttpResponse(certificate.render(application), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{application.certificate_no}.pdf"'
    return response


@console_required
def staff_certificate(request, pk: int):
    return certificate_response(application_or_404(request.user, pk))


@unit_required
def unit_certificate(request, pk: int, unit):
    application = selectors.unit_application(unit, pk)
    if application is None:
        raise Http404(_("No such application."))
    return certificate_response(application)


def evidence_file(request, pk: int):
    """An evidence photo, for staff who see the campaign and for the unit it is about."""
    photo = selectors.photo_for(request.user, pk)
    if photo is None or not photo.file:
        raise Http404(_("No such file."))
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
    response["Content-Disposition"] = f'inline; filename="evidence-{photo.pk}.{photo.extension}"'
    response["Cache-Control"] = "private, no-store"
    return response
