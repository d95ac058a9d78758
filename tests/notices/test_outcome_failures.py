"""A notice's outcome is never lost: the owner's handler runs inside the notice's transaction as the
notice's outcome actor; when it raises, its writes are undone, the notice keeps its new state and is
marked "outcome failed" with the error (on its timeline and its staff page), and close_notices (or a
member of staff) runs it again until it succeeds."""

import pytest

from chengguan.notices import services
from chengguan.notices.models import EventAction, Notice, State
from chengguan.org.models import Department

pytestmark = pytest.mark.django_db


@pytest.fixture
def flaky_owner(org):
    """An owner whose handler writes (the department's name stands for a star's state), then raises on
    its first call, like a module with a bug fixed meanwhile."""
    calls = []

    def handler(notice, outcome):
        calls.append(outcome)
        Department.objects.filter(pk=org["other"].pk).update(name=f"taken:{outcome}")
        if len(calls) == 1:
            raise RuntimeError("the owner table is busy")

    services.register_outcome_handler("test.star", handler)
    yield calls
    services.unregister_outcome_handler("test.star", handler)


def owner_state(org) -> str:
    return Department.objects.get(pk=org["other"].pk).name


def test_a_raising_handler_leaves_notice_and_owner_consistent_and_close_notices_completes_it(
    published, org, flaky_owner, caplog
):
    summary = services.close_due_notices(actor=services.CLOSE_ACTOR, now=published.objection_deadline)
    assert summary["confirmed"] == 1
    notice = Notice.objects.get(pk=published.pk)
    assert notice.state == State.CONFIRMED  # the notice's own decision stands
    assert notice.outcome_failed_at is not None and "the owner table is busy" in notice.outcome_error
    assert owner_state(org) == "环卫处"  # the handler's half-done write is undone: still "in notice"
    failed = notice.events.get(action=EventAction.OUTCOME_FAILED)
    assert failed.by_system and failed.actor_name == "system:notice_outcome"
    assert "the owner table is busy" in caplog.text and "raised" in caplog.text

    summary = services.close_due_notices(actor=services.CLOSE_ACTOR, now=published.objection_deadline)
    assert summary["outcomes_retried"] == 1 and summary["outcomes_failed"] == 0
    notice.refresh_from_db()
    assert notice.outcome_failed_at is None and notice.outcome_error == ""
    assert owner_state(org) == f"taken:{services.Outcome.CONFIRMED}"
    assert notice.events.filter(action=EventAction.OUTCOME_DONE).count() == 1
    assert flaky_owner == [services.Outcome.CONFIRMED] * 2
    # nothing left to retry: a further run does not call the owner again
    services.close_due_notices(actor=services.CLOSE_ACTOR, now=published.objection_deadline)
    assert len(flaky_owner) == 2


def test_staff_see_the_failure_and_retry_it(client, published, org, flaky_owner):
    services.withdraw_notice(notice_id=published.pk, actor=org["officer"], reason="材料有误")
    client.force_login(org["officer"])
    page = client.get(f"/notices/manage/{published.pk}/")
    assert b"data-outcome-failed" in page.content and "the owner table is busy" in page.content.decode()
    assert b"data-outcome-failed" in client.get("/notices/manage/").content
    client.post(f"/notices/manage/{published.pk}/retry_outcome/")
    notice = Notice.objects.get(pk=published.pk)
    assert notice.state == State.WITHDRAWN and notice.outcome_failed_at is None
    assert owner_state(org) == f"taken:{services.Outcome.WITHDRAWN}"
    with pytest.raises(services.NoticeRefused) as refused:
        services.retry_outcome(notice_id=notice.pk, actor=org["officer"])
    assert refused.value.code == services.Code.NOTHING_TO_RETRY


def test_an_outsider_may_not_retry(published, org, flaky_owner):
    services.close_due_notices(actor=services.CLOSE_ACTOR, now=published.objection_deadline)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.retry_outcome(notice_id=published.pk, actor=org["outsider"])
