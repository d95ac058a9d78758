"""The dispatcher desk's queues and counters, and the hints on its rows: doubtful categories, likely
duplicates (并单) and the system's own dispatches."""

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from chengguan.taxonomy.selectors import category_by_code

from .. import classify, proposals
from ..models import AutoDispatch, Case, FollowUp
from ..states import State
from . import DESK_STATES, desk_cases, visible_cases

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


def _returned_ids(cases: QuerySet[Case]) -> list[int]:
    """The returned cases among `cases`: reopened ones not dispatched yet, and closed ones whose follow-up
    since their last closing says the problem is still there. Each part is read from its own small side
    (the reopened, the persisting follow-ups), never by testing every closed case in the city."""
    reopened = cases.filter(state=State.ACCEPTED, reopen_count__gt=0).order_by().values_list("pk", flat=True)
    persisting = FollowUp.objects.filter(problem_persists=True)  # its partial index: the small side
    # The cases are picked by key from the persisting follow-ups, and only then is each tested for a
    # follow-up since its closing: joined inside one subquery, SQLite walked every closed case instead.
    still_there = (
        cases.filter(pk__in=persisting.values("case_id"), state=State.CLOSED)
        .filter(Exists(persisting.filter(case=OuterRef("pk"), created_at__gte=OuterRef("closed_at"))))
        .order_by()
        .values_list("pk", flat=True)
    )
    return [*reopened, *still_there]


def desk_queue(user, queue: str) -> QuerySet[Case]:
    """The cases of one of the desk's queues (`DESK_QUEUES`; anything else is the new-reports queue)."""
    cases = visible_cases(user)
    if queue == "verified":
        return cases.filter(state=State.VERIFIED).order_by("handled_at", "id")
    if queue == "auto":
        return cases.filter(auto_dispatched_filter()).order_by("-dispatched_at", "-id")
    if queue == "returned":
        return cases.filter(pk__in=_returned_ids(cases)).order_by("-reported_at", "-id")
    return desk_cases(user)


def desk_counts(user) -> dict:
    """The desk's counters: the waiting and the verified cases per state in one query (the state index),
    the returned and the auto-dispatched ones each from their own small side."""
    cases = visible_cases(user)
    states = (*DESK_STATES, State.VERIFIED)
    # COUNT(*), not of the id: PostgreSQL counts from the state index alone (11 ms → 1 ms at 1M cases).
    per_state = dict(cases.filter(state__in=states).values_list("state").annotate(n=Count("*")).order_by())
    return {
        **{f"{state}_count": per_state.get(state, 0) for state in states},
        "returned_count": len(_returned_ids(cases)),
        "auto_count": cases.filter(auto_dispatched_filter()).count(),
    }


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
