"""Reads of the 三查 checks and the self-check phases: the discipline office (and administrators) see them
all; a staff member sees the phases they take part in and their own self-check."""

from datetime import date

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from chengguan.cases import selectors as case_selectors
from chengguan.org.models import Staff

from .. import rules
from ..models import (
    Check,
    CheckFinding,
    Checklist,
    ChecklistItem,
    CheckScore,
    SelfCheck,
    SelfCheckPhase,
)
from . import month_range

CHECKS_PER_MONTH = (1, 2)  # the seed: 每月开展1~2次检查


def active_items() -> QuerySet[ChecklistItem]:
    return ChecklistItem.objects.filter(is_active=True).select_related("rule__rule_set").order_by("number")


def active_checklists() -> QuerySet[Checklist]:
    return Checklist.objects.filter(is_active=True).prefetch_related(
        Prefetch("items", queryset=active_items())
    )


def checks_for(user) -> QuerySet[Check]:
    qs = Check.objects.select_related("checklist").prefetch_related("inspectors", "units")
    return qs if rules.is_discipline(user) else qs.none()


def _with_totals(qs: QuerySet[Check]) -> QuerySet[Check]:
    """Each check with its number of findings and of violations, and its score (two subqueries: joining
    both relations would multiply the sums)."""
    findings = (
        CheckFinding.objects.filter(check_record=OuterRef("pk"))
        .values("check_record")
        .annotate(n=Count("pk"))
        .values("n")
    )
    violations = (
        CheckFinding.objects.filter(check_record=OuterRef("pk"), violation__isnull=False)
        .values("check_record")
        .annotate(n=Count("pk"))
        .values("n")
    )
    scored = (
        CheckScore.objects.filter(check_record=OuterRef("pk")).values("check_record").annotate(s=Sum("score"))
    )
    points = (
        ChecklistItem.objects.filter(checklist=OuterRef("checklist"), is_active=True)
        .values("checklist")
        .annotate(p=Sum("points"))
        .values("p")
    )
    return qs.annotate(
        finding_count=Coalesce(Subquery(findings, output_field=IntegerField()), 0),
        violation_count=Coalesce(Subquery(violations, output_field=IntegerField()), 0),
        score_total=Subquery(scored.values("s"), output_field=IntegerField()),
        points_total=Coalesce(Subquery(points, output_field=IntegerField()), 0),
    )


def check_list(user, *, month: date | None = None, kind: str = "", checklist: str = "") -> QuerySet[Check]:
    qs = _with_totals(checks_for(user))
    if month:
        start, end = month_range(month)
        qs = qs.filter(held_on__gte=start, held_on__lt=end)
    if kind:
        qs = qs.filter(kind=kind)
    if checklist:
        qs = qs.filter(checklist__code=checklist)
    return qs


def check_for(user, pk: int) -> Check | None:
    return _with_totals(checks_for(user)).filter(pk=pk).first()


def item_rows(check: Check) -> list[dict]:
    """The check's checklist items, each with its score and note (two queries)."""
    scores = {s.item_id: s for s in CheckScore.objects.filter(check_record=check)}
    return [
        {"item": item, "score": scores.get(item.pk)}
        for item in active_items().filter(checklist_id=check.checklist_id)
    ]


def check_findings(user, check: Check) -> list[CheckFinding]:
    """The check's findings with what the page and the report show, each with its case number when the
    user may see the case: two queries whatever their number."""
    findings = list(
        check.findings.select_related(
            "item", "staff__department", "department", "rule__rule_set", "violation"
        )
    )
    ids = [f.case_id for f in findings if f.case_id]
    numbers = (
        dict(case_selectors.visible_cases(user).filter(pk__in=ids).values_list("pk", "number")) if ids else {}
    )
    for finding in findings:
        finding.case_number = numbers.get(finding.case_id, "")
    return findings


