"""Done when #2: a snapshot stays unchanged after a late event is added; recomputation updates it, and is
logged (an assessment event and an audit entry). Plus the services' permission and input checks."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from chengguan.assessment import periods, services
from chengguan.assessment.models import RANKED_SUBJECTS, AssessmentAction, AssessmentEvent, Snapshot, Subject
from chengguan.cases import services as case_services
from chengguan.cases.models import Case
from chengguan.cases.states import State
from chengguan.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _late_rework(inspector, period):
    """A verification failure dated inside the period, recorded after the snapshot (a late event)."""
    case = Case.objects.filter(state=State.HANDLED, department__isnull=False).order_by("number").first()
    assert case is not None, "the demo has a handled case waiting for verification"
    moment = max(case.handled_at + timedelta(minutes=5), period.start + timedelta(minutes=5))
    assert moment < min(period.end, timezone.now())
    with mock.patch("django.utils.timezone.now", return_value=moment):
        case_services.verify_case(case_id=case.pk, actor=inspector, passed=False, note="路面仍有垃圾")
    return case


def test_late_event_leaves_the_snapshot_alone_until_recomputed(demo_city, demo_user):
    leader, inspector = demo_user("leader"), demo_user("inspector")
    period = periods.this_month()
    snapshot = services.compute_snapshot(actor=leader, subject=Subject.DEPARTMENT, period=period)
    before = {row.subject_id: (row.counts, row.values, row.score, row.rank) for row in snapshot.rows.all()}

    case = _late_rework(inspector, period)
    key = str(case.department_id)
    snapshot.refresh_from_db()
    after = {row.subject_id: (row.counts, row.values, row.score, row.rank) for row in snapshot.rows.all()}
    assert after == before  # published figures do not move

    with pytest.raises(services.AssessmentRefused) as refused:  # computing again is refused: recompute
        services.compute_snapshot(actor=leader, subject=Subject.DEPARTMENT, period=period)
    assert refused.value.code == services.Code.ALREADY_COMPUTED
    with pytest.raises(ValidationError):  # a recomputation needs a reason
        services.recompute_snapshot(actor=leader, snapshot_id=snapshot.pk, reason=" ")
    audits = AuditEntry.objects.count()

    services.recompute_snapshot(actor=leader, snapshot_id=snapshot.pk, reason="补录核查结果")
    snapshot.refresh_from_db()
    row = snapshot.rows.get(subject_id=key)
    assert row.counts["rework"] == before[key][0]["rework"] + 1
    assert case.pk in row.case_ids["rework"]
    assert snapshot.version == 2
    event = AssessmentEvent.objects.get(snapshot=snapshot, action=AssessmentAction.RECOMPUTED)
    assert event.note == "补录核查结果" and event.actor == leader and event.actor_name
    assert event.changes["version"] == [1, 2] and row.subject_name in event.changes["changed"]
    entry = AuditEntry.objects.order_by("-id").first()
    assert AuditEntry.objects.count() == audits + 1
    assert entry.action == "assessment.recompute" and entry.target_id == str(snapshot.pk)


def test_only_managers_compute(demo_city, demo_user):
    period = periods.custom(periods.this_month().first_day, periods.this_month().first_day)
    for username in ("handler", "inspector", "dispatcher"):
        with pytest.raises(PermissionDenied):
            services.compute_snapshot(actor=demo_user(username), subject=Subject.DEPARTMENT, period=period)
    assert not Snapshot.objects.filter(period_kind="custom").exists()
    with pytest.raises(ValidationError):
        services.compute_snapshot(actor=demo_user("shift_lead"), subject="nobody", period=period)
    future = periods.month(timezone.localtime().year + 1, 1)
    with pytest.raises(ValidationError):
        services.compute_snapshot(actor=demo_user("shift_lead"), subject=Subject.STREET, period=future)
    assert not Snapshot.objects.filter(period_kind="custom").exists()
    snapshot = services.compute_snapshot(actor=demo_user("shift_lead"), subject=Subject.STREET, period=period)
    assert AssessmentEvent.objects.filter(snapshot=snapshot, action=AssessmentAction.COMPUTED).count() == 1
    with pytest.raises(PermissionDenied):
        services.recompute_snapshot(actor=demo_user("handler"), snapshot_id=snapshot.pk, reason="x")


def test_every_subject_gets_figures(demo_city, demo_user):
    period = periods.this_month()
    snaps = services.ensure_snapshots(actor=demo_user("leader"), period=period)
    by_subject = {s.subject: s for s in snaps}
    for subject in (Subject.DEPARTMENT, Subject.STREET, Subject.COMMUNITY, Subject.CELL, Subject.INSPECTOR):
        assert by_subject[subject].rows.exists(), subject
    inspector = by_subject[Subject.INSPECTOR].rows.get()
    assert inspector.subject_id == str(demo_user("inspector").pk)
    assert 0 <= inspector.values["valid_report_rate"] <= 1
    # Asking again computes nothing new.
    assert [s.pk for s in services.ensure_snapshots(actor=demo_user("leader"), period=period)] == [
        s.pk for s in snaps
    ]


def test_the_demo_published_last_month(demo_city):
    last = periods.previous_month(periods.this_month())
    published = Snapshot.objects.filter(start=last.start, period_kind="month")
    assert set(published.values_list("subject", flat=True)) == set(
        RANKED_SUBJECTS
    )  # the city's measures have no snapshots
    assert published.get(subject=Subject.DEPARTMENT).rows.exists()
