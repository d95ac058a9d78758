"""A participant unit's own pages: campaigns open to it, its applications, its monthly reports, its
self-assessment and — its own only — its scores. Other units' scores are never shown here; the ranking
appears on the public page once the results are published."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import selectors, services
from ..forms import ReportForm, ScoresForm, StatementForm
from ..models import Campaign, ReportState
from .common import run, unit_required


@unit_required
def home(request, unit):
    context = {
        "unit": unit,
        "applications": selectors.unit_applications(unit),
        "open_campaigns": selectors.campaigns_open_to(unit),
    }
    return render(request, "campaigns/unit_home.html", context)


@unit_required
def apply(request, campaign_pk: int, unit):
    campaign = next((c for c in selectors.campaigns_open_to(unit) if c.pk == campaign_pk), None)
    if campaign is None:
        raise Http404(_("This campaign takes no application from your unit."))
    form = StatementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        call = lambda: services.apply_for_campaign(  # noqa: E731
            campaign_id=campaign.pk,
            actor=request.user,
            unit_id=unit.pk,
            statement=form.cleaned_data["statement"],
        )
        if run(request, call, form=form, success=_("Your application is submitted.")):
            return redirect("campaigns:unit_home")
    return render(request, "campaigns/unit_apply.html", {"unit": unit, "campaign": campaign, "form": form})


def _application(unit, pk):
    application = selectors.unit_application(unit, pk)
    if application is None:  # another unit's application is simply not there
        raise Http404(_("No such application."))
    return application


@unit_required
def application(request, pk: int, unit):
    application = _application(unit, pk)
    campaign: Campaign = application.campaign
    context = {
        "unit": unit,
        "application": application,
        "campaign": campaign,
        "reports": selectors.reports_of(application),
        "report_form": ReportForm(),
        "open_states": (ReportState.DUE, ReportState.OVERDUE),
        "breakdown": selectors.breakdown(application),
        "findings": selectors.findings_of(application),
        "photos": selectors.inspection_photos(application),
        "tasks": campaign.tasks.filter(unit_kind=unit.kind),
        "self_form": ScoresForm(items=campaign.standards_for(unit.kind), findings=False),
    }
    return render(request, "campaigns/unit_application.html", context)


@unit_required
def report(request, pk: int, unit):
    """Filing a monthly report: with htmx the reports block is swapped in place, otherwise a redirect."""
    found = selectors.unit_report(unit, pk)
    if found is None:
        raise Http404(_("No such progress report."))
    form = ReportForm(request.POST or None)
    done = False
    if request.method == "POST" and form.is_valid():
        done = run(
            request,
            lambda: services.file_report(
                report_id=found.pk, actor=request.user, text=form.cleaned_data["text"]
            ),
            form=form,
            success="" if request.headers.get("HX-Request") else _("Your report is in."),
        )
    if not request.headers.get("HX-Request"):
        return redirect("campaigns:unit_application", found.application_id)
    application = found.application
    context = {
        "application": application,
        "campaign": application.campaign,
        "reports": selectors.reports_of(application),
        "open_states": (ReportState.DUE, ReportState.OVERDUE),
        "report_done": _("Your report is in.") if done else "",
        "report_error": ""
        if done
        else " ".join(str(m) for m in list(messages.get_messages(request)))
        or " ".join(e for errors in form.errors.values() for e in errors),
    }
    return render(request, "campaigns/_unit_reports.html", context)


@unit_required
def self_assess(request, pk: int, unit):
    application = _application(unit, pk)
    form = ScoresForm(
        request.POST or None, items=application.campaign.standards_for(unit.kind), findings=False
    )
    if request.method == "POST" and form.is_valid():
        run(
            request,
            lambda: services.file_self_assessment(
                application_id=application.pk,
                actor=request.user,
                scores=form.scores(),
                note=form.cleaned_data["note"],
            ),
            success=_("Your self-assessment is filed."),
        )
    return redirect("campaigns:unit_application", application.pk)
