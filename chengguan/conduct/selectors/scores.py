"""The monthly scores (a base, less decided violations and unexcused absences, plus commendations) and who
may be the star of the month: a fixed number of queries for any number of staff."""

from datetime import date

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from chengguan.org.models import Staff

from ..models import Attendance, Commendation, Severity, Violation, ViolationState
from . import absence_deduction, base_score, month_range, month_start, previous_month


def _totals(staff_ids, start: date, end: date) -> tuple[dict, dict, dict]:
    deductions = dict(
        Violation.objects.filter(
            staff_id__in=staff_ids, state=ViolationState.DECIDED, occurred_on__gte=start, occurred_on__lt=end
        )
        .values_list("staff_id")
        .annotate(total=Sum("deduction"))
    )
    additions = dict(
        Commendation.objects.filter(staff_id__in=staff_ids, awarded_on__gte=start, awarded_on__lt=end)
        .values_list("staff_id")
        .annotate(total=Sum("points"))
    )
    absences: dict[int, int] = {}
    for staff_id in Attendance.objects.filter(
        staff_id__in=staff_ids,
        present=False,
        excused=False,
        session__held_on__gte=start,
        session__held_on__lt=end,
    ).values_list("staff_id", flat=True):
        absences[staff_id] = absences.get(staff_id, 0) + 1
    return deductions, additions, absences


def monthly_scores(staff: QuerySet[Staff], month: date) -> list[dict]:
    """One row per staff member: base, deductions, additions, absences and the month's score."""
    start, end = month_range(month)
    members = list(staff.filter(is_active=True).select_related("department"))
    deductions, additions, absences = _totals([s.pk for s in members], start, end)
    base, per_absence = base_score(), absence_deduction()
    rows = []
    for member in members:
        deducted = deductions.get(member.pk, 0) + per_absence * absences.get(member.pk, 0)
        rows.append(
            {
                "staff": member,
                "base": base,
                "deductions": deducted,
                "violation_deductions": deductions.get(member.pk, 0),
                "absences": absences.get(member.pk, 0),
                "additions": additions.get(member.pk, 0),
                "score": base - deducted + additions.get(member.pk, 0),
                "full": deducted == 0,
            }
        )
    return rows


def score_of(member: Staff, month: date) -> dict:
    return monthly_scores(Staff.objects.filter(pk=member.pk), month)[0]


def has_full_score(member: Staff, month: date) -> bool:
    """Nothing deducted that month: no decided violation and no unexcused absence."""
    return score_of(member, month)["full"]


SERIOUS = (Severity.SERIOUS, Severity.GRAVE)  # the 五个严禁 are grave


def serious_violations(staff_ids, month: date) -> dict[int, list[Violation]]:
    """Per person, the serious violations of the month that are pending or substantiated (dismissed ones
    do not count): one query."""
    start, end = month_range(month)
    found: dict[int, list[Violation]] = {}
    for violation in (
        Violation.objects.filter(
            staff_id__in=staff_ids,
            occurred_on__gte=start,
            occurred_on__lt=end,
            rule__severity__in=SERIOUS,
            state__in=[ViolationState.PROPOSED, ViolationState.DECIDED],
        )
        .select_related("rule__rule_set")
        .order_by("occurred_on", "pk")
    ):
        found.setdefault(violation.staff_id, []).append(violation)
    return found


def star_eligibility(staff: QuerySet[Staff], month: date) -> list[dict]:
    """Who may be the star of the month: a full score for the month and no pending or substantiated
    serious violation (五个严禁) in it. One row per active member, with the reasons against the others; a
    fixed number of queries for any number of staff."""
    rows = monthly_scores(staff, month)
    serious = serious_violations([row["staff"].pk for row in rows], month)
    for row in rows:
        reasons = []
        if not row["full"]:
            reasons.append(
                _("%(points)s points deducted this month (not a full score)") % {"points": row["deductions"]}
            )
        for violation in serious.get(row["staff"].pk, []):
            pending = violation.state == ViolationState.PROPOSED
            reasons.append(
                (
                    _("a serious violation awaiting decision: %(rule)s (%(date)s)")
                    if pending
                    else _("a substantiated serious violation: %(rule)s (%(date)s)")
                )
                % {
                    "rule": f"{violation.rule.rule_set.name} {violation.rule.short_text}",
                    "date": f"{violation.occurred_on:%Y-%m-%d}",
                }
            )
        row["eligible"], row["reasons"] = not reasons, reasons
    return rows


def eligibility_of(member: Staff, month: date) -> dict:
    rows = star_eligibility(Staff.objects.filter(pk=member.pk), month)
    if not rows:  # no longer active
        return {"staff": member, "full": False, "eligible": False, "reasons": [_("no longer active")]}
    return rows[0]


def score_history(member: Staff, *, months: int = 12, until: date | None = None) -> list[dict]:
    """The person's score for each of the last `months` months, newest first, with the reasons."""
    month = month_start(until or date.today())
    history = []
    for _step in range(months):
        start, end = month_range(month)
        row = score_of(member, month)
        row["month"] = month
        row["violations"] = list(
            Violation.objects.filter(
                staff=member, state=ViolationState.DECIDED, occurred_on__gte=start, occurred_on__lt=end
            ).select_related("rule__rule_set")
        )
        row["commendations"] = list(
            Commendation.objects.filter(staff=member, awarded_on__gte=start, awarded_on__lt=end)
        )
        history.append(row)
        month = previous_month(month)
    return history
