"""Reads of the conduct app, scoped to what the user may see (see `rules`)."""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Max, Q, QuerySet

from chengguan.cases import selectors as case_selectors
from chengguan.cases.models import Case
from chengguan.cases.states import FINISHED
from chengguan.org.models import Department, Staff
from chengguan.org.roles import RoleCode
from chengguan.org.rules import staff_of

from .. import rules
from ..models import (
    Commendation,
    ConductEvent,
    EnforcementAction,
    EvidenceFile,
    FindingEvidence,
    Inspection,
    InspectionKind,
    Nomination,
    RuleSet,
    Star,
    StarState,
    TrainingSession,
    Violation,
)


def base_score() -> int:
    return int(getattr(settings, "CHENGGUAN_CONDUCT_BASE_SCORE", 100))


def absence_deduction() -> int:
    """Points deducted per unexcused absence from study or drill (0 turns it off)."""
    return int(getattr(settings, "CHENGGUAN_CONDUCT_ABSENCE_DEDUCTION", 1))


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return (
        month.replace(year=month.year + 1, month=1)
        if month.month == 12
        else month.replace(month=month.month + 1)
    )


def previous_month(month: date) -> date:
    return (
        month.replace(year=month.year - 1, month=12)
        if month.month == 1
        else month.replace(month=month.month - 1)
    )


def month_range(month: date) -> tuple[date, date]:
    """First day of the month and first day of the next month."""
    month = month_start(month)
    return month, next_month(month)


# --- scope ------------------------------------------------------------------------------------------------


def visible_staff(user) -> QuerySet[Staff]:
    """Every staff member for the discipline office; a leader's department subtree; otherwise oneself."""
    qs = Staff.objects.select_related("department")
    if rules.is_discipline(user):
        return qs
    own = staff_of(user)
    if own is None or not own.is_active:
        return qs.none()
    if rules.is_leader(user):
        return qs.filter(department__path__startswith=own.department.path)
    return qs.filter(pk=own.pk)


def visible_departments(user) -> QuerySet[Department]:
    if rules.is_discipline(user):
        return Department.objects.exclude(kind="external")
    own = staff_of(user)
    if own is None or not own.is_active:
        return Department.objects.none()
    if rules.is_leader(user):
        return Department.objects.subtree(own.department)
    return Department.objects.filter(pk=own.department_id)


def violations_for(user, *, state: str = "", month: date | None = None, q: str = "") -> QuerySet[Violation]:
    qs = Violation.objects.filter(staff__in=visible_staff(user)).select_related(
        "staff__department", "rule__rule_set"
    )
    if state:
        qs = qs.filter(state=state)
    if month:
        start, end = month_range(month)
        qs = qs.filter(occurred_on__gte=start, occurred_on__lt=end)
    if q:
        qs = qs.filter(Q(staff__name__icontains=q) | Q(description__icontains=q))
    return qs


def violation_for(user, pk: int) -> Violation | None:
    return violations_for(user).filter(pk=pk).first()


def inspections_for(user) -> QuerySet[Inspection]:
    """The discipline office sees every inspection; others only those that inspected their scope."""
    qs = Inspection.objects.select_related("department").prefetch_related("inspectors")
    if rules.is_discipline(user):
        return qs
    return qs.none()


def enforcement_for(user) -> QuerySet[EnforcementAction]:
    staff = visible_staff(user)
    qs = EnforcementAction.objects.select_related("lead_officer", "department")
    return qs.filter(Q(lead_officer__in=staff) | Q(officers__in=staff)).distinct()


def enforcement_list(user, *, q: str = "") -> QuerySet[EnforcementAction]:
    """The enforcement records page: what the user may see, with what each row shows."""
    qs = enforcement_for(user)
    if q.strip():
        qs = qs.filter(place__icontains=q.strip())
    return qs


def evidence_file_for(user, pk: int) -> EvidenceFile | None:
    """An enforcement evidence file, only when its action is one the user may see."""
    return EvidenceFile.objects.filter(pk=pk, action__in=enforcement_for(user).values("pk")).first()


