"""The named counts indicators are built from, computed in the database for a period [start, end).

Every count is a queryset over `cases.CaseEvent`, `cases.Case` or `cases.FollowUp` annotated with the
subject it belongs to (`subject_key`) and the case it counts (`cid`); one aggregate query per count gives
the numbers for every subject at once (GROUP BY subject), a second the case ids for the drill-down. No
Python loop ever walks the cases.

What counts in a period P = [start, end) (also in docs/assessment.md):

Departments — a case belongs to the department that holds it now (`Case.department`, the last one it was
dispatched to):
  filed                 cases with a dispatch (派遣) event in P                (立案数 of a department)
  handled               cases with a "handling done" (处置反馈) event in P                  (处置数)
  handled_on_time       of those, cases whose latest handling was at or before their deadline
                        (按期处置数)
  overdue_unhandled     dispatched cases whose deadline fell in P (and before now), with no handling event
                        in P, and not handled by the end of P (or back with the department now) (超时未处置数)
  rework                verification failures (返工) in P, as events                        (返工数)
  extensions            approved extensions (延期) in P, as events
  follow_ups            follow-up ratings answered in P
  follow_ups_satisfied  of those, rated "fairly satisfied" or better
Areas (street, community, cell of the case):
  filed                 cases accepted (立案) in P; public_filed: of those, reported by the public
                        (hotline, web, mobile, Open311, API)
  closed                cases closed (结案) in P; closed_on_time: of those, handled by their deadline
Staff (the actor of the event):
  patrol_reports / valid_patrol_reports   patrol reports entered in P / of those, accepted as cases
  verifications / verify_failures         verifications (核查) in P / of those, failed
  dispatches / dispatch_send_backs        dispatches in P / send-backs (退单) in P of cases this dispatcher
                                          dispatched last
  entered / entered_rejected              reports entered in P / of those, not accepted (不予立案)
  acceptances / closures / closures_reopened   立案 / 结案 in P / closures followed by a reopening
  verifications_on_time   verifications within CHENGGUAN_ASSESSMENT_STEP_HOURS["verify"] (24) wall-clock
                          hours of the handling before them; dispatches_on_time: within ["dispatch"] (1) of
                          the acceptance or send-back before; acceptances_on_time: within ["accept"] (2) of
                          the report or reopening; closures_on_time: within ["close"] (24) of the passed
                          verification; acceptances_rejected_later: 立案 later turned into 不予立案
  cell_cases / cell_cases_public   cases accepted in P in the cells an inspector is assigned to / of those,
                          reported by the public rather than found on patrol (漏报)
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, DateTimeField, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from chengguan.cases.models import Case, CaseEvent, FollowUp
from chengguan.cases.states import WITH_DEPARTMENT, Action, Channel, State

from .models import Subject

COUNT_LABELS = {
    "filed": _("cases filed"),
    "handled": _("cases handled"),
    "handled_on_time": _("cases handled on time"),
    "overdue_unhandled": _("cases overdue and not handled"),
    "rework": _("reworks"),
    "extensions": _("extensions approved"),
    "follow_ups": _("follow-up ratings"),
    "follow_ups_satisfied": _("satisfied follow-up ratings"),
    "public_filed": _("cases reported by the public"),
    "closed": _("cases closed"),
    "closed_on_time": _("cases closed on time"),
    "patrol_reports": _("patrol reports"),
    "valid_patrol_reports": _("valid patrol reports"),
    "verifications": _("verifications"),
    "verify_failures": _("failed verifications"),
    "dispatches": _("dispatches"),
    "dispatch_send_backs": _("dispatches sent back"),
    "entered": _("reports entered"),
    "entered_rejected": _("reports entered and rejected"),
    "acceptances": _("cases accepted"),
    "closures": _("closures"),
    "closures_reopened": _("closures reopened later"),
    "verifications_on_time": _("verifications on time"),
    "cell_cases": _("cases in the inspector's cells"),
    "cell_cases_public": _("cases in the inspector's cells reported by the public"),
    "dispatches_on_time": _("dispatches on time"),
    "acceptances_on_time": _("cases accepted on time"),
    "acceptances_rejected_later": _("acceptances rejected later"),
    "closures_on_time": _("closures on time"),
}
PUBLIC_CHANNELS = (Channel.HOTLINE, Channel.WEB, Channel.MOBILE, Channel.OPEN311, Channel.API)


@dataclass(frozen=True)
class CountDef:
    name: str
    rows: Callable[[datetime, datetime, datetime], QuerySet]  # (start, end, as_of) -> rows
    distinct_cases: bool = True  # count cases, else rows (events)


def _events(action, start, end, **filters) -> QuerySet:
    actions = action if isinstance(action, list | tuple) else [action]
    return CaseEvent.objects.filter(action__in=actions, at__gte=start, at__lt=end, **filters).annotate(
        cid=F("case_id")
    )


def _on_time() -> Q:
    return Q(
        case__handled_at__isnull=False,
        case__deadline__isnull=False,
        case__handled_at__lte=F("case__deadline"),
    )


def _overdue_unhandled(start, end, as_of) -> QuerySet:
    handled_in_period = Exists(
        CaseEvent.objects.filter(case=OuterRef("pk"), action=Action.REPORT_HANDLED, at__gte=start, at__lt=end)
    )
    still_open = (
        Q(handled_at__isnull=True) | Q(handled_at__gte=end) | Q(state__in=[*WITH_DEPARTMENT, State.SUSPENDED])
    )
    return (
        Case.objects.filter(deadline__gte=start, deadline__lt=min(end, as_of), dispatched_at__isnull=False)
        .filter(still_open)
        .exclude(handled_in_period)
        .annotate(cid=F("id"))
    )


def _followups(start, end, satisfied=False) -> QuerySet:
    qs = FollowUp.objects.filter(answered_at__gte=start, answered_at__lt=end, rating__isnull=False)
    if satisfied:
        qs = qs.filter(rating__gte=3)
    return qs.annotate(cid=F("case_id"))


def _last_dispatcher() -> Subquery:
    return Subquery(
        CaseEvent.objects.filter(case=OuterRef("case"), action=Action.DISPATCH, at__lte=OuterRef("at"))
        .order_by("-at", "-id")
        .values("actor")[:1]
    )


# Time allowed for the command centre's and inspectors' steps, in wall-clock hours (settings may override):
# how long after the step before it a dispatch, an acceptance, a verification or a closure is on time.
DEFAULT_STEP_HOURS = {"accept": 2, "dispatch": 1, "verify": 24, "close": 24}


def step_hours(step: str) -> float:
    configured = getattr(settings, "CHENGGUAN_ASSESSMENT_STEP_HOURS", {}) or {}
    return float(configured.get(step, DEFAULT_STEP_HOURS[step]))


def _on_time_after(qs: QuerySet, step: str, previous: list) -> QuerySet:
    """Events that came within the step's hours of the latest `previous` event on the same case."""
    started = Subquery(
        CaseEvent.objects.filter(case=OuterRef("case"), action__in=previous, at__lte=OuterRef("at"))
        .order_by("-at", "-id")
        .values("at")[:1],
        output_field=DateTimeField(),
    )
    return qs.annotate(step_started=started).filter(
        step_started__isnull=False, at__lte=F("step_started") + timedelta(hours=step_hours(step))
    )


