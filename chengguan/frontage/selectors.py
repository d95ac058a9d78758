"""Reads of the register, scoped to the user: inspectors, leaders and administrators see every unit; a
street's keepers see the units their department keeps (or a department below theirs)."""

from datetime import date, datetime, time, timedelta

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from chengguan.org.rules import staff_of

from . import rules
from .defaults import list_size
from .models import Agreement, Check, CheckPhoto, FrontageEvent, ImportRun, ListEntry, MonthlyList, Unit

EXPIRY_WARNING_DAYS = 30


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    start = datetime.combine(month_start(month), time.min, tzinfo=zone)
    return start, datetime.combine(next_month(month), time.min, tzinfo=zone)


def units_for(user) -> QuerySet[Unit]:
    if rules.sees_everything(user):
        return Unit.objects.all()
    staff = staff_of(user)
    if staff is None or not staff.is_active or not rules.is_keeper(user):
        return Unit.objects.none()
    return Unit.objects.filter(department__path__startswith=staff.department.path)


def _current_agreement():
    return Agreement.objects.filter(unit=OuterRef("pk")).order_by("-starts_on", "-id")


def unit_list(
    user,
    *,
    query: str = "",
    street: int | None = None,
    kind: str = "",
    expiry: str = "",
    failing: bool = False,
) -> QuerySet[Unit]:
    """The register as the list page shows it: each unit with its street, department, current agreement's
    end, its check count and last check, in a fixed number of queries."""
    today = timezone.localdate()
    qs = (
        units_for(user)
        .select_related("street", "department", "cell")
        .annotate(
            agreement_ends=Subquery(_current_agreement().values("ends_on")[:1]),
            check_count=Count("checks", distinct=True),
            failure_count=Count("checks", filter=Q(checks__passed=False), distinct=True),
            last_checked=Subquery(
                Check.objects.filter(unit=OuterRef("pk")).order_by("-checked_at").values("checked_at")[:1]
            ),
        )
    )
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(address__icontains=query))
    if street:
        qs = qs.filter(street_id=street)
    if kind:
        qs = qs.filter(kind=kind)
    if expiry == "expired":
        qs = qs.filter(Q(agreement_ends__lt=today) | Q(agreement_ends__isnull=True))
    elif expiry == "soon":
        qs = qs.filter(
            agreement_ends__gte=today, agreement_ends__lte=today + timedelta(days=EXPIRY_WARNING_DAYS)
        )
    if failing:
        qs = qs.filter(failure_count__gt=0)
    return qs.order_by("street__code", "name", "id")


def unit_for(user, pk: int) -> Unit | None:
    return (
        units_for(user)
        .select_related("street", "department", "cell", "cell__community")
        .filter(pk=pk)
        .first()
    )


def agreements_of(unit: Unit) -> list[Agreement]:
    return list(unit.agreements.select_related("recorded_by").order_by("-starts_on", "-id"))


def checks_of(unit: Unit, limit: int = 50) -> list[Check]:
    return list(
        unit.checks.select_related("raised_case")
        .prefetch_related("photos")
        .order_by("-checked_at", "-id")[:limit]
    )


def raised_cases_of(unit: Unit) -> list:
    """The cases raised for the unit's repeated failures, newest first."""
    return [
        check.raised_case
        for check in unit.checks.filter(raised_case__isnull=False)
        .select_related("raised_case", "raised_case__category")
        .order_by("-checked_at")
    ]


def events_of(unit: Unit) -> list[FrontageEvent]:
    return list(unit.events.order_by("-at", "-id")[:50])


def expiry_state(ends_on: date | None, today: date | None = None) -> str:
    """ "none", "expired", "soon" (within EXPIRY_WARNING_DAYS) or "valid"."""
    today = today or timezone.localdate()
    if ends_on is None:
        return "none"
    if ends_on < today:
        return "expired"
    return "soon" if (ends_on - today).days <= EXPIRY_WARNING_DAYS else "valid"


def photo_for(user, pk: int):
    photo = CheckPhoto.objects.select_related("check_row__unit__department").filter(pk=pk).first()
    if photo is None or not rules.may_see_unit(user, photo.check_row.unit):
        return None
    return photo


def import_runs_for(user) -> QuerySet[ImportRun]:
    if rules.is_administrator(user):
        return ImportRun.objects.all()
    return ImportRun.objects.filter(imported_by=user) if user.is_authenticated else ImportRun.objects.none()


def standings(month: date) -> dict[str, list[dict]]:
    """The month's best and worst units by their checks: red = checked and never failed (most checks
    first), black = failed at least once (most failures, then most failed duties). One query."""
    start, end = month_bounds(month)
    in_month = Q(checks__checked_at__gte=start, checks__checked_at__lt=end)
    failed_duty = sum(
        (
            Case(
                When(**{f"checks__{duty}_ok": False}, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
            for duty in ("clean", "order", "green")
        ),
        Value(0),
    )
    rows = list(
        Unit.objects.filter(in_month)
        .annotate(
            checks_n=Count("checks", filter=in_month),
            failures_n=Count("checks", filter=in_month & Q(checks__passed=False)),
            duties_n=Sum(failed_duty, filter=in_month),
        )
        .values("pk", "name", "checks_n", "failures_n", "duties_n")
    )
    red = sorted(
        (r for r in rows if r["failures_n"] == 0), key=lambda r: (-r["checks_n"], r["name"], r["pk"])
    )
    black = sorted(
        (r for r in rows if r["failures_n"] > 0),
        key=lambda r: (-r["failures_n"], -(r["duties_n"] or 0), r["name"], r["pk"]),
    )
    size = list_size()
    return {"red": red[:size], "black": black[:size], "checked": len(rows)}


def monthly_lists() -> QuerySet[MonthlyList]:
    return MonthlyList.objects.prefetch_related(
        Prefetch("entries", queryset=ListEntry.objects.order_by("board", "rank"))
    ).order_by("-month", "-id")


def list_for_month(month: date) -> MonthlyList | None:
    return monthly_lists().filter(month=month_start(month)).exclude(state="withdrawn").first()
