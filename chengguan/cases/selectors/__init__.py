"""Reads of cases, always scoped to what the user may see: the API's and the console pages' (the desk,
the inbox, the verification list, the board, the case page), and the reference lists their forms need."""

import math
from datetime import date, datetime, time, timedelta

from django.db.models import Case as Conditional
from django.db.models import (
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.dateparse import parse_date

from chengguan.core.planner import joins_as_written
from chengguan.core.text import normalize
from chengguan.grid.models import Area
from chengguan.org.models import Department
from chengguan.org.rules import staff_of
from chengguan.org.selectors import staff_for
from chengguan.taxonomy.models import Category

from .. import rules
from ..models import Attachment, Case, CaseEvent, CaseRequest
from ..states import WITH_DEPARTMENT, Action, State

# "auto_dispatch": whether the system dispatched the case (the pull-back button), joined, not a query per row.
LIST_RELATED = ("category", "department", "community", "street", "cell", "auto_dispatch")


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


def case_after_action(user, case: Case) -> Case:
    """The case as it is after `user` acted on it, read again; also when the action moved it out of their
    sight (a handler who sent it back sees the result of what they did, and only that)."""
    updated = case_for(user, case.number)
    if updated is None:
        updated = Case.objects.select_related(*LIST_RELATED).defer("cell__geometry").get(pk=case.pk)
    return updated


def timeline(case: Case, *, public_only: bool = False) -> QuerySet[CaseEvent]:
    events = case.events.select_related("actor_department").prefetch_related("attachments")
    return events.filter(is_public=True) if public_only else events


PENDING_ATTR = "pending_requests"  # where `with_pending` puts a case's waiting request (a list of 0 or 1)


def with_pending(cases: QuerySet[Case]) -> QuerySet[Case]:
    """The cases, each with its request waiting for a decision read in one query for all of them (a list
    row's actions and its "waiting" note both need it)."""
    waiting = CaseRequest.objects.filter(decision=CaseRequest.Decision.PENDING).order_by("-requested_at")
    return cases.prefetch_related(Prefetch("requests", queryset=waiting, to_attr=PENDING_ATTR))


def pending_request(case: Case) -> CaseRequest | None:
    """The case's request waiting for a decision: from `with_pending` when it was read so, else a query."""
    prefetched = getattr(case, PENDING_ATTR, None)
    if prefetched is not None:
        return prefetched[0] if prefetched else None
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
    if urgencies := _list(params.get("urgency")):
        qs = qs.filter(urgency__in=urgencies)
    if str(params.get("overdue", "")).lower() in ("1", "true", "yes"):
        qs = qs.filter(state__in=WITH_DEPARTMENT, deadline__lt=now)
    if supervision := params.get("supervision"):
        qs = qs.filter(supervision=supervision)
    if since := _date(params.get("reported_after")):
        qs = qs.filter(reported_at__gte=_start_of(since))
    if until := _date(params.get("reported_before")):
        qs = qs.filter(reported_at__lt=_start_of(until + timedelta(days=1)))
    if text := (params.get("q") or params.get("text") or "").strip():
        # Traditional input (路燈) finds the simplified text (路灯): the description is kept simplified.
        term = normalize(text)
        qs = qs.filter(
            Q(search_text__contains=term)
            | Q(number=text)
            | Q(address__contains=text)
            | Q(address__contains=term)
        )
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
# Most urgent first for "urgency" (critical, urgent, normal), the reverse for "-urgency".
URGENCY_RANK = Conditional(
    When(urgency="critical", then=Value(0)),
    When(urgency="urgent", then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def sort_cases(qs: QuerySet[Case], sort: str | None, default: str = "-reported") -> QuerySet[Case]:
    if sort in ("urgency", "-urgency"):
        rank = URGENCY_RANK.desc() if sort.startswith("-") else URGENCY_RANK.asc()
        return qs.order_by(rank, "-reported_at", "-id")
    if sort in ("deadline", "-deadline"):
        deadline = (
            F("deadline").desc(nulls_last=True)
            if sort.startswith("-")
            else F("deadline").asc(nulls_last=True)
        )
        return qs.order_by(deadline, "-id")
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


# New reports, accepted cases not dispatched yet (an intake operator accepted, or a reopened case), and
# cases a department sent back.
DESK_STATES = (State.REPORTED, State.ACCEPTED, State.SENT_BACK)


def _last_note(action: str) -> Subquery:
    events = CaseEvent.objects.filter(case=OuterRef("pk"), action=action).order_by("-at", "-id")
    return Subquery(events.values("note")[:1])


def desk_cases(user):
    """The cases waiting for a dispatcher, newest first (`with_send_back_reasons` adds why a department
    sent a case back, for the rows shown)."""
    return visible_cases(user).filter(state__in=DESK_STATES).order_by("-reported_at", "-id")


def cases_waiting(cases: QuerySet[Case]) -> QuerySet[Case]:
    """The board's lists of cases, each row with its waiting request (see `with_pending`)."""
    return with_pending(cases)


def cases_by_ids(user, ids) -> list[Case]:
    """The visible cases with these ids, in the order given (a page cut from a query of ids only: sorting
    the full rows of every waiting case took longer than the rest of the desk page)."""
    cases = with_pending(visible_cases(user).defer("community__geometry", "street__geometry"))
    with joins_as_written():
        found = cases.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def case_ids_by_number(user, numbers) -> dict[str, int]:
    """{number: id} of the cases with these numbers that `user` may see (one query)."""
    return dict(visible_cases(user).filter(number__in=list(numbers)).values_list("number", "pk"))


def with_send_back_reasons(cases) -> list[Case]:
    """The cases, each sent-back one with `send_back_reason`: the note of its last send-back. One query for
    a page, by the index on (case, action, at)."""
    cases = list(cases)
    sent_back = {case.pk: case for case in cases if case.state == State.SENT_BACK}
    for case in cases:
        case.send_back_reason = ""
    events = CaseEvent.objects.filter(case_id__in=list(sent_back), action=Action.SEND_BACK)
    for case_id, note in events.order_by("at", "id").values_list("case_id", "note"):
        sent_back[case_id].send_back_reason = note  # the last one wins
    return cases


def inbox_cases(user):
    """The department's (and its units') open cases; the earliest deadline, so the overdue ones, first.
    None for a user who is no active staff member."""
    staff = staff_for(user)
    if staff is None:
        return Case.objects.none()
    return with_pending(
        visible_cases(user)
        .filter(state__in=WITH_DEPARTMENT, department__path__startswith=staff.department.path)
        .annotate(rework_note=_last_note(Action.VERIFY_FAIL))
        .order_by(F("deadline").asc(nulls_last=True), "reported_at", "id")
    )


def verify_cases(user, *, area: Area | None = None, near: tuple[float, float] | None = None):
    """Handled cases waiting for the inspector, with the handling note, the photos with the report
    (`before_photos`) and after handling (`after_photos`); in `area` (a street or community) when given;
    oldest first, or nearest first to `near` (lng, lat in WGS-84; cases without a point last)."""
    before = Prefetch(
        "attachments",
        queryset=Attachment.objects.filter(kind=Attachment.Kind.REPORT).order_by("uploaded_at", "id"),
        to_attr="before_photos",
    )
    after = Prefetch(
        "attachments",
        queryset=Attachment.objects.filter(kind=Attachment.Kind.HANDLING).order_by("uploaded_at", "id"),
        to_attr="after_photos",
    )
    cases = (
        visible_cases(user)
        .filter(state=State.HANDLED)
        .annotate(handling_note=_last_note(Action.REPORT_HANDLED))
        .prefetch_related(before, after)
    )
    if area is not None:
        cases = cases.filter(Q(street=area) | Q(community=area))
    if near is None:
        return with_pending(cases.order_by("handled_at", "id"))
    lng, lat = near
    # Squared planar distance in degrees of latitude (a longitude degree shrinks by cos(lat)): the order of
    # the great-circle distance at a city's scale, computed by either database.
    squeeze = math.cos(math.radians(lat)) ** 2
    dlng, dlat = F("lng") - Value(lng), F("lat") - Value(lat)
    distance = ExpressionWrapper(dlng * dlng * Value(squeeze) + dlat * dlat, output_field=FloatField())
    cases = cases.annotate(near_distance=distance)
    return with_pending(cases.order_by(F("near_distance").asc(nulls_last=True), "handled_at", "id"))


def case_page(user, number: str) -> Case | None:
    cases = (
        visible_cases(user)
        .filter(number=number)
        .select_related("created_by", "street__parent")
        .prefetch_related("attachments", "follow_ups")
    )
    with joins_as_written():
        return cases.first()


def pending_requests(cases):
    """Requests waiting for a decision on these cases, oldest first; each request's case knows it is its
    waiting one (no query per row for it)."""
    return (
        CaseRequest.objects.filter(decision=CaseRequest.Decision.PENDING, case__in=cases)
        .select_related(
            "case__department",
            "case__category",
            "case__community",
            "case__street",
            "case__auto_dispatch",
            "requested_by__staff",
        )
        .defer("case__community__geometry", "case__street__geometry")
        .order_by("requested_at")
    )


def with_own_case(requests) -> list[CaseRequest]:
    """The requests, each one's case marked with it as its waiting request (see `pending_request`)."""
    requests = list(requests)
    for item in requests:
        setattr(item.case, PENDING_ATTR, [item])
    return requests


def counts_by_department(open_cases, now) -> list[dict]:
    """Open cases per department: total, overdue and in rework, the most overdue first."""
    rows = (
        open_cases.filter(department__isnull=False)
        .values("department__code", "department__name")
        .annotate(
            total=Count("id"),
            overdue=Count("id", filter=Q(deadline__lt=now)),
            rework=Count("id", filter=Q(state=State.REWORK)),
        )
        .order_by("-overdue", "-total", "department__name")
    )
    return list(rows)


# The desk's readers, the photos and follow-ups, and the reference lists live in their own modules; every
# caller reads them here.
from .desk import (  # noqa: E402
    CONFIDENT,
    DESK_QUEUES,
    auto_dispatched_filter,
    auto_dispatches_of,
    desk_counts,
    desk_queue,
    duplicate_proposals,
    merge_links,
    proposals_for_new_report,
    with_category_doubts,
    with_duplicates,
)
from .photos import after_photos, attachment_for, follow_up_for, follow_up_photo  # noqa: E402
from .reference import (  # noqa: E402
    active_departments,
    classifiable_categories,
    filter_areas,
    filter_categories,
    map_center,
    verify_area,
    verify_areas,
)

__all__ = [
    "after_photos",
    "attachment_for",
    "follow_up_for",
    "follow_up_photo",
    "active_departments",
    "classifiable_categories",
    "filter_areas",
    "filter_categories",
    "map_center",
    "verify_area",
    "verify_areas",
    "CONFIDENT",
    "DESK_QUEUES",
    "auto_dispatched_filter",
    "auto_dispatches_of",
    "desk_counts",
    "desk_queue",
    "duplicate_proposals",
    "merge_links",
    "proposals_for_new_report",
    "with_category_doubts",
    "with_duplicates",
]