def finding_evidence_for(user, pk: int) -> FindingEvidence | None:
    """A finding's evidence file, only when its inspection is one the user may see."""
    return (
        FindingEvidence.objects.filter(pk=pk, finding__inspection__in=inspections_for(user).values("pk"))
        .select_related("finding")
        .first()
    )


def enforcement_officers(user) -> QuerySet[Staff]:
    """Who may be named on an action: everyone for the discipline office, otherwise the officers (and
    auxiliaries, so that the refusal names them) of the user's own department and below."""
    own = staff_of(user)
    staff = Staff.objects.select_related("department")
    if not rules.is_discipline(user):
        staff = staff.filter(department__path__startswith=own.department.path) if own else staff.none()
    return staff.filter(
        is_active=True, roles__code__in=[RoleCode.ENFORCEMENT_OFFICER, RoleCode.AUXILIARY]
    ).distinct()


def active_staff(user, *, role: str = "") -> QuerySet[Staff]:
    """Active staff the user may name on a form (with `role` when given): everyone for the discipline
    office, otherwise the user's scope."""
    qs = visible_staff(user).filter(is_active=True)
    if role:
        qs = qs.filter(roles__code=role).distinct()
    return qs


def case_by_number(user, number: str):
    """A case the user may see, by its number (None otherwise): through the cases app's selector."""
    number = (number or "").strip()
    return case_selectors.case_for(user, number) if number else None


def linked_case(user, case_id: int | None):
    """The case an enforcement action or a finding links to, when the user may see it."""
    if not case_id:
        return None
    return case_selectors.visible_cases(user).filter(pk=case_id).first()


def findings_of(user, inspection: Inspection) -> list:
    """An inspection's findings with what the page shows, each with the number of its case (if the user
    may see the case): three queries whatever their number."""
    findings = list(
        inspection.findings.select_related("staff", "rule__rule_set", "violation").prefetch_related(
            "evidence"
        )
    )
    ids = [f.case_id for f in findings if f.case_id]
    numbers = (
        dict(case_selectors.visible_cases(user).filter(pk__in=ids).values_list("pk", "number")) if ids else {}
    )
    for finding in findings:
        finding.case_number = numbers.get(finding.case_id, "")
    return findings


def inspection_list(user, *, kind: str = "", sort: str = "-held_on") -> QuerySet[Inspection]:
    qs = inspections_for(user)
    if kind in InspectionKind.values:
        qs = qs.filter(kind=kind)
    if sort.lstrip("-") in ("held_on", "title", "kind"):
        qs = qs.order_by(sort, "-pk")
    return qs


def active_rule_sets() -> QuerySet[RuleSet]:
    return RuleSet.objects.filter(is_active=True).prefetch_related("rules")


def training_sessions(user) -> QuerySet[TrainingSession]:
    return TrainingSession.objects.filter(department__in=visible_departments(user)).select_related(
        "department"
    )


def star_of(month: date) -> Star | None:
    """The month's star (decided, on notice or confirmed), if any."""
    return Star.objects.filter(month=month).exclude(state=StarState.WITHDRAWN).select_related("staff").first()


def nomination(pk: int) -> Nomination | None:
    return Nomination.objects.filter(pk=pk).first()


def events_for(subject_type: str, subject_id: int) -> QuerySet[ConductEvent]:
    return ConductEvent.objects.filter(subject_type=subject_type, subject_id=subject_id).select_related(
        "actor_department"
    )


# --- stars ------------------------------------------------------------------------------------------------


def nominations_for(user, month: date) -> QuerySet[Nomination]:
    return Nomination.objects.filter(month=month_start(month), staff__in=visible_staff(user)).select_related(
        "staff__department", "department"
    )


