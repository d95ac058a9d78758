"""The counts with their case ids come from one query per count and its parts; they must equal what one
query per count gave (a COUNT grouped by subject, and the distinct (subject, case) pairs), and the
drill-down (`case_ids_for`) must list the same cases as the snapshot, for every kind of subject."""

from collections import defaultdict
from datetime import timedelta

import pytest
from django.db.models import Count
from django.utils import timezone

from chengguan.assessment import count_queries, periods
from chengguan.assessment.counts import count_defs
from chengguan.assessment.models import RANKED_SUBJECTS, Subject

pytestmark = pytest.mark.django_db


def _one_query_per_count(subject, start, end, as_of, case_filter=None):
    counts, ids = defaultdict(dict), defaultdict(dict)
    for definition in count_defs(subject):
        rows = count_queries.counted_rows(
            subject, definition, start=start, end=end, as_of=as_of, case_filter=case_filter
        )
        measure = Count("cid", distinct=True) if definition.distinct_cases else Count("id")
        for key, n in rows.values("subject_key").annotate(n=measure).values_list("subject_key", "n"):
            counts[str(key)][definition.name] = n
        for key, cid in rows.values_list("subject_key", "cid").distinct().order_by("subject_key", "cid"):
            ids[str(key)].setdefault(definition.name, []).append(cid)
    names = [definition.name for definition in count_defs(subject)]
    return {key: {name: c.get(name, 0) for name in names} for key, c in counts.items()}, dict(ids)


def _periods(now):
    month = periods.this_month(now)
    return [
        month,
        periods.previous_month(month),
        periods.Period("custom", "60 days", now - timedelta(60), now),
    ]


@pytest.mark.parametrize("subject", list(RANKED_SUBJECTS))
def test_counts_and_ids_equal_one_query_per_count(demo_city, subject):
    now = timezone.now()
    counted = 0
    for period in _periods(now):
        as_of = min(period.end, now)
        expected_counts, expected_ids = _one_query_per_count(subject, period.start, period.end, as_of)
        counts, ids = count_queries.compute_counts(subject, start=period.start, end=period.end, as_of=as_of)
        assert counts == expected_counts, period.label
        assert ids == expected_ids, period.label
        only_counts, no_ids = count_queries.compute_counts(
            subject, start=period.start, end=period.end, as_of=as_of, with_ids=False
        )
        assert only_counts == expected_counts and no_ids == {}, period.label
        for key, by_name in ids.items():
            for name, case_ids in by_name.items():
                drilled = count_queries.case_ids_for(
                    subject, key, name, start=period.start, end=period.end, as_of=as_of
                )
                assert sorted(drilled) == case_ids, (period.label, key, name)
        counted += sum(sum(c.values()) for c in counts.values())
    assert counted, f"the demo city has nothing to count for {subject}"


def test_parts_of_counts_are_counted_apart_from_the_whole(demo_city):
    """Departments: some handlings late, some ratings unsatisfied, so parts really differ from wholes."""
    now = timezone.now()
    period = _periods(now)[2]
    counts, ids = count_queries.compute_counts(
        Subject.DEPARTMENT, start=period.start, end=period.end, as_of=now
    )
    totals = defaultdict(int)
    for by_name in counts.values():
        for name, n in by_name.items():
            totals[name] += n
    assert 0 < totals["handled_on_time"] < totals["handled"]
    assert 0 < totals["follow_ups_satisfied"] <= totals["follow_ups"]
    for by_name in ids.values():
        assert set(by_name.get("handled_on_time", [])) <= set(by_name.get("handled", []))


def test_a_case_filter_narrows_counts_and_ids_alike(demo_city):
    now = timezone.now()
    period = _periods(now)[2]
    street = next(
        iter(count_queries.compute_counts(Subject.STREET, start=period.start, end=period.end, as_of=now)[0])
    )
    case_filter = {"street_id": int(street)}
    expected = _one_query_per_count(Subject.DEPARTMENT, period.start, period.end, now, case_filter)
    got = count_queries.compute_counts(
        Subject.DEPARTMENT, start=period.start, end=period.end, as_of=now, case_filter=case_filter
    )
    assert got == expected and got[0]
