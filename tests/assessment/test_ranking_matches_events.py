"""Done when #1: for the demo city, the month's department ranking matches an independent computation
from the raw case events, for every indicator of the default set; each figure drills down to its cases.

The independent computation below reads CaseEvent rows (and the case's deadline, state and department)
in plain Python, following the definitions in docs/assessment.md — it shares no code with
`assessment.counts`, which does the same in aggregate queries."""

from collections import defaultdict

import pytest
from django.utils import timezone

from chengguan.assessment import periods, services
from chengguan.assessment.defaults import grade_for
from chengguan.assessment.models import Subject
from chengguan.cases.models import Case, CaseEvent
from chengguan.cases.states import WITH_DEPARTMENT, Action, State

pytestmark = pytest.mark.django_db

COUNTS = ("filed", "handled", "handled_on_time", "overdue_unhandled", "rework", "extensions")


def _independent(period, now):
    start, end = period.start, period.end
    as_of = min(end, now)
    events = defaultdict(list)
    for event in CaseEvent.objects.order_by("at", "id"):
        events[event.case_id].append(event)
    counts = defaultdict(lambda: defaultdict(int))
    for case in Case.objects.filter(department__isnull=False):
        mine = events[case.pk]
        in_p = [e for e in mine if start <= e.at < end]
        c = counts[case.department_id]
        handled_times = [e.at for e in mine if e.action == Action.REPORT_HANDLED]
        handled_in_p = any(e.action == Action.REPORT_HANDLED for e in in_p)
        if any(e.action == Action.DISPATCH for e in in_p):
            c["filed"] += 1
        if handled_in_p:
            c["handled"] += 1
            if case.deadline and max(handled_times) <= case.deadline:
                c["handled_on_time"] += 1
        dispatched = any(e.action == Action.DISPATCH for e in mine)
        if (
            dispatched
            and case.deadline
            and start <= case.deadline < as_of
            and not handled_in_p
            and (
                not handled_times
                or max(handled_times) >= end
                or case.state in {*WITH_DEPARTMENT, State.SUSPENDED}
            )
        ):
            c["overdue_unhandled"] += 1
        c["rework"] += sum(e.action == Action.VERIFY_FAIL for e in in_p)
        c["extensions"] += sum(e.action == Action.APPROVE_EXTENSION for e in in_p)
        ratings = [e.changes["rating"] for e in in_p if e.action == Action.FOLLOW_UP]
        c["follow_ups"] += len(ratings)
        c["follow_ups_satisfied"] += sum(r >= 3 for r in ratings)
    return counts


def _rate(a, b):
    return None if not b else a / b


def _indicators(c):
    due = c["handled"] + c["overdue_unhandled"]
    filed = c["filed"]
    band = max(
        (
            score
            for bound, score in [(0, 0), (1, 60), (5, 70), (10, 80), (20, 90), (40, 100)]
            if filed >= bound
        )
    )
    values = {
        "filed_count": filed,
        "filed_score": band,
        "disposal_rate": _rate(c["handled"], due),
        "ontime_rate": _rate(c["handled_on_time"], due),
        "rework_rate": _rate(c["rework"], due),
        "extension_rate": _rate(c["extensions"], filed),
        "overdue_rate": _rate(c["overdue_unhandled"], due),
        "satisfaction": _rate(c["follow_ups_satisfied"], c["follow_ups"]),
    }
    parts = [values["disposal_rate"], values["ontime_rate"], values["rework_rate"]]
    values["score"] = (
        None if None in parts else band * 0.1 + parts[0] * 30 + parts[1] * 30 + max(0, 1 - parts[2]) * 30
    )
    return values


def _close(a, b):
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) < 1e-4)


def test_department_ranking_matches_the_events(demo_city, demo_user):
    now = timezone.now()
    period = periods.this_month(now)
    snapshot = services.compute_snapshot(actor=demo_user("leader"), subject=Subject.DEPARTMENT, period=period)
    expected = _independent(period, now)
    expected = {k: v for k, v in expected.items() if any(v.values())}
    rows = {int(row.subject_id): row for row in snapshot.rows.all()}
    assert rows, "the demo month has no department figures"
    assert set(rows) == set(expected)
    checked_rates = 0
    for department_id, c in expected.items():
        row = rows[department_id]
        for name in COUNTS:
            assert row.counts[name] == c[name], (row.subject_name, name)
        values = _indicators(c)
        for code, value in values.items():
            got = row.score if code == "score" else row.values[code]
            assert _close(got, value), (row.subject_name, code, got, value)
            checked_rates += value is not None
        assert row.grade == grade_for(values["score"])
        # Each figure drills down to the cases it counts.
        for name in COUNTS:
            assert len(set(row.case_ids.get(name, []))) <= row.counts[name] or name in (
                "rework",
                "extensions",
            )
        assert len(row.case_ids.get("filed", [])) == c["filed"]
    assert checked_rates > len(expected)  # rates were really compared, not only None == None
    # The ranking: best score first, ties sharing a rank, unscored last.
    ranked = sorted((r for r in rows.values() if r.score is not None), key=lambda r: r.rank)
    assert ranked and ranked[0].rank == 1
    assert all(a.score >= b.score for a, b in zip(ranked, ranked[1:], strict=False))
    assert {code for code in rows[ranked[0].subject_id and int(ranked[0].subject_id)].values} >= {
        "filed_score",
        "disposal_rate",
        "ontime_rate",
        "rework_rate",
        "extension_rate",
        "overdue_rate",
        "satisfaction",
    }