def _reopened_after() -> Exists:
    return Exists(
        CaseEvent.objects.filter(case=OuterRef("case"), action=Action.REOPEN, at__gt=OuterRef("at"))
    )


def _rejected_after() -> Exists:
    return Exists(
        CaseEvent.objects.filter(case=OuterRef("case"), action=Action.REJECT, at__gt=OuterRef("at"))
    )


def _in_inspected_cells(start, end, public_only=False) -> QuerySet:
    qs = _events(Action.ACCEPT, start, end, case__cell__inspector__isnull=False)
    if public_only:
        qs = qs.filter(case__channel__in=PUBLIC_CHANNELS)
    return qs.annotate(subject_key=F("case__cell__inspector__user_id"))


DEPARTMENT_COUNTS = (
    CountDef("filed", lambda s, e, n: _events(Action.DISPATCH, s, e)),
    CountDef("handled", lambda s, e, n: _events(Action.REPORT_HANDLED, s, e)),
    CountDef("handled_on_time", lambda s, e, n: _events(Action.REPORT_HANDLED, s, e).filter(_on_time())),
    CountDef("overdue_unhandled", _overdue_unhandled),
    CountDef("rework", lambda s, e, n: _events(Action.VERIFY_FAIL, s, e), distinct_cases=False),
    CountDef("extensions", lambda s, e, n: _events(Action.APPROVE_EXTENSION, s, e), distinct_cases=False),
    CountDef("follow_ups", lambda s, e, n: _followups(s, e), distinct_cases=False),
    CountDef("follow_ups_satisfied", lambda s, e, n: _followups(s, e, satisfied=True), distinct_cases=False),
)
AREA_COUNTS = (
    CountDef("filed", lambda s, e, n: _events(Action.ACCEPT, s, e)),
    CountDef("public_filed", lambda s, e, n: _events(Action.ACCEPT, s, e, case__channel__in=PUBLIC_CHANNELS)),
    CountDef("closed", lambda s, e, n: _events(Action.CLOSE, s, e)),
    CountDef("closed_on_time", lambda s, e, n: _events(Action.CLOSE, s, e).filter(_on_time())),
)
STAFF_COUNTS = {
    Subject.INSPECTOR: (
        CountDef(
            "patrol_reports", lambda s, e, n: _events(Action.REPORT, s, e, case__channel=Channel.PATROL)
        ),
        CountDef(
            "valid_patrol_reports",
            lambda s, e, n: _events(
                Action.REPORT, s, e, case__channel=Channel.PATROL, case__accepted_at__isnull=False
            ),
        ),
        CountDef(
            "verifications", lambda s, e, n: _events([Action.VERIFY_PASS, Action.VERIFY_FAIL], s, e), False
        ),
        CountDef("verify_failures", lambda s, e, n: _events(Action.VERIFY_FAIL, s, e), False),
        CountDef(
            "verifications_on_time",
            lambda s, e, n: _on_time_after(
                _events([Action.VERIFY_PASS, Action.VERIFY_FAIL], s, e), "verify", [Action.REPORT_HANDLED]
            ),
            False,
        ),
        CountDef("cell_cases", lambda s, e, n: _in_inspected_cells(s, e)),
        CountDef("cell_cases_public", lambda s, e, n: _in_inspected_cells(s, e, public_only=True)),
    ),
    Subject.DISPATCHER: (
        CountDef("dispatches", lambda s, e, n: _events(Action.DISPATCH, s, e), False),
        CountDef(
            "dispatches_on_time",
            lambda s, e, n: _on_time_after(
                _events(Action.DISPATCH, s, e), "dispatch", [Action.ACCEPT, Action.SEND_BACK]
            ),
            False,
        ),
        CountDef(
            "dispatch_send_backs",
            lambda s, e, n: _events(Action.SEND_BACK, s, e).annotate(subject_key=_last_dispatcher()),
            False,
        ),
    ),
    Subject.INTAKE_OPERATOR: (
        CountDef(
            "entered", lambda s, e, n: _events(Action.REPORT, s, e).exclude(case__channel=Channel.PATROL)
        ),
        CountDef(
            "entered_rejected",
            lambda s, e, n: _events(Action.REPORT, s, e, case__state=State.REJECTED).exclude(
                case__channel=Channel.PATROL
            ),
        ),
    ),
    Subject.SHIFT_LEAD: (
        CountDef("acceptances", lambda s, e, n: _events(Action.ACCEPT, s, e), False),
        CountDef(
            "acceptances_on_time",
            lambda s, e, n: _on_time_after(
                _events(Action.ACCEPT, s, e), "accept", [Action.REPORT, Action.REOPEN]
            ),
            False,
        ),
        CountDef(
            "acceptances_rejected_later",
            lambda s, e, n: _events(Action.ACCEPT, s, e).filter(_rejected_after()),
            False,
        ),
        CountDef("closures", lambda s, e, n: _events(Action.CLOSE, s, e), False),
        CountDef(
            "closures_reopened", lambda s, e, n: _events(Action.CLOSE, s, e).filter(_reopened_after()), False
        ),
    ),
}

