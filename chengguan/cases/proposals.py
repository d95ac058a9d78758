"""Reads of likely duplicates (并单 proposals) among the cases a caller may see (`selectors` passes the
user's visible cases, the portal the public ones): a page of cases at once for the desk and the lists
(one query whatever the page's size), and a report being filled in for the intake forms. The scoring is
`cases.duplicates`."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from . import duplicates
from .models import Case
from .states import OPEN


def _candidates(cases: QuerySet[Case], reports: list, limit: int = 1000) -> list[tuple]:
    condition = duplicates.candidates_filter(reports)
    if condition is None:
        return []
    rows = cases.filter(condition, state__in=OPEN).order_by("id").values_list(*duplicates.FIELDS)
    return list(rows[:limit])


def with_duplicates(visible: QuerySet[Case], cases) -> list:
    """The cases, each with `duplicates`: the open cases of `visible` (what the user may see) that are
    likely the same problem (`duplicates.Proposal`, best first). One query for the page."""
    cases = list(cases)
    reports = {}
    for case in cases:
        case.duplicates = []
        report = duplicates.report_of_case(case)
        if report is not None:
            reports[case.pk] = report
    if not reports:
        return cases
    rows = _candidates(visible, list(reports.values()))
    for case in cases:
        if case.pk in reports:
            case.duplicates = duplicates.propose(reports[case.pk], rows)
    return cases


def proposals_for_report(cases: QuerySet[Case], *, category, lng: float, lat: float, text: str = "") -> list:
    """For a report being filled in now: the open cases of `cases` (the caller's scope: the public's
    cases for the portal, the visible ones for staff) likely the same problem, best first."""
    report = duplicates.report_of(category=category, lng=lng, lat=lat, at=timezone.now(), text=text)
    return duplicates.propose(report, _candidates(cases, [report]))


def merge_links(case: Case) -> tuple[str | None, list[str]]:
    """(the number of the case this one is merged into or None, the numbers merged into it), one query."""
    linked = Q(merged_into=case.pk)
    if case.merged_into_id is not None:  # not `pk IS NULL OR …`: SQLite reads every case for that
        linked |= Q(pk=case.merged_into_id)
    rows = Case.objects.filter(linked).values_list("pk", "number")
    rows = list(rows.order_by("number")) if case.pk else []
    into = next((number for pk, number in rows if pk == case.merged_into_id), None)
    return into, [number for pk, number in rows if pk != case.merged_into_id]
