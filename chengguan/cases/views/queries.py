"""Reads only the console pages need, each built on the scoped selectors (`visible_cases`)."""

from django.db.models import Count, F, Max, Min, OuterRef, Prefetch, Q, Subquery

from chengguan.grid.models import Area, AreaLevel, Cell
from chengguan.org.models import Department
from chengguan.taxonomy.models import Category

from .. import selectors
from ..models import Attachment, Case, CaseEvent, CaseRequest, FollowUp
from ..states import WITH_DEPARTMENT, Action, State

# New reports, accepted cases not dispatched yet (an intake operator accepted, or a reopened case), and
# cases a department sent back.
DESK_STATES = (State.REPORTED, State.ACCEPTED, State.SENT_BACK)


def _last_note(action: str) -> Subquery:
    events = CaseEvent.objects.filter(case=OuterRef("pk"), action=action).order_by("-at", "-id")
    return Subquery(events.values("note")[:1])


def desk_cases(user):
    """The cases waiting for a dispatcher, newest first (`with_send_back_reasons` adds why a department
    sent a case back, for the rows shown)."""
    return selectors.visible_cases(user).filter(state__in=DESK_STATES).order_by("-reported_at", "-id")


def cases_by_ids(user, ids) -> list[Case]:
    """The visible cases with these ids, in the order given (a page cut from a query of ids only: sorting
    the full rows of every waiting case took longer than the rest of the desk page)."""
    found = selectors.visible_cases(user).defer("community__geometry", "street__geometry").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


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


def inbox_cases(user, staff):
    """The department's (and its units') open cases; the earliest deadline, so the overdue ones, first."""
    return (
        selectors.visible_cases(user)
        .filter(state__in=WITH_DEPARTMENT, department__path__startswith=staff.department.path)
        .annotate(rework_note=_last_note(Action.VERIFY_FAIL))
        .order_by(F("deadline").asc(nulls_last=True), "reported_at", "id")
    )


def verify_cases(user):
    """Handled cases waiting for the inspector, oldest first, with the handling note and after-photos."""
    after = Prefetch(
        "attachments",
        queryset=Attachment.objects.filter(kind=Attachment.Kind.HANDLING),
        to_attr="after_photos",
    )
    return (
        selectors.visible_cases(user)
        .filter(state=State.HANDLED)
        .annotate(handling_note=_last_note(Action.REPORT_HANDLED))
        .prefetch_related(after)
        .order_by("handled_at", "id")
    )


def case_page(user, number: str) -> Case | None:
    return (
        selectors.visible_cases(user)
        .filter(number=number)
        .select_related("created_by", "street__parent")
        .prefetch_related("attachments", "follow_ups")
        .first()
    )


def pending_requests(cases):
    return (
        CaseRequest.objects.filter(decision=CaseRequest.Decision.PENDING, case__in=cases)
        .select_related("case__department", "case__category", "requested_by__staff")
        .order_by("requested_at")
    )


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
    return Attachment.objects.filter(pk=pk, case__in=selectors.visible_cases(user)).first()


def follow_up_for(token: str) -> FollowUp | None:
    return (
        FollowUp.objects.select_related(
            "case__category", "case__community", "case__street", "case__department"
        )
        .filter(token=token)
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
