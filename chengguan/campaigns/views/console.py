"""The civility office's console: campaigns, launching from a template, the progress dashboard with
charts, the Excel export, the search over reports and findings, and the campaign-level actions."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chengguan.org.roles import RoleCode
from chengguan.org.selectors import staff_with_role

from .. import exports, rules, selectors, services
from ..forms import CampaignFilterForm, InspectorsForm, LaunchForm, OnBehalfForm, WindowForm
from ..models import ReportState, UnitKind
from .common import campaign_or_404, console_required, forbidden, run

SORTS = [
    ("-starts_on", gettext_lazy("newest first")),
    ("name", gettext_lazy("name")),
    ("state", gettext_lazy("state")),
]


@console_required
def campaign_list(request):
    filters = CampaignFilterForm(request.GET or None)
    state = filters.cleaned_data.get("state", "") if filters.is_valid() else ""
    qs = selectors.campaign_list(
        request.user, state=state, q=request.GET.get("q", ""), sort=request.GET.get("sort", "-starts_on")
    )
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "campaigns/list.html",
        {"page": page, "filters": filters, "sorts": SORTS, "may_launch": rules.may_launch(request.user)},
    )


def _departments(user):
    return selectors.launch_departments(user)


@console_required
def launch(request):
    if not rules.may_launch(request.user):
        return forbidden(request)
    form = LaunchForm(
        request.POST or None,
        departments=_departments(request.user),
        inspectors=staff_with_role(RoleCode.INSPECTOR),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = {}

        def call():
            created["campaign"] = services.launch_campaign(
                actor=request.user,
                blueprint=data["blueprint"],
                owner_department=data["owner_department"],
                starts_on=data["starts_on"],
                name=data["name"],
                inspectors=list(data["inspectors"]),
            )

        if run(request, call, form=form, success=_("The campaign is launched.")):
            return redirect("campaigns:dashboard", created["campaign"].pk)
    return render(request, "campaigns/launch.html", {"form": form})


def _charts(rows, campaign) -> dict:
    names = [row["unit"].name for row in rows]
    scores = [float(row["application"].score) if row["application"].score is not None else 0 for row in rows]
    counts = {state: 0 for state in ReportState.values}
    for report in campaign.applications.values_list("reports__state", flat=True):
        if report:
            counts[report] += 1
    return {
        "scores": {
            "tooltip": {},
            "grid": {"left": 140, "right": 20, "top": 10, "bottom": 30},
            "xAxis": {"type": "value", "max": 100},
            "yAxis": {"type": "category", "data": names, "inverse": True},
            "series": [{"type": "bar", "data": scores, "name": str(_("Inspection score"))}],
        },
        "reports": {
            "tooltip": {"trigger": "item"},
            "series": [
                {
                    "type": "pie",
                    "radius": ["35%", "65%"],
                    "data": [
                        {"name": str(ReportState(state).label), "value": n}
                        for state, n in counts.items()
                        if n
                    ],
                }
            ],
        },
    }


@console_required
def dashboard(request, pk: int):
    campaign = campaign_or_404(request.user, pk)
    rows = selectors.progress_rows(campaign)
    context = {
        "campaign": campaign,
        "rows": rows,
        "charts": _charts(rows, campaign),
        "manages": rules.manages(request.user, campaign),
        "ranking": services.ranking(campaign),
        "events": campaign.events.select_related("application__unit").order_by("-at", "-id")[:30],
        "open_rectifications": services.open_rectifications(campaign).count(),
        "window_form": WindowForm(),
        "behalf_form": OnBehalfForm(campaign=campaign),
        "inspectors_form": InspectorsForm(
            initial={"inspectors": list(campaign.inspectors.all())},
            inspectors=staff_with_role(RoleCode.INSPECTOR),
        ),
        "quota": [
            (str(_("all kinds")) if kind == "*" else str(UnitKind(kind).label), n)
            for kind, n in campaign.quota.items()
            if kind == "*" or kind in UnitKind.values
        ],
        "q": request.GET.get("q", ""),
        "found": selectors.search_records(campaign, request.GET.get("q", "")),
    }
    return render(request, "campaigns/dashboard.html", context)


@console_required
def search(request, pk: int):
    """The search over reports, findings and evidence: a fragment for htmx, the dashboard otherwise."""
    campaign = campaign_or_404(request.user, pk)
    q = request.GET.get("q", "")
    if not request.headers.get("HX-Request"):
        return redirect(f"{reverse('campaigns:dashboard', args=[campaign.pk])}?{urlencode({'q': q})}")
    found = selectors.search_records(campaign, q)
    return render(request, "campaigns/_search_results.html", {"found": found, "q": q, "campaign": campaign})


@console_required
def export(request, pk: int):
    campaign = campaign_or_404(request.user, pk)
    content = exports.progress_workbook(campaign, selectors.progress_rows(campaign))
    exports.record_export(user=request.user, campaign=campaign)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="campaign-{campaign.code}.xlsx"'
    return response


ACTIONS = {
    "publish_applications": (
        services.publish_applications,
        gettext_lazy("The applications are on public notice."),
    ),
    "propose_results": (services.propose_results, gettext_lazy("The proposed list is on public notice.")),
}


@require_POST
@console_required
def act(request, pk: int, action: str):
    campaign = campaign_or_404(request.user, pk)
    if action not in ACTIONS:
        return forbidden(request)
    form = WindowForm(request.POST)
    window = form.cleaned_data["window_days"] if form.is_valid() else 5
    service, success = ACTIONS[action]
    run(
        request,
        lambda: service(campaign_id=campaign.pk, actor=request.user, window_days=window),
        success=success,
    )
    return redirect("campaigns:dashboard", campaign.pk)


@require_POST
@console_required
def inspectors(request, pk: int):
    campaign = campaign_or_404(request.user, pk)
    form = InspectorsForm(request.POST, inspectors=staff_with_role(RoleCode.INSPECTOR))
    if form.is_valid():
        run(
            request,
            lambda: services.assign_inspectors(
                campaign_id=campaign.pk, actor=request.user, inspectors=list(form.cleaned_data["inspectors"])
            ),
            success=gettext_lazy("Inspectors assigned."),
        )
    return redirect("campaigns:dashboard", campaign.pk)


@require_POST
@console_required
def apply_on_behalf(request, pk: int):
    campaign = campaign_or_404(request.user, pk)
    form = OnBehalfForm(request.POST, campaign=campaign)
    if form.is_valid():
        run(
            request,
            lambda: services.apply_for_campaign(
                campaign_id=campaign.pk,
                actor=request.user,
                unit_id=form.cleaned_data["unit"].pk,
                statement=form.cleaned_data["statement"],
            ),
            success=gettext_lazy("The application is entered."),
        )
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("campaigns:dashboard", campaign.pk)
