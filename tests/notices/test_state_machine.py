"""The notice's states: publish, the end of the window, holding by objections, revision, withdrawal."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from chengguan.notices import services
from chengguan.notices.models import Decision, EventAction, Notice, State

from .conftest import TZ, object_to

pytestmark = pytest.mark.django_db

DEADLINE = datetime(2026, 3, 9, 10, 0, tzinfo=TZ)
AFTER = DEADLINE + timedelta(minutes=1)


def refresh(notice) -> Notice:
    return Notice.objects.get(pk=notice.pk)


def test_publish_opens_a_window_of_working_days(published):
    assert published.state == State.PUBLISHED
    assert published.objection_deadline == DEADLINE


def test_a_draft_is_not_public_and_not_closed(draft):
    services.close_due_notices(actor=services.CLOSE_ACTOR, now=AFTER)
    assert refresh(draft).state == State.DRAFT


def test_window_end_without_objections_confirms(published):
    assert (
        services.close_due_notices(actor=services.CLOSE_ACTOR, now=DEADLINE - timedelta(minutes=1))["ended"]
        == 0
    )
    assert refresh(published).state == State.PUBLISHED
    summary = services.close_due_notices(actor=services.CLOSE_ACTOR, now=AFTER)
    notice = refresh(published)
    assert notice.state == State.CONFIRMED and notice.confirmed_at is not None
    assert summary == {"ended": 1, "confirmed": 1, "held": 0, "outcomes_retried": 0, "outcomes_failed": 0}
    actions = list(notice.events.values_list("action", flat=True))
    assert actions[-2:] == [EventAction.END_PERIOD, EventAction.CONFIRM]


def test_upheld_objection_holds_until_the_owner_revises(published, org):
    objection = object_to(published)
    services.decide_objection(
        objection_id=objection.pk, actor=org["officer"], decision=Decision.UPHELD, reasons="迟到属实"
    )
    services.close_due_notices(actor=services.CLOSE_ACTOR, now=AFTER)
    assert refresh(published).state == State.PERIOD_OVER
    services.close_due_notices(actor=services.CLOSE_ACTOR, now=AFTER + timedelta(days=30))
    assert refresh(published).state == State.PERIOD_OVER  # still held: nothing but a revision frees it

    revised_at = AFTER + timedelta(hours=1)
    services.revise_notice(
        notice_id=published.pk,
        actor=org["officer"],
        title="2026年3月城管每月一星公示（修订）",
        body="改评李五。",
        note="根据异议改评",
        now=revised_at,
    )
    notice = refresh(published)
    assert (notice.state, notice.revision) == (State.PUBLISHED, 2)
    assert notice.objection_deadline > revised_at
    objection.refresh_from_db()
    assert objection.resolved_in_revision == 2 and not objection.holds
    services.close_due_notices(
        actor=services.CLOSE_ACTOR, now=notice.objection_deadline - timedelta(minutes=1)
    )
    assert refresh(published).state == State.PUBLISHED
    services.close_due_notices(actor=services.CLOSE_ACTOR, now=notice.objection_deadline)
    assert refresh(published).state == State.CONFIRMED


def test_dismissed_objection_does_not_block(published, org):
    objection = object_to(published)
    services.decide_objection(
        objection_id=objection.pk, actor=org["officer"], decision=Decision.DISMISSED, reasons="查无实据"
    )
    services.close_due_notices(actor=services.CLOSE_ACTOR, now=AFTER)
    assert refresh(published).state == State.CONFIRMED


def test_pending_objection_holds_until_decided(published, org):
    objection = object_to(published)
    summary = services.close_due_notices(actor=services.CLOSE_ACTOR, now=AFTER)
    assert summary == {"ended": 1, "confirmed": 0, "held": 1, "outcomes_retried": 0, "outcomes_failed": 0}
    assert refresh(published).state == State.PERIOD_OVER
    services.decide_objection(
        objection_id=objection.pk, actor=org["officer"], decision=Decision.DISMISSED, reasons="查无实据"
    )
    assert refresh(published).state == State.CONFIRMED


def test_pending_then_upheld_after_the_window_stays_held(published, org):
    objection = object_to(published)
    services.close_due_notices(actor=services.CLOSE_ACTOR, now=AFTER)
    services.decide_objection(
        objection_id=objection.pk, actor=org["officer"], decision=Decision.UPHELD, reasons="属实"
    )
    assert refresh(published).state == State.PERIOD_OVER


def test_revision_needs_an_upheld_objection(published, org):
    with pytest.raises(services.NoticeRefused):
        services.revise_notice(notice_id=published.pk, actor=org["officer"], title="t", body="b", note="n")


def test_an_objection_is_decided_once_and_with_reasons(published, org):
    objection = object_to(published)
    with pytest.raises(ValidationError):
        services.decide_objection(
            objection_id=objection.pk, actor=org["officer"], decision=Decision.UPHELD, reasons=" "
        )
    services.decide_objection(
        objection_id=objection.pk, actor=org["officer"], decision=Decision.DISMISSED, reasons="无据"
    )
    with pytest.raises(services.NoticeRefused):
        services.decide_objection(
            objection_id=objection.pk, actor=org["officer"], decision=Decision.UPHELD, reasons="改判"
        )


@pytest.mark.parametrize("fixture", ["draft", "published"])
def test_withdraw(request, fixture, org):
    notice = request.getfixturevalue(fixture)
    with pytest.raises(ValidationError):
        services.withdraw_notice(notice_id=notice.pk, actor=org["officer"], reason="")
    services.withdraw_notice(notice_id=notice.pk, actor=org["officer"], reason="评选程序有误")
    notice = refresh(notice)
    assert notice.state == State.WITHDRAWN and notice.withdrawn_at is not None
    services.close_due_notices(actor=services.CLOSE_ACTOR, now=AFTER)
    assert refresh(notice).state == State.WITHDRAWN
    with pytest.raises(services.NoticeRefused):
        services.publish_notice(notice_id=notice.pk, actor=org["officer"])


def test_a_confirmed_notice_cannot_be_withdrawn_or_republished(published, org):
    services.close_due_notices(actor=services.CLOSE_ACTOR, now=AFTER)
    with pytest.raises(services.NoticeRefused):
        services.withdraw_notice(notice_id=published.pk, actor=org["officer"], reason="x")
    with pytest.raises(services.NoticeRefused):
        services.publish_notice(notice_id=published.pk, actor=org["officer"])


def test_only_a_draft_is_edited(published, org):
    with pytest.raises(services.NoticeRefused):
        services.update_draft(
            notice_id=published.pk, actor=org["officer"], title="t", body="b", window_days=5
        )


def test_window_days_are_checked(org):
    with pytest.raises(ValidationError):
        services.create_notice(
            actor=org["officer"], title="t", body="b", owner_department=org["office"], window_days=0
        )


def test_the_objector_hears_the_decision_by_text_message(published, org, django_capture_on_commit_callbacks):
    from chengguan.core.notify import sms

    objection = object_to(published)
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_objection(
            objection_id=objection.pk, actor=org["officer"], decision=Decision.DISMISSED, reasons="查无实据"
        )
    assert [(m.phone, "查无实据" in m.text) for m in sms.outbox] == [("13812345678", True)]
    sms.outbox.clear()