# How each kind of subject is found on a counted row (events and follow-ups reach the case via `case__`).
_AREA_FIELD = {Subject.STREET: "street_id", Subject.COMMUNITY: "community_id", Subject.CELL: "cell_id"}


def count_defs(subject: str) -> tuple[CountDef, ...]:
    if subject == Subject.DEPARTMENT:
        return DEPARTMENT_COUNTS
    if subject in _AREA_FIELD:
        return AREA_COUNTS
    return STAFF_COUNTS[subject]


def count_names(subject: str) -> list[str]:
    return [definition.name for definition in count_defs(subject)]


def _subject_field(subject: str, qs: QuerySet) -> str:
    on_case = qs.model is Case
    if subject == Subject.DEPARTMENT:
        return "department_id" if on_case else "case__department_id"
    if subject in _AREA_FIELD:
        return _AREA_FIELD[subject] if on_case else f"case__{_AREA_FIELD[subject]}"
    return "actor_id"


def _keyed(subject: str, qs: QuerySet, case_filter: dict | None = None) -> QuerySet:
    if case_filter:
        prefix = "" if qs.model is Case else "case__"
        qs = qs.filter(**{f"{prefix}{field}": value for field, value in case_filter.items()})
    if "subject_key" not in qs.query.annotations:
        qs = qs.annotate(subject_key=F(_subject_field(subject, qs)))
    return qs.filter(subject_key__isnull=False).order_by()


