"""Reads shared by the pages, the export and the demo, scoped to what the user may see."""

from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from chengguan.cases.states import State as CaseState
from chengguan.core.text import normalize
from chengguan.org.models import Department
from chengguan.org.rules import is_administrator, staff_of

from . import rules
from .models import (
    Application,
    ApplicationState,
    Campaign,
    CampaignState,
    EvidencePhoto,
    Finding,
    Inspection,
    InspectionKind,
    ItemScore,
    ProgressReport,
    ReportState,
    Title,
    Unit,
    UnitKind,
    UnitMember,
)

PUBLIC_RESULT_TITLES = (Title.NAMED, Title.WARNED, Title.RECTIFYING, Title.REVOKED)


def visible_campaigns(user) -> QuerySet[Campaign]:
    """Leaders and administrators see all; civility officers their department's subtree; inspectors the
    campaigns they are assigned to."""
    qs = Campaign.objects.select_related("owner_department")
    if rules.sees_every_campaign(user):
        return qs
    staff = staff_of(user)
    if staff is None or not staff.is_active:
        return qs.none()
    scope = Q(pk__in=[])
    if staff.has_role("civility_officer"):
        scope |= Q(owner_department__path__startswith=staff.department.path)
    if staff.has_role("inspector"):
        scope |= Q(inspectors=staff)
    return qs.filter(scope).distinct()


def campaign_list(user, *, state: str = "", q: str = "", sort: str = "-starts_on") -> QuerySet[Campaign]:
    qs = visible_campaigns(user).annotate(
        applied=Count("applications", distinct=True),
        accepted=Count(
            "applications", filter=Q(applications__state=ApplicationState.ACCEPTED), distinct=True
        ),
    )
    if state in CampaignState.values:
        qs = qs.filter(state=state)
    if q.strip():
        qs = qs.filter(Q(search_text__contains=normalize(q)) | Q(code__icontains=q.strip()))
    allowed = {"starts_on", "-starts_on", "name", "-name", "state", "-state"}
    return qs.order_by(sort if sort in allowed else "-starts_on", "-id")


