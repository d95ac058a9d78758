"""Reads of cases, always scoped to what the user may see."""

from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date

from chengguan.core.text import normalize
from chengguan.org.models import Department
from chengguan.org.rules import staff_of
from chengguan.taxonomy.models import Category

from . import rules
from .models import Case, CaseEvent, CaseRequest
from .states import WITH_DEPARTMENT

LIST_RELATED = ("category", "department", "community", "street", "cell")


def visible_cases(user) -> QuerySet[Case]:
    qs = Case.objects.select_related(*LIST_RELATED).defer("cell__geometry")  # a polygon per row, never shown
    if rules.sees_all_cases(user):
        return qs
    staff = staff_of(user)
    scope = Q(created_by=user) if user is not None and user.is_authenticated else Q(pk__in=[])
    if staff is not None and staff.is_active:
        scope |= Q(department__path__startswith=staff.department.path)
    return qs.filter(scope)


def case_for(user, number: str) -> Case | None:
    return visible_cases(user).filter(number=number).first()


def timeline(case: Case, *, public_only: bool = False) -> QuerySet[CaseEvent]:
    events = case.events.select_related("actor_department").prefetch_related("attachments")
    return events.filter(is_public=True) if public_only else events


def pending_request(case: Case) -> CaseRequest | None:
    return case.requests.filter(decision=CaseRequest.Decision.PENDING).first()


def filter_cases(qs: QuerySet[Case], params: dict) -> QuerySet[Case]:
    """Filters shared by the API and the console lists; unknown or empty parameters are ignored."""
    now = timezone.now()
    if states := _list(params.get("state")):
        qs = qs.filter(state__in=states)
    # Codes are resolved to ids first (small tables), so the case indexes on department and category apply;
    # a join with OR over a class and its major class made the database read every case in the state.
    if department := params.get("department"):
        qs = qs.filter(department_id__in=_ids(Department.objects.filter(code=department)))
    if category := params.get("category"):
        family = Category.objects.filter(Q(code=category) | Q(parent__code=category))
        qs = qs.filter(category_id__in=_ids(family))
    if area := params.get("area"):
        # A cell, community, street or district code (a case records its street; the district is above it).
        qs = qs.filter(
            Q(community__code=area) | Q(street__code=area) | Q(street__parent__code=area) | Q(cell__code=area)
        )
    if cell := params.get("cell"):
        qs = qs.filter(cell__code=cell)
    if channels := _list(params.get("channel")):
        qs = qs.filter(channel__in=channels)
    if str(params.get("overdue", "")).lower() in ("1", "true", "yes"):
        qs = qs.filter(state__in=WITH_DEPARTMENT, deadline__lt=now)
    if supervision := params.get("supervision"):
        qs = qs.filter(supervision=supervision)
    if since := _date(params.get("reported_after")):
        qs = qs.filter(reported_at__gte=_start_of(since))
    if until := _date(params.get("reported_before")):
        qs = qs.filter(reported_at__lt=_start_of(until + timedelta(days=1)))
    if text := (params.get("q") or params.get("text") or "").strip():
        term = normalize(text)
        qs = qs.filter(Q(search_text__contains=term) | Q(number=text) | Q(address__contains=text))
    return qs


SORTS = {
    "reported": "reported_at",
    "-reported": "-reported_at",
    "deadline": "deadline",
    "-deadline": "-deadline",
    "number": "number",
    "-number": "-number",
    "state": "state",
}


def sort_cases(qs: QuerySet[Case], sort: str | None, default: str = "-reported") -> QuerySet[Case]:
    return qs.order_by(SORTS.get(sort or "", SORTS[default]), "-id")


def _ids(queryset) -> list[int]:
    return list(queryset.values_list("pk", flat=True))


def _start_of(day: date) -> datetime:
    """Midnight at the start of `day` in the bureau's time zone (a range on the column can use its index)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def _list(value) -> list[str]:
    if not value:
        return []
    values = value if isinstance(value, list | tuple) else str(value).split(",")
    return [v.strip() for v in values if v.strip()]


def _date(value):
    """A date from YYYY-MM-DD, or None for anything else (a bad filter is ignored, not an error)."""
    try:
        return parse_date(str(value)) if value else None
    except ValueError:
        return None
