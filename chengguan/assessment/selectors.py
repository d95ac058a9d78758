"""Reads of assessment figures, scoped to what the user may see.

`department_indicators` is the entry point for other apps (the evaluation app ranks units with it)."""

from datetime import datetime

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from chengguan.cases import rules as case_rules
from chengguan.cases import selectors as case_selectors
from chengguan.cases.models import Case, CaseEvent
from chengguan.cases.states import WITH_DEPARTMENT, Action
from chengguan.org.models import Department

from . import count_queries, counts, expressions, measures, rules, scoring
from .models import AssessmentEvent, Direction, Report, Snapshot, SnapshotRow, Subject
from .periods import Period


def department_indicators(
    *, start: datetime, end: datetime, department_ids=None, include_subtree: bool = True
) -> dict[int, dict[str, float | None]]:
    """Live figures per department for [start, end): the raw counts and every active department
    indicator (rates as fractions 0–1, `score` 0–100). With `include_subtree` a department's figures
    cover the units under it too. Departments without any counted case are left out unless asked for."""
    as_of = min(end, timezone.now())
    own, _ids = count_queries.compute_counts(
        Subject.DEPARTMENT, start=start, end=end, as_of=as_of, with_ids=False
    )
    indicators = scoring.definition_data(scoring.definitions(Subject.DEPARTMENT))
    names = counts.count_names(Subject.DEPARTMENT)
    if department_ids is None:
        wanted = Department.objects.filter(pk__in=[int(key) for key in own])
    else:
        wanted = Department.objects.filter(pk__in=list(department_ids))
    paths = dict(Department.objects.filter(pk__in=[int(key) for key in own]).values_list("pk", "path"))
    result = {}
    for department in wanted:
        totals = dict.fromkeys(names, 0)
        for pk, path in paths.items():
            inside = path.startswith(department.path) if include_subtree else pk == department.pk
            if inside:
                for name, n in own[str(pk)].items():
                    totals[name] += n
        values, _score = scoring.evaluate(indicators, totals)
        result[department.pk] = {**totals, **values}
    return result


def live_rows(user, subject: str, period: Period, *, case_filter: dict | None = None) -> list[scoring.Row]:
    """Figures computed now (this month so far), scoped to the user."""
    as_of = min(period.end, timezone.now())
    indicators = scoring.definition_data(scoring.definitions(subject))
    rows = scoring.compute_rows(
        subject,
        start=period.start,
        end=period.end,
        as_of=as_of,
        indicators=indicators,
        with_ids=False,
        case_filter=case_filter,
    )
    allowed = rules.own_subject_ids(user, subject)
    return rows if allowed is None else [row for row in rows if row.subject_id in allowed]


def snapshot_for(subject: str, period: Period) -> Snapshot | None:
    return Snapshot.objects.filter(
        subject=subject, period_kind=period.kind, start=period.start, end=period.end
    ).first()


def snapshot_rows(user, snapshot: Snapshot) -> QuerySet[SnapshotRow]:
    rows = snapshot.rows.order_by(F("rank").asc(nulls_last=True), "subject_name")
    allowed = rules.own_subject_ids(user, snapshot.subject)
    return rows if allowed is None else rows.filter(subject_id__in=allowed)


def snapshots(user) -> QuerySet[Snapshot]:
    return Snapshot.objects.all() if rules.can_view(user) else Snapshot.objects.none()


def reports(user) -> QuerySet[Report]:
    return Report.objects.all() if rules.can_view(user) else Report.objects.none()


def drill_cases(user, row: SnapshotRow, count: str) -> QuerySet[Case]:
    """The cases behind one count of one row, as the snapshot recorded them, that the user may see."""
    allowed = rules.own_subject_ids(user, row.snapshot.subject)
    if allowed is not None and row.subject_id not in allowed:
        return Case.objects.none()
    ids = row.case_ids.get(count, [])
    return case_selectors.visible_cases(user).filter(pk__in=ids).order_by("number")


def live_drill_cases(
    user, subject: str, subject_id: str, count: str, period: Period, case_filter: dict | None = None
) -> QuerySet[Case]:
    """The cases behind one live figure (this month so far), if the user may see that subject."""
    allowed = rules.own_subject_ids(user, subject)
    if allowed is not None and subject_id not in allowed:
        return Case.objects.none()
    ids = count_queries.case_ids_for(
        subject,
        subject_id,
        count,
        start=period.start,
        end=period.end,
        as_of=min(period.end, timezone.now()),
        case_filter=case_filter,
    )
    return case_selectors.visible_cases(user).filter(pk__in=ids).order_by("number")


# --- dashboard figures (aggregate queries over cases, filtered by area and category) ---


def case_filter(*, area=None, category=None) -> dict:
    """Filters on Case fields for an area (street or community) and a category (major class or subclass)."""
    filters = {}
    if area is not None:
        filters["street_id" if area.level == "street" else "community_id"] = area.pk
    if category is not None:
        filters["category__parent_id" if category.parent_id is None else "category_id"] = category.pk
    return filters


def _cases(user, filters: dict) -> QuerySet[Case]:
    """Cases the user may see (user None: the whole city, for reports and jobs), narrowed by filters."""
    base = Case.objects.all() if user is None else case_selectors.visible_cases(user)
    return base.filter(**filters).order_by()


def _events(user, action, filters: dict) -> QuerySet[CaseEvent]:
    qs = CaseEvent.objects.filter(action=action, **{f"case__{k}": v for k, v in filters.items()})
    if user is not None and not case_rules.sees_all_cases(user):
        qs = qs.filter(case__in=case_selectors.visible_cases(user).values("pk"))
    return qs.order_by()


def _month_label(moment) -> str:
    return (timezone.localtime(moment) if timezone.is_aware(moment) else moment).strftime("%Y-%m")