def test_the_selector_for_other_apps_agrees(demo_city):
    from chengguan.assessment.selectors import department_indicators

    now = timezone.now()
    period = periods.this_month(now)
    expected = {k: v for k, v in _independent(period, now).items() if any(v.values())}
    figures = department_indicators(start=period.start, end=period.end, include_subtree=False)
    assert set(figures) == set(expected)
    for department_id, c in expected.items():
        assert _close(figures[department_id]["ontime_rate"], _indicators(c)["ontime_rate"])
        assert figures[department_id]["rework"] == c["rework"]


def test_staff_figures_match_the_events(demo_city, demo_user):
    from datetime import timedelta

    now = timezone.now()
    period = periods.this_month(now)
    events = defaultdict(list)
    for event in CaseEvent.objects.order_by("at", "id"):
        events[event.case_id].append(event)
    verify = defaultdict(lambda: [0, 0])
    dispatch = defaultdict(
        lambda: [0, 0, 0]
    )  # dispatches, on time, send-backs after this dispatcher's dispatch
    for timeline in events.values():
        for index, event in enumerate(timeline):
            if not period.start <= event.at < period.end:
                continue
            before = timeline[: index + 1]
            if event.action in (Action.VERIFY_PASS, Action.VERIFY_FAIL):
                handled = [e.at for e in before if e.action == Action.REPORT_HANDLED]
                verify[event.actor_id][0] += 1
                verify[event.actor_id][1] += bool(handled) and event.at <= handled[-1] + timedelta(hours=24)
            if event.action == Action.DISPATCH:
                started = [e.at for e in before if e.action in (Action.ACCEPT, Action.SEND_BACK)]
                dispatch[event.actor_id][0] += 1
                dispatch[event.actor_id][1] += bool(started) and event.at <= started[-1] + timedelta(hours=1)
            if event.action == Action.SEND_BACK:
                dispatcher = [e.actor_id for e in before if e.action == Action.DISPATCH][-1]
                dispatch[dispatcher][2] += 1
    inspectors = services.compute_snapshot(
        actor=demo_user("leader"), subject=Subject.INSPECTOR, period=period
    )
    dispatchers = services.compute_snapshot(
        actor=demo_user("leader"), subject=Subject.DISPATCHER, period=period
    )
    for row in inspectors.rows.all():
        total, on_time = verify[int(row.subject_id)]
        assert (row.counts["verifications"], row.counts["verifications_on_time"]) == (total, on_time)
    checked = 0
    for row in dispatchers.rows.all():
        total, on_time, send_backs = dispatch[int(row.subject_id)]
        assert row.counts["dispatches"] == total and row.counts["dispatches_on_time"] == on_time
        assert row.counts["dispatch_send_backs"] == send_backs
        assert _close(row.values["accurate_dispatch_rate"], (total - send_backs) / total)
        checked += total
    assert checked and 0 < sum(v[1] for v in dispatch.values()) < checked  # some on time, some late


def test_monthly_trend_matches_the_events(demo_city):
    from chengguan.assessment import selectors

    months = periods.last_months(3)
    trend = selectors.monthly_trend(None, months, {})
    for index, period in enumerate(months):
        in_p = CaseEvent.objects.filter(at__gte=period.start, at__lt=period.end).select_related("case")
        filed = {e.case_id for e in in_p if e.action == Action.ACCEPT}
        handled = {e.case for e in in_p if e.action == Action.REPORT_HANDLED}
        on_time = [c for c in handled if c.deadline and c.handled_at <= c.deadline]
        assert trend["filed"][index] == len(filed)
        expected = round(100 * len(on_time) / len(handled), 1) if handled else None
        assert trend["ontime_rate"][index] == expected
    assert trend["filed"][-1] > 0 and trend["ontime_rate"][-1] is not None


def test_the_selector_rolls_up_a_subtree(demo_city):
    from chengguan.assessment.selectors import department_indicators
    from chengguan.org.models import Department

    period = periods.this_month()
    own = department_indicators(start=period.start, end=period.end, include_subtree=False)
    parents = {
        d.parent for d in Department.objects.filter(pk__in=own).select_related("parent") if d.parent_id
    }
    parent = max(parents, key=lambda p: sum(1 for d in Department.objects.subtree(p) if d.pk in own))
    rolled = department_indicators(start=period.start, end=period.end, department_ids=[parent.pk])[parent.pk]
    inside = [pk for pk in own if Department.objects.get(pk=pk).path.startswith(parent.path)]
    assert len(inside) >= 1
    for name in ("filed", "handled", "rework", "overdue_unhandled"):
        assert rolled[name] == sum(own[pk][name] for pk in inside), name
    due = rolled["handled"] + rolled["overdue_unhandled"]
    assert _close(rolled["disposal_rate"], rolled["handled"] / due if due else None)