def month_plan(user, year: int, *, today: date) -> list[dict]:
    """The year's months, each with how many checks were held, and a warning for a month gone by (or the
    current one) with fewer than the seed's one check. One query."""
    counts: dict[int, int] = {}
    for held_on in checks_for(user).filter(held_on__year=year).values_list("held_on", flat=True):
        counts[held_on.month] = counts.get(held_on.month, 0) + 1
    low, high = CHECKS_PER_MONTH
    rows = []
    for number in range(1, 13):
        month = date(year, number, 1)
        n = counts.get(number, 0)
        started = month <= today
        rows.append(
            {
                "month": month,
                "count": n,
                "current": (month.year, month.month) == (today.year, today.month),
                "warn": started and n < low,
                "over": n > high,
            }
        )
    return rows


def month_checks(user, month: date) -> list[Check]:
    """Every check of the month, oldest first, with its findings (for the month's summary)."""
    checks = list(check_list(user, month=month).order_by("held_on", "pk"))
    findings: dict[int, list] = {}
    for finding in CheckFinding.objects.filter(check_record__in=[c.pk for c in checks]).select_related(
        "item", "staff__department", "department", "rule__rule_set"
    ):
        findings.setdefault(finding.check_record_id, []).append(finding)
    for check in checks:
        check.finding_list = findings.get(check.pk, [])
    return checks


# --- self-checks --------------------------------------------------------------------------------------------


def _in_scope(qs, phase: SelfCheckPhase):
    """Active staff with an active account (who can sign in and submit), outside external departments."""
    qs = qs.filter(is_active=True, user__is_active=True).exclude(department__kind="external")
    if phase.department_id:
        qs = qs.filter(department__path__startswith=phase.department.path)
    return qs


def self_check_participants(phase: SelfCheckPhase) -> QuerySet[Staff]:
    """Who takes part: the active staff (with an account) of the phase's department and below (everyone
    when none)."""
    return _in_scope(Staff.objects.select_related("department"), phase).order_by("department__path", "name")


def missing_self_checks(phase: SelfCheckPhase) -> QuerySet[Staff]:
    return self_check_participants(phase).exclude(
        pk__in=SelfCheck.objects.filter(phase=phase).values("staff_id")
    )


def phases_for(user) -> list[SelfCheckPhase]:
    """Every phase with its number of participants and submissions (three queries: the phases, the
    submissions per phase, the active staff with their department paths)."""
    if not rules.is_discipline(user):
        return []
    phases = list(
        SelfCheckPhase.objects.select_related("department").annotate(submitted=Count("submissions"))
    )
    staff = list(
        Staff.objects.filter(is_active=True, user__is_active=True)
        .exclude(department__kind="external")
        .values_list("department__path", flat=True)
    )
    for phase in phases:
        prefix = phase.department.path if phase.department_id else ""
        phase.participants = sum(1 for path in staff if path.startswith(prefix))
        phase.missing = max(phase.participants - phase.submitted, 0)
    return phases


def phase_for(user, pk: int) -> SelfCheckPhase | None:
    if not rules.is_discipline(user):
        return None
    return SelfCheckPhase.objects.select_related("department").filter(pk=pk).first()


def submissions_of(phase: SelfCheckPhase) -> list[SelfCheck]:
    return list(
        SelfCheck.objects.filter(phase=phase)
        .select_related("staff__department")
        .prefetch_related("flagged_items")
    )


def flagged_counts(phase: SelfCheckPhase) -> dict[int, int]:
    """How many staff flagged each checklist item in their self-checks (one query)."""
    through = SelfCheck.flagged_items.through
    return dict(
        through.objects.filter(selfcheck__phase=phase).values_list("checklistitem_id").annotate(n=Count("pk"))
    )


def phases_of_staff(staff: Staff | None, *, today: date) -> list[SelfCheckPhase]:
    """The phases open today that the person takes part in."""
    if staff is None or not staff.is_active or staff.user_id is None or staff.department.kind == "external":
        return []
    return [
        phase
        for phase in SelfCheckPhase.objects.select_related("department").filter(
            starts_on__lte=today, ends_on__gte=today
        )
        if not phase.department_id or staff.department.path.startswith(phase.department.path)
    ]


def own_self_check(staff: Staff, phase: SelfCheckPhase) -> SelfCheck | None:
    return SelfCheck.objects.filter(phase=phase, staff=staff).prefetch_related("flagged_items").first()