def compute_counts(
    subject: str,
    *,
    start: datetime,
    end: datetime,
    as_of: datetime,
    with_ids: bool = True,
    case_filter: dict | None = None,
) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, list[int]]]]:
    """{subject key: {count name: n}} and, with ids, {subject key: {count name: [case ids]}}.
    `case_filter` narrows every count to cases matching these Case field lookups (area, category)."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    ids: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for definition in count_defs(subject):
        qs = _keyed(subject, definition.rows(start, end, as_of), case_filter)
        measure = Count("cid", distinct=True) if definition.distinct_cases else Count("id")
        for key, n in qs.values("subject_key").annotate(n=measure).values_list("subject_key", "n"):
            counts[str(key)][definition.name] = n
        if with_ids:
            for key, cid in qs.values_list("subject_key", "cid").distinct().order_by("subject_key", "cid"):
                ids[str(key)].setdefault(definition.name, []).append(cid)
    names = count_names(subject)
    for key in counts:
        for name in names:
            counts[key].setdefault(name, 0)
    return dict(counts), dict(ids)


def case_ids_for(
    subject: str,
    subject_key: str,
    count: str,
    *,
    start: datetime,
    end: datetime,
    as_of: datetime,
    case_filter: dict | None = None,
) -> list[int]:
    """The cases behind one count of one subject, computed now (for live figures)."""
    definition = next((d for d in count_defs(subject) if d.name == count), None)
    if definition is None:
        return []
    qs = _keyed(subject, definition.rows(start, end, as_of), case_filter)
    return list(qs.filter(subject_key=subject_key).values_list("cid", flat=True).distinct())