def unit_register(user, *, kind: str = "", q: str = "", sort: str = "name") -> QuerySet[Unit]:
    """The civility office's register of units (nothing for anyone else), each with how many applications
    it has made and how many log-ins act for it. Each count is its own subquery, so one never multiplies
    the other (a join over both counted a unit's applications once per log-in)."""
    if not rules.may_launch(user):
        return Unit.objects.none()
    applications = (
        Application.objects.filter(unit=OuterRef("pk"))
        .order_by()
        .values("unit")
        .annotate(n=Count("pk"))
        .values("n")
    )
    members = (
        UnitMember.objects.filter(unit=OuterRef("pk"))
        .order_by()
        .values("unit")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = Unit.objects.annotate(
        applications_count=Coalesce(Subquery(applications, output_field=IntegerField()), 0),
        accounts=Coalesce(Subquery(members, output_field=IntegerField()), 0),
    )
    if kind in UnitKind.values:
        qs = qs.filter(kind=kind)
    if q.strip():
        qs = qs.filter(Q(name__icontains=q.strip()) | Q(address__icontains=q.strip()))
    return qs.order_by(sort if sort in {"name", "-name", "kind", "-kind"} else "name", "pk")


def progress_rows(campaign: Campaign) -> list[dict]:
    """The dashboard's table: per application, reports in/due/overdue, self-assessment, score, open
    rectifications, veto and title."""
    applications = list(
        campaign.applications.select_related("unit").annotate(
            reports_in=Count(
                "reports",
                filter=Q(reports__state__in=[ReportState.SUBMITTED, ReportState.LATE]),
                distinct=True,
            ),
            reports_late=Count(
                "reports", filter=Q(reports__state__in=[ReportState.LATE, ReportState.OVERDUE]), distinct=True
            ),
            reports_overdue=Count("reports", filter=Q(reports__state=ReportState.OVERDUE), distinct=True),
            reports_total=Count("reports", distinct=True),
            inspections_done=Count(
                "inspections", filter=Q(inspections__kind=InspectionKind.INSPECTION), distinct=True
            ),
        )
    )
    open_cases = dict(
        Finding.objects.filter(inspection__application__campaign=campaign)
        .exclude(case__state=CaseState.CLOSED)
        .values("inspection__application")
        .annotate(n=Count("id"))
        .values_list("inspection__application", "n")
    )
    selfs = {
        i.application_id: i.total
        for i in Inspection.objects.filter(application__campaign=campaign, kind=InspectionKind.SELF).order_by(
            "done_on", "id"
        )
    }
    return [
        {
            "application": a,
            "unit": a.unit,
            "self_total": selfs.get(a.pk),
            "open_rectifications": open_cases.get(a.pk, 0),
        }
        for a in applications
    ]


def breakdown(application: Application) -> dict:
    """Per checklist item: its points, the latest self-assessment, the inspections' mean, the evidence."""
    items = list(application.campaign.standards_for(application.unit.kind))
    scores = ItemScore.objects.filter(inspection__application=application).select_related("inspection")
    official: dict[int, list] = {}
    own: dict[int, Decimal] = {}
    for score in scores.order_by("inspection__done_on", "inspection_id"):
        if score.inspection.kind == InspectionKind.INSPECTION:
            official.setdefault(score.item_id, []).append(score)
        else:
            own[score.item_id] = score.points
    rows = []
    for item in items:
        found = official.get(item.pk, [])
        mean = (
            (sum((s.points for s in found), Decimal(0)) / len(found)).quantize(Decimal("0.1"))
            if found
            else None
        )
        rows.append(
            {
                "item": item,
                "self": own.get(item.pk),
                "points": mean,
                "evidence": [s.evidence for s in found if s.evidence],
            }
        )
    return {
        "rows": rows,
        "max": sum((item.points for item in items), Decimal(0)),
        "total": application.score,
        "self_total": sum(own.values(), Decimal(0)) if own else None,
    }


def findings_of(application: Application) -> QuerySet[Finding]:
    return (
        Finding.objects.filter(inspection__application=application)
        .select_related("item", "case", "inspection")
        .order_by("inspection__done_on", "id")
    )


def application_for(user, pk: int) -> Application | None:
    """An application of a campaign the user sees (None otherwise)."""
    return (
        Application.objects.select_related("campaign__owner_department", "unit")
        .filter(pk=pk, campaign__in=visible_campaigns(user).values("pk"))
        .first()
    )


def inspection_photos(application: Application) -> QuerySet[EvidencePhoto]:
    return EvidencePhoto.objects.filter(inspection__application=application).select_related("inspection")


def photo_for(user, pk: int) -> EvidencePhoto | None:
    """An evidence photo, for staff who see its campaign and for the unit it is about (None otherwise)."""
    if user is None or not user.is_authenticated:
        return None
    photo = (
        EvidencePhoto.objects.select_related(
            "inspection__application__campaign__owner_department",
            "veto__application__campaign__owner_department",
        )
        .filter(pk=pk)
        .first()
    )
    application = photo and (photo.inspection or photo.veto).application
    if application is None:
        return None
    unit = rules.unit_of(user)
    if rules.may_view_campaign(user, application.campaign) or (
        unit is not None and unit.pk == application.unit_id
    ):
        return photo
    return None


def launch_departments(user) -> QuerySet[Department]:
    """The departments a campaign may be launched for: all for an administrator, else the user's subtree."""
    if is_administrator(user):
        return Department.objects.active()
    staff = staff_of(user)
    return Department.objects.active().subtree(staff.department) if staff else Department.objects.none()


def public_campaign(pk: int) -> Campaign | None:
    return Campaign.objects.filter(pk=pk).first()


# --- the unit's own view ----------------------------------------------------------------------------------


def unit_applications(unit) -> QuerySet[Application]:
    """Only the unit's own applications."""
    return Application.objects.filter(unit=unit).select_related("campaign").order_by("-campaign__starts_on")


def campaigns_open_to(unit, today=None) -> list[Campaign]:
    """Running campaigns whose application window is open today and that take this kind of unit."""
    today = today or timezone.localdate()
    qs = (
        Campaign.objects.filter(state=CampaignState.OPEN, apply_from__lte=today, apply_until__gte=today)
        .exclude(applications__unit=unit)
        .order_by("apply_until")
    )
    return [campaign for campaign in qs if unit.kind in campaign.unit_kinds]


def unit_application(unit, pk: int) -> Application | None:
    return unit_applications(unit).filter(pk=pk).first()


def reports_of(application: Application) -> QuerySet[ProgressReport]:
    return application.reports.order_by("due_on")


# --- search and public pages -------------------------------------------------------------------------------


def search_records(campaign: Campaign, q: str) -> dict:
    """Reports, findings and inspection evidence whose text matches `q`; traditional or simplified input
    finds either (both sides are normalised)."""
    term = normalize(q)
    if not term:
        return {"reports": [], "findings": [], "evidence": []}
    return {
        "reports": list(
            ProgressReport.objects.filter(application__campaign=campaign, search_text__contains=term)
            .select_related("application__unit")
            .order_by("-submitted_at")[:50]
        ),
        "findings": list(
            Finding.objects.filter(inspection__application__campaign=campaign, search_text__contains=term)
            .select_related("inspection__application__unit", "case")
            .order_by("-id")[:50]
        ),
        "evidence": list(
            ItemScore.objects.filter(inspection__application__campaign=campaign, search_text__contains=term)
            .select_related("inspection__application__unit", "item")
            .order_by("-id")[:50]
        ),
    }


def public_campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.order_by("-starts_on", "-id")


def public_participants(campaign: Campaign) -> QuerySet[Application]:
    return (
        campaign.applications.filter(state=ApplicationState.ACCEPTED)
        .select_related("unit")
        .order_by("unit__kind", "unit__name")
    )


def published_results(campaign: Campaign) -> list[Application]:
    """The named units (with later measures) once the results notice is confirmed; nothing before."""
    if campaign.results_published_at is None:
        return []
    return list(
        campaign.applications.filter(title__in=PUBLIC_RESULT_TITLES).select_related("unit").order_by("rank")
    )


def unit_report(unit, pk: int) -> ProgressReport | None:
    """One of the unit's own reports (None for another unit's)."""
    return ProgressReport.objects.filter(pk=pk, application__unit=unit).select_related("application").first()
