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

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import DateTimeField, Exists, F, OuterRef, Q, QuerySet, Subquery
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
    # A part of another count (`within`): that count's rows meeting `condition`, counted in the same query.
    within: str = ""
    condition: Callable[[], Q | Exists] | None = None


def _part_of(whole: CountDef, name: str, condition: Callable[[], Q | Exists]) -> CountDef:
    return CountDef(
        name,
        lambda s, e, n: whole.rows(s, e, n).filter(condition()),
        whole.distinct_cases,
        within=whole.name,
        condition=condition,
    )


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
    # A list the database builds once, not a subquery per case: a correlated one here made SQLite walk the
    # month's handling events (the action and time index) for every case due (30 s at 1M cases).
    handled_in_period = CaseEvent.objects.filter(
        action=Action.REPORT_HANDLED, at__gte=start, at__lt=end
    ).values("case_id")
    still_open = (
        Q(handled_at__isnull=True) | Q(handled_at__gte=end) | Q(state__in=[*WITH_DEPARTMENT, State.SUSPENDED])
    )
    return (
        Case.objects.filter(deadline__gte=start, deadline__lt=min(end, as_of), dispatched_at__isnull=False)
        .filter(still_open)
        .exclude(pk__in=handled_in_period)
        .annotate(cid=F("id"))
    )


def _followups(start, end) -> QuerySet:
    qs = FollowUp.objects.filter(answered_at__gte=start, answered_at__lt=end, rating__isnull=False)
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


def _in_inspected_cells(start, end) -> QuerySet:
    qs = _events(Action.ACCEPT, start, end, case__cell__inspector__isnull=False)
    return qs.annotate(subject_key=F("case__cell__inspector__user_id"))


def _public() -> Q:
    return Q(case__channel__in=PUBLIC_CHANNELS)


_HANDLED = CountDef("handled", lambda s, e, n: _events(Action.REPORT_HANDLED, s, e))
_FOLLOW_UPS = CountDef("follow_ups", lambda s, e, n: _followups(s, e), distinct_cases=False)
DEPARTMENT_COUNTS = (
    CountDef("filed", lambda s, e, n: _events(Action.DISPATCH, s, e)),
    _HANDLED,
    _part_of(_HANDLED, "handled_on_time", _on_time),
    CountDef("overdue_unhandled", _overdue_unhandled),
    CountDef("rework", lambda s, e, n: _events(Action.VERIFY_FAIL, s, e), distinct_cases=False),
    CountDef("extensions", lambda s, e, n: _events(Action.APPROVE_EXTENSION, s, e), distinct_cases=False),
    _FOLLOW_UPS,
    _part_of(_FOLLOW_UPS, "follow_ups_satisfied", lambda: Q(rating__gte=3)),
)
_AREA_FILED = CountDef("filed", lambda s, e, n: _events(Action.ACCEPT, s, e))
_AREA_CLOSED = CountDef("closed", lambda s, e, n: _events(Action.CLOSE, s, e))
AREA_COUNTS = (
    _AREA_FILED,
    _part_of(_AREA_FILED, "public_filed", _public),
    _AREA_CLOSED,
    _part_of(_AREA_CLOSED, "closed_on_time", _on_time),
)
_PATROL_REPORTS = CountDef(
    "patrol_reports", lambda s, e, n: _events(Action.REPORT, s, e, case__channel=Channel.PATROL)
)
_VERIFICATIONS = CountDef(
    "verifications", lambda s, e, n: _events([Action.VERIFY_PASS, Action.VERIFY_FAIL], s, e), False
)
_CELL_CASES = CountDef("cell_cases", lambda s, e, n: _in_inspected_cells(s, e))
_ENTERED = CountDef(
    "entered", lambda s, e, n: _events(Action.REPORT, s, e).exclude(case__channel=Channel.PATROL)
)
_ACCEPTANCES = CountDef("acceptances", lambda s, e, n: _events(Action.ACCEPT, s, e), False)
_CLOSURES = CountDef("closures", lambda s, e, n: _events(Action.CLOSE, s, e), False)
STAFF_COUNTS = {
    Subject.INSPECTOR: (
        _PATROL_REPORTS,
        _part_of(_PATROL_REPORTS, "valid_patrol_reports", lambda: Q(case__accepted_at__isnull=False)),
        _VERIFICATIONS,
        _part_of(_VERIFICATIONS, "verify_failures", lambda: Q(action=Action.VERIFY_FAIL)),
        CountDef(
            "verifications_on_time",
            lambda s, e, n: _on_time_after(
                _events([Action.VERIFY_PASS, Action.VERIFY_FAIL], s, e), "verify", [Action.REPORT_HANDLED]
            ),
            False,
        ),
        _CELL_CASES,
        _part_of(_CELL_CASES, "cell_cases_public", _public),
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
        _ENTERED,
        _part_of(_ENTERED, "entered_rejected", lambda: Q(case__state=State.REJECTED)),
    ),
    Subject.SHIFT_LEAD: (
        _ACCEPTANCES,
        CountDef(
            "acceptances_on_time",
            lambda s, e, n: _on_time_after(
                _events(Action.ACCEPT, s, e), "accept", [Action.REPORT, Action.REOPEN]
            ),
            False,
        ),
        _part_of(_ACCEPTANCES, "acceptances_rejected_later", _rejected_after),
        _CLOSURES,
        _part_of(_CLOSURES, "closures_reopened", _reopened_after),
    ),
}

# How each kind of subject is found on a counted row (events and follow-ups reach the case via `case__`).
AREA_FIELD = {Subject.STREET: "street_id", Subject.COMMUNITY: "community_id", Subject.CELL: "cell_id"}


# The city's measures (`assessment.measures`): counted over the city or one area of it, not per subject.
CITY_COUNT_LABELS = {
    "follow_ups": _("follow-up ratings"),
    "follow_ups_satisfied": _("satisfied follow-up ratings"),
    "ballots": _("valid ballots"),
    "voters": _("voters in rounds with a target population"),
    "eligible_voters": _("people invited to vote"),
    "awareness_answers": _("answers to awareness questions"),
    "aware": _("answers “I know of it”"),
    "lamps": _("street lamps in the inventory"),
    "lamp_faults": _("street-lamp cases open"),
    "officers": _("certified enforcement officers"),
    "residents": _("residents"),
    "service_cases": _("service cases"),
    "management_cases": _("management cases"),
    "enforcement_cases": _("enforcement cases"),
    "enforcement_records": _("enforcement records"),
}
CITY_COUNT_NAMES = tuple(CITY_COUNT_LABELS)


def count_defs(subject: str) -> tuple[CountDef, ...]:
    if subject == Subject.CITY:
        return ()
    if subject == Subject.DEPARTMENT:
        return DEPARTMENT_COUNTS
    if subject in AREA_FIELD:
        return AREA_COUNTS
    return STAFF_COUNTS[subject]


def count_names(subject: str) -> list[str]:
    if subject == Subject.CITY:
        return list(CITY_COUNT_NAMES)
    return [definition.name for definition in count_defs(subject)]