def monthly_trend(user, months: list[Period], filters: dict) -> dict:
    """Per month: cases filed (accepted) and closed, and the on-time handling rate (handled by the
    deadline / handled), each one aggregate query grouped by month."""
    start, end = months[0].start, months[-1].end
    on_time = Q(case__handled_at__lte=F("case__deadline"))
    queries = {
        "filed": (Action.ACCEPT, Count("case_id", distinct=True)),
        "closed": (Action.CLOSE, Count("case_id", distinct=True)),
        "handled": (Action.REPORT_HANDLED, Count("case_id", distinct=True)),
        "handled_on_time": (Action.REPORT_HANDLED, Count("case_id", distinct=True, filter=on_time)),
    }
    series = {}
    for key, (action, measure) in queries.items():
        rows = (
            _events(user, action, filters)
            .filter(at__gte=start, at__lt=end)
            .annotate(month=TruncMonth("at"))
            .values("month")
            .annotate(n=measure)
            .values_list("month", "n")
        )
        by_label = {_month_label(month): n for month, n in rows}
        series[key] = [by_label.get(period.label, 0) for period in months]
    series["ontime_rate"] = [
        round(100 * ok / handled, 1) if handled else None
        for ok, handled in zip(series["handled_on_time"], series["handled"], strict=True)
    ]
    return {"labels": [period.label for period in months], **series}


def cases_by_cell(user, period: Period, filters: dict, limit: int = 500) -> list[dict]:
    return list(
        _cases(user, filters)
        .filter(reported_at__gte=period.start, reported_at__lt=period.end, cell__isnull=False)
        .values("cell_id", "cell__code", "cell__center_lng", "cell__center_lat", "community__name")
        .annotate(n=Count("id"))
        .order_by("-n", "cell__code")[:limit]
    )


def top_categories(user, period: Period, filters: dict, limit: int = 10) -> list[dict]:
    return list(
        _cases(user, filters)
        .filter(reported_at__gte=period.start, reported_at__lt=period.end, category__isnull=False)
        .values("category__code", "category__name")
        .annotate(n=Count("id"))
        .order_by("-n", "category__code")[:limit]
    )


def overdue_by_department(user, filters: dict, limit: int = 15) -> list[dict]:
    now = timezone.now()
    return list(
        _cases(user, filters)
        .filter(state__in=WITH_DEPARTMENT, deadline__lt=now, department__isnull=False)
        .values("department__name")
        .annotate(n=Count("id"))
        .order_by("-n", "department__name")[:limit]
    )


def overview(user, period: Period, filters: dict) -> dict:
    qs = _cases(user, filters).filter(reported_at__gte=period.start, reported_at__lt=period.end)
    return qs.aggregate(
        reported=Count("id"),
        closed=Count("id", filter=Q(state="closed")),
        overdue=Count("id", filter=Q(state__in=WITH_DEPARTMENT, deadline__lt=timezone.now())),
        reworked=Count("id", filter=Q(rework_count__gt=0)),
    )


def snapshot_events(snapshot, limit: int = 10):
    """The latest events of a snapshot's timeline (computed, recomputed), newest first."""
    if snapshot is None:
        return []
    return list(AssessmentEvent.objects.filter(snapshot=snapshot).order_by("-at", "-id")[:limit])


# --- the seeds' own measures (subject "city") ---


def city_measures(period: Period, area=None) -> list[dict]:
    """Each active city indicator with its value, target, whether the target is met, the figures behind it
    and the count it drills down to, for the city or one street or community (fixed number of queries)."""
    as_of = min(period.end, timezone.now())
    scope = measures.Scope(area)
    figures = measures.city_counts(start=period.start, end=period.end, as_of=as_of, scope=scope)
    defined = scoring.definitions(Subject.CITY)
    indicators = scoring.definition_data(defined)
    values, _score = scoring.evaluate(indicators, figures)
    why = scoring.explain(indicators, figures, values)
    result = []
    for indicator in defined:
        value = values.get(indicator.code)
        met = None
        if value is not None and indicator.target is not None:
            higher = indicator.direction == Direction.HIGHER
            met = value >= indicator.target if higher else value <= indicator.target
        result.append(
            {
                "code": indicator.code,
                "name": indicator.name,
                "value": value,
                "unit": indicator.unit,
                "target": indicator.target,
                "direction": indicator.direction,
                "met": met,
                "drill_count": indicator.drill_count,
                "why": why[indicator.code],
                "counts": {
                    name: figures[name]
                    for name in sorted(expressions.names(indicator.expression))
                    if name in figures
                },
            }
        )
    return result


def officers_by_street(period: Period) -> list[dict]:
    return measures.officers_by_street(min(period.end, timezone.now()))


def measure_cases(user, count: str, period: Period, area=None) -> QuerySet[Case]:
    """The cases behind a case count of the city's measures, as far as the user may see them."""
    scope = measures.Scope(area)
    as_of = min(period.end, timezone.now())
    if count == "lamp_faults":
        qs = measures.lamp_fault_cases(scope, as_of)
    else:
        kind = count.removesuffix("_cases")
        qs = measures.accepted_cases(scope, period.start, period.end).filter(category__work_kind=kind)
    visible = case_selectors.visible_cases(user).filter(pk__in=qs.values("pk"))
    return visible.select_related("category", "department").order_by("number")


def measure_items(user, count: str, period: Period, area=None) -> list:
    """The items behind any other count of the city's measures (follow-ups, ballots, officers, residents,
    lamps, enforcement records), as `core.measures.MeasureItem`s."""
    scope = measures.Scope(area)
    as_of = min(period.end, timezone.now())
    return measures.items(count, start=period.start, end=period.end, as_of=as_of, scope=scope, user=user)