def nomination_rows(user, month: date, *, recent: int = 5) -> list[dict]:
    """The month's nominations the user may see, each with the nominee's score, recent violations and
    commendations: a fixed number of queries whatever their number."""
    nominations = list(nominations_for(user, month))
    ids = [n.staff_id for n in nominations]
    if not ids:
        return []
    scores = {row["staff"].pk: row for row in monthly_scores(Staff.objects.filter(pk__in=ids), month)}
    violations: dict[int, list] = {}
    for violation in violations_for(user).filter(staff__in=ids):
        violations.setdefault(violation.staff_id, []).append(violation)
    commendations: dict[int, list] = {}
    for commendation in Commendation.objects.filter(staff__in=ids):
        commendations.setdefault(commendation.staff_id, []).append(commendation)
    return [
        {
            "nomination": n,
            "score": scores.get(n.staff_id),
            "violations": violations.get(n.staff_id, [])[:recent],
            "commendations": commendations.get(n.staff_id, [])[:recent],
        }
        for n in nominations
    ]


def honour_roll() -> QuerySet[Star]:
    return Star.objects.filter(state=StarState.CONFIRMED).select_related("staff__department")


def complaint_cases(user):
    """Open cases held by the user's own department (for the discipline office: the public's complaints
    about staff conduct) that no violation refers to yet."""
    own = staff_of(user)
    if own is None or not rules.is_discipline(user):
        return Case.objects.none()
    linked = Violation.objects.filter(case_id__isnull=False).values("case_id")
    return (
        Case.objects.filter(department=own.department)
        .exclude(state__in=FINISHED)
        .exclude(pk__in=linked)
        .order_by("-reported_at")
    )


# How often each level holds study and drills, in days (the seed: 局机关每月一次, 各大队每半月一次,
# 各中队每星期一次).
TRAINING_INTERVAL_DAYS = {"bureau": 30, "brigade": 14, "squad": 7}


def training_schedule(user, *, today: date | None = None) -> list[dict]:
    """Each bureau, brigade and squad in scope with its last session, the next one due and whether it is
    overdue."""
    today = today or date.today()
    units = visible_departments(user).filter(kind__in=TRAINING_INTERVAL_DAYS, is_active=True)
    last = dict(
        TrainingSession.objects.filter(department__in=units)
        .values_list("department_id")
        .annotate(last=Max("held_on"))
    )
    rows = []
    for unit in units:
        interval = timedelta(days=TRAINING_INTERVAL_DAYS[unit.kind])
        held = last.get(unit.pk)
        due = held + interval if held else today
        rows.append({"department": unit, "last": held, "due": due, "overdue": due < today or held is None})
    return rows


def issuing_authority(member: Staff) -> str:
    """Who issues a decision letter: the bureau's name from the settings, else the top of the person's
    department tree (the bureau itself)."""
    configured = str(getattr(settings, "CHENGGUAN_BUREAU_NAME", "") or "").strip()
    if configured:
        return configured
    codes = [code for code in member.department.path.split("/") if code]
    top = Department.objects.filter(code=codes[0]).values_list("name", flat=True).first() if codes else None
    return top or member.department.name


def appeal_terms(authority: str) -> dict:
    """Within how many days, and to whom, the person may make a statement or ask for a review of a
    decision (申辩、复核)."""
    days = int(getattr(settings, "CHENGGUAN_CONDUCT_APPEAL_DAYS", 5))
    to = str(getattr(settings, "CHENGGUAN_CONDUCT_APPEAL_TO", "") or "").strip() or authority
    return {"days": days, "to": to}


# The monthly scores and the star's eligibility live in their own module; every caller reads them here.
from .scores import (  # noqa: E402
    SERIOUS,
    eligibility_of,
    has_full_score,
    monthly_scores,
    score_history,
    score_of,
    serious_violations,
    star_eligibility,
)

__all__ = [
    "SERIOUS",
    "eligibility_of",
    "has_full_score",
    "monthly_scores",
    "score_history",
    "score_of",
    "serious_violations",
    "star_eligibility",
]
