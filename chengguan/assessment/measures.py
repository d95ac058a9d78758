"""The seeds' own measures, counted for the city or one street or community of it over a period
P = [start, end), as of `as_of` (the end of P, or now for the current month). The indicators of the
subject "city" (`defaults`) are expressions over these counts; `views.measures` drills down to what each
one counts. Also in docs/assessment.md.

两率一度 (seed 000):
  follow_ups / follow_ups_satisfied   follow-up ratings answered in P / of those, fairly satisfied or better
  ballots, voters, eligible_voters, awareness_answers, aware   from the evaluation rounds (offered by the
                        evaluation app through `core.measures`; rounds have no place, an area changes
                        nothing there)
Lighting (seed 002 text 8, 亮灯率 ≥ 95%):
  lamps                 street lamps (component codes in CHENGGUAN_LIGHTING_COMPONENTS, B0113 by default)
                        in the grid's component inventory of the area
  lamp_faults           cases in those categories open at `as_of` (accepted, not closed, not rejected)
Officers per 10,000 residents (seed 002 text 8 §9, 3–5):
  officers              active staff holding an enforcement certificate valid on `as_of`: in the city, all
                        of them; in a street, those of the units covering it (`Area.departments`, with the
                        units under them); a community counts its street's
  residents             the population of the communities (a street or the city without community
                        figures: its own)
721 (seed 004):
  service_cases, management_cases, enforcement_cases   cases accepted in P, by their category's kind of work
  enforcement_records   enforcement records started in P (offered by the conduct app)
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from chengguan.cases import selectors as case_selectors
from chengguan.cases.models import Case, FollowUp
from chengguan.cases.states import Satisfaction, State
from chengguan.core import measures as offered
from chengguan.grid.models import Area, AreaLevel, ComponentStock
from chengguan.org.models import Certificate, Department, Staff
from chengguan.taxonomy.models import WorkKind

from .counts import CITY_COUNT_NAMES

DEFAULT_LIGHTING_COMPONENTS = ("B0113",)
CASE_COUNTS = ("lamp_faults", "service_cases", "management_cases", "enforcement_cases")


def lighting_codes() -> tuple[str, ...]:
    return tuple(getattr(settings, "CHENGGUAN_LIGHTING_COMPONENTS", None) or DEFAULT_LIGHTING_COMPONENTS)


@dataclass(frozen=True)
class Scope:
    """The city (area None) or one street or community."""

    area: Area | None = None

    @property
    def street(self) -> Area | None:
        if self.area is None:
            return None
        return self.area if self.area.level == AreaLevel.STREET else self.area.parent

    def case_filter(self) -> dict:
        if self.area is None:
            return {}
        return {"street_id" if self.area.level == AreaLevel.STREET else "community_id": self.area.pk}

    def cases(self) -> QuerySet[Case]:
        return Case.objects.filter(**self.case_filter())

    def areas(self) -> Q:
        """The area itself and, for a street, its communities (on a model with an `area` field)."""
        if self.area is None:
            return Q()
        return Q(area=self.area) | Q(area__parent=self.area)


# --- the counts --------------------------------------------------------------------------------------------


def _follow_ups(start, end, scope: Scope) -> QuerySet[FollowUp]:
    qs = FollowUp.objects.filter(answered_at__gte=start, answered_at__lt=end, rating__isnull=False)
    return qs.filter(**{f"case__{k}": v for k, v in scope.case_filter().items()})


def _open_at(qs: QuerySet[Case], as_of: datetime) -> QuerySet[Case]:
    return (
        qs.filter(accepted_at__isnull=False, accepted_at__lte=as_of)
        .exclude(state__in=[State.REJECTED, State.MERGED])  # a merged duplicate lives on in its survivor
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gt=as_of))
    )


def lamp_fault_cases(scope: Scope, as_of: datetime) -> QuerySet[Case]:
    return _open_at(scope.cases().filter(category__code__in=lighting_codes()), as_of)


def accepted_cases(scope: Scope, start, end) -> QuerySet[Case]:
    return scope.cases().filter(accepted_at__gte=start, accepted_at__lt=end, category__isnull=False)


def stock(scope: Scope) -> QuerySet[ComponentStock]:
    return ComponentStock.objects.filter(scope.areas(), component_code__in=lighting_codes())


def _certified(as_of: datetime) -> QuerySet[Staff]:
    day = timezone.localtime(as_of).date() if timezone.is_aware(as_of) else as_of.date()
    return Staff.objects.filter(
        is_active=True,
        certificates__valid_from__lte=day,
        certificates__valid_until__gte=day,
        certificates__revoked=False,
    ).distinct()


def officers(scope: Scope, as_of: datetime) -> QuerySet[Staff]:
    qs = _certified(as_of)
    street = scope.street
    if street is None:
        return qs
    paths = list(Department.objects.filter(areas=street).values_list("path", flat=True))
    if not paths:
        return qs.none()
    covered = Q()
    for path in paths:
        covered |= Q(department__path__startswith=path)
    return qs.filter(covered)


def resident_areas(scope: Scope) -> QuerySet[Area]:
    """The areas whose population is counted: communities with a figure, else the level above."""
    if scope.area is not None and scope.area.level == AreaLevel.COMMUNITY:
        return Area.objects.filter(pk=scope.area.pk)
    communities = Area.objects.filter(level=AreaLevel.COMMUNITY, population__isnull=False)
    if scope.area is not None:
        communities = communities.filter(parent=scope.area)
    if communities.exists():
        return communities
    if scope.area is not None:
        return Area.objects.filter(pk=scope.area.pk)
    return Area.objects.filter(level=AreaLevel.STREET, population__isnull=False)


def city_counts(*, start: datetime, end: datetime, as_of: datetime, scope: Scope) -> dict[str, int]:
    """Every count of the subject "city" for the scope: a fixed number of queries."""
    counted = dict.fromkeys(CITY_COUNT_NAMES, 0)
    follow_ups = _follow_ups(start, end, scope).aggregate(
        n=Count("id"), ok=Count("id", filter=Q(rating__gte=3))
    )
    counted["follow_ups"], counted["follow_ups_satisfied"] = follow_ups["n"], follow_ups["ok"]
    counted["lamps"] = stock(scope).aggregate(n=Sum("quantity"))["n"] or 0
    counted["lamp_faults"] = lamp_fault_cases(scope, as_of).count()
    counted["officers"] = officers(scope, as_of).count()
    counted["residents"] = resident_areas(scope).aggregate(n=Sum("population"))["n"] or 0
    kinds = accepted_cases(scope, start, end).aggregate(
        **{kind: Count("id", filter=Q(category__work_kind=kind)) for kind in WorkKind.values}
    )
    for kind in WorkKind.values:
        counted[f"{kind}_cases"] = kinds[kind]
    for name, n in offered.counts(start=start, end=end, cases=scope.cases() if scope.area else None).items():
        if name in counted:
            counted[name] = n
    return counted


def officers_by_street(as_of: datetime) -> list[dict]:
    """Per street: certified officers of the units covering it, residents, officers per 10,000 (4 queries)."""
    streets = list(
        Area.objects.filter(level=AreaLevel.STREET).order_by("code").values("pk", "name", "population")
    )
    community_sums = dict(
        Area.objects.filter(level=AreaLevel.COMMUNITY, population__isnull=False)
        .values_list("parent_id")
        .annotate(n=Sum("population"))
        .values_list("parent_id", "n")
    )
    links: dict[int, list[str]] = {}
    for area_id, path in Area.departments.through.objects.filter(area__level=AreaLevel.STREET).values_list(
        "area_id", "department__path"
    ):
        links.setdefault(area_id, []).append(path)
    holders = list(_certified(as_of).values_list("pk", "department__path"))
    rows = []
    for street in streets:
        paths = links.get(street["pk"], [])
        n = len({pk for pk, path in holders if any(path.startswith(p) for p in paths)})
        residents = community_sums.get(street["pk"]) or street["population"] or 0
        per = round(n * 10000 / residents, 2) if residents else None
        rows.append(
            {
                "id": street["pk"],
                "name": street["name"],
                "officers": n,
                "residents": residents,
                "per_10k": per,
            }
        )
    return rows


# --- what each count counts (the drill-down) --------------------------------------------------------------

ITEM_LIMIT = 2000


def _follow_up_items(start, end, scope: Scope, user, satisfied: bool) -> list[offered.MeasureItem]:
    qs = _follow_ups(start, end, scope)
    if satisfied:
        qs = qs.filter(rating__gte=3)
    if user is not None:
        qs = qs.filter(case__in=case_selectors.visible_cases(user).values("pk"))
    rows = qs.order_by("answered_at", "pk").values_list("case__number", "rating", "answered_at")[:ITEM_LIMIT]
    return [
        offered.MeasureItem(
            reference=number,
            detail=str(Satisfaction(rating).label),
            at=answered_at,
            url=reverse("cases:detail", args=[number]),
        )
        for number, rating, answered_at in rows
    ]


def _officer_items(scope: Scope, as_of: datetime) -> list[offered.MeasureItem]:
    day = timezone.localtime(as_of).date()
    rows = (
        officers(scope, as_of)
        .order_by("department__path", "employee_no")
        .values_list("name", "department__name", "title", "pk")[:ITEM_LIMIT]
    )
    valid_until = dict(
        Certificate.objects.filter(
            staff_id__in=[pk for *_rest, pk in rows], valid_from__lte=day, valid_until__gte=day, revoked=False
        ).values_list("staff_id", "valid_until")
    )
    return [
        offered.MeasureItem(
            reference=name,
            detail=f"{department} · {title}" if title else department,
            extra=gettext("certificate valid until %(d)s") % {"d": valid_until.get(pk, "")},
        )
        for name, department, title, pk in rows
    ]


def items(count: str, *, start, end, as_of, scope: Scope, user=None) -> list[offered.MeasureItem]:
    if count in ("follow_ups", "follow_ups_satisfied"):
        return _follow_up_items(start, end, scope, user, satisfied=count == "follow_ups_satisfied")
    if count == "officers":
        return _officer_items(scope, as_of)
    if count == "residents":
        return [
            offered.MeasureItem(reference=name, detail=gettext("%(n)s residents") % {"n": population})
            for name, population in resident_areas(scope).order_by("code").values_list("name", "population")
        ]
    if count == "lamps":
        return [
            offered.MeasureItem(reference=area, detail=f"{component} × {quantity}", extra=code)
            for area, component, quantity, code in stock(scope)
            .order_by("area__code", "component_code")
            .values_list("area__name", "component_name", "quantity", "component_code")[:ITEM_LIMIT]
        ]
    found = offered.items(
        count, start=start, end=end, cases=scope.cases() if scope.area else None, limit=ITEM_LIMIT
    )
    return found or []
