"""Reads of cases, always scoped to what the user may see: the API's and the console pages' (the desk,
the inbox, the verification list, the board, the case page), and the reference lists their forms need."""

import math
from datetime import date, datetime, time, timedelta

from django.db.models import Case as Conditional
from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Max,
    Min,
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

from chengguan.core.text import normalize
from chengguan.grid.models import Area, AreaLevel, Cell
from chengguan.org.models import Department
from chengguan.org.rules import staff_of
from chengguan.org.selectors import staff_for
from chengguan.taxonomy.models import Category
from chengguan.taxonomy.selectors import category_by_code

from . import classify, proposals, rules
from .models import Attachment, AutoDispatch, Case, CaseEvent, CaseRequest, FollowUp
from .states import WITH_DEPARTMENT, Action, State

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


# The desk's other queues: verified cases waiting to be closed (closed in batches), and the cases that came
# back: reopened ones waiting for dispatch, and closed ones whose follow-up says the problem is still there.
DESK_QUEUES = ("new", "auto", "verified", "returned")


def auto_dispatched_filter() -> Q:
    """Cases the system dispatched (智能派单) that the department has not started and nobody pulled back:
    still dispatched by that very dispatch."""
    return Q(
        state=State.DISPATCHED,
        auto_dispatch__dispatched_at=F("dispatched_at"),
        auto_dispatch__pulled_back_at__isnull=True,
    )


def _problem_persists() -> Exists:
    """The case's follow-up since its last closing says the problem is still there."""
    return Exists(
        FollowUp.objects.filter(
            case=OuterRef("pk"), problem_persists=True, created_at__gte=OuterRef("closed_at")
        )
    )


def returned_filter() -> Q:
    """Reopened cases not dispatched yet, and closed cases whose follow-up says the problem persists."""
    return Q(state=State.ACCEPTED, reopen_count__gt=0) | Q(state=State.CLOSED, persists=True)


def desk_queue(user, queue: str) -> QuerySet[Case]:
    """The cases of one of the desk's queues (`DESK_QUEUES`; anything else is the new-reports queue)."""
    cases = visible_cases(user)
    if queue == "verified":
        return cases.filter(state=State.VERIFIED).order_by("handled_at", "id")
    if queue == "auto":
        return cases.filter(auto_dispatched_filter()).order_by("-dispatched_at", "-id")
    if queue == "returned":
        cases = cases.filter(Q(state=State.ACCEPTED, reopen_count__gt=0) | Q(state=State.CLOSED))
        return (
            cases.alias(persists=_problem_persists())
            .filter(returned_filter())
            .order_by("-reported_at", "-id")
        )
    return desk_cases(user)


def desk_counts(user) -> dict:
    """The desk's counters in one query: per waiting state, the verified cases and the returned ones."""
    states = (*DESK_STATES, State.VERIFIED, State.CLOSED, State.DISPATCHED)
    cases = visible_cases(user).filter(state__in=states)
    counts = cases.alias(persists=_problem_persists()).aggregate(
        **{f"{state}_count": Count("pk", filter=Q(state=state)) for state in (*DESK_STATES, State.VERIFIED)},
        returned_count=Count("pk", filter=returned_filter()),
        auto_count=Count("pk", filter=auto_dispatched_filter()),
    )
    return counts


def cases_waiting(cases: QuerySet[Case]) -> QuerySet[Case]:
    """The board's lists of cases, each row with its waiting request (see `with_pending`)."""
    return with_pending(cases)


def cases_by_ids(user, ids) -> list[Case]:
    """The visible cases with these ids, in the order given (a page cut from a query of ids only: sorting
    the full rows of every waiting case took longer than the rest of the desk page)."""
    found = with_pending(visible_cases(user).defer("community__geometry", "street__geometry")).in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


CONFIDENT = 0.8  # a classifier suggestion this sure that disagrees with the given category is flagged


def with_category_doubts(cases) -> list[Case]:
    """The cases, each with `category_doubt`: the classifier's suggestion when it is at least `CONFIDENT`
    sure of another category than the one given (a report filed under the wrong category), else None.
    The page's texts are classified together (one query)."""
    cases = list(cases)
    for case in cases:
        case.category_doubt = None
    given = [case for case in cases if case.category_id and (case.search_text or case.description)]
    found = classify.suggest_many([case.search_text or case.description for case in given], limit=1)
    for case, suggestions in zip(given, found, strict=True):
        best = suggestions[0] if suggestions else None
        if best is not None and best.probability >= CONFIDENT and best.category_code != case.category.code:
            case.category_doubt = best
    return cases


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


def verify_areas() -> list[Area]:
    """The streets and communities an inspector may narrow the verification list to."""
    areas = Area.objects.filter(level__in=(AreaLevel.STREET, AreaLevel.COMMUNITY)).defer("geometry")
    return list(areas.order_by("code"))


def verify_area(code: str) -> Area | None:
    return Area.objects.filter(code=code, level__in=(AreaLevel.STREET, AreaLevel.COMMUNITY)).first()


def case_page(user, number: str) -> Case | None:
    return (
        visible_cases(user)
        .filter(number=number)
        .select_related("created_by", "street__parent")
        .prefetch_related("attachments", "follow_ups")
        .first()
    )


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


def attachment_for(user, pk: int) -> Attachment | None:
    return Attachment.objects.filter(pk=pk, case__in=visible_cases(user)).first()


def follow_up_for(token: str) -> FollowUp | None:
    return (
        FollowUp.objects.select_related(
            "case__category", "case__community", "case__street", "case__department"
        )
        .filter(token=token)
        .first()
    )


def after_photos(case: Case) -> list[Attachment]:
    """The photos after handling of the case (the reporter sees them on the follow-up page)."""
    return list(case.attachments.filter(kind=Attachment.Kind.HANDLING).order_by("uploaded_at", "id"))


def follow_up_photo(token: str, pk: int) -> Attachment | None:
    """A photo after handling of the case the follow-up link `token` is for; None for any other."""
    return (
        Attachment.objects.filter(pk=pk, kind=Attachment.Kind.HANDLING, case__follow_ups__token=token)
        .distinct()
        .first()
    )


def active_departments() -> list[Department]:
    return list(Department.objects.filter(is_active=True).order_by("path"))


def classifiable_categories() -> list[dict]:
    """Active subclasses under active major classes, in code order (for the category search list): code,
    name and parent_name only, since a page shows the list with every request."""
    minors = Category.objects.minors().filter(is_active=True, parent__is_active=True)
    return list(minors.order_by("code").values("code", "name", parent_name=F("parent__name")))


def filter_categories() -> list[Category]:
    """Major classes and their subclasses, in code order (a major class filters all its subclasses)."""
    return list(Category.objects.filter(is_active=True).order_by("code"))


def filter_areas() -> list[Area]:
    levels = (AreaLevel.DISTRICT, AreaLevel.STREET, AreaLevel.COMMUNITY)
    return list(Area.objects.filter(level__in=levels).order_by("code"))


def map_center() -> str:
    """The middle of the grid as "lng,lat" (the intake map opens there), or "" without a grid."""
    box = Cell.objects.filter(is_active=True).aggregate(
        w=Min("min_lng"), s=Min("min_lat"), e=Max("max_lng"), n=Max("max_lat")
    )
    if box["w"] is None:
        return ""
    return f"{(box['w'] + box['e']) / 2:.6f},{(box['s'] + box['n']) / 2:.6f}"


def with_duplicates(user, cases) -> list[Case]:
    """The cases, each with `duplicates`: the open cases `user` may see that are likely the same problem
    (并单 proposals, `duplicates.Proposal`, best first). One query for the page."""
    return proposals.with_duplicates(visible_cases(user), cases)


def duplicate_proposals(user, case: Case) -> list:
    """One case's likely duplicates among the open cases `user` may see, best first."""
    return proposals.with_duplicates(visible_cases(user), [case])[0].duplicates


def proposals_for_new_report(user, *, category_code: str, lng: float, lat: float, text: str = "") -> list:
    """For the intake form being filled in: the open cases `user` may see likely the same problem as a
    report of this category at this point with this text (none for an unknown or major category)."""
    category = category_by_code(category_code) if category_code else None
    if category is None or category.parent_id is None:
        return []
    return proposals.proposals_for_report(visible_cases(user), category=category, lng=lng, lat=lat, text=text)


merge_links = proposals.merge_links


def auto_dispatches_of(cases) -> dict:
    """{case id: its AutoDispatch} for a page of cases, in one query."""
    ids = [case.pk for case in cases]
    if not ids:
        return {}
    return {row.case_id: row for row in AutoDispatch.objects.filter(case_id__in=ids)}
