"""Star of the month: only full-score staff can be nominated; the decision goes through a notice and,
once confirmed after its window, onto the honour roll."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from chengguan.conduct import selectors, services
from chengguan.conduct.models import ConductEvent, Sanction, Star, StarState
from chengguan.notices import services as notices
from chengguan.notices.models import Notice, State

from .conftest import rule, this_month, user

pytestmark = pytest.mark.django_db(transaction=True)  # the notice's outcome handler runs on commit


def sanction(org, who):
    violation = services.record_violation(
        actor=user(org, "discipline"),
        staff=org[who],
        rule=rule("wu-buzhun"),
        occurred_on=timezone.localdate(),
        description="脱岗",
    )
    services.decide_sanction(
        violation_id=violation.pk, actor=user(org, "captain"), sanction=Sanction.CRITICISM
    )


def test_only_full_score_staff_can_be_nominated(org):
    sanction(org, "officer")
    with pytest.raises(services.ConductRefused) as refused:
        services.nominate_star(
            actor=user(org, "captain"), staff=org["officer"], month=this_month(), reason="勤勉"
        )
    assert "不是满分" in str(refused.value)
    nomination = services.nominate_star(
        actor=user(org, "captain"), staff=org["partner"], month=this_month(), reason="拾金不昧"
    )
    assert nomination.department == org["brigade"]


def test_a_leader_nominates_only_from_their_department(org):
    with pytest.raises(PermissionDenied):
        services.nominate_star(
            actor=user(org, "other_leader"), staff=org["partner"], month=this_month(), reason="x"
        )


def test_the_decision_is_published_and_confirmed_after_the_window(org):
    nomination = services.nominate_star(
        actor=user(org, "captain"), staff=org["partner"], month=this_month(), reason="拾金不昧"
    )
    with pytest.raises(PermissionDenied):
        services.decide_star(actor=user(org, "captain"), nomination_id=nomination.pk, citation="x")
    star = services.decide_star(
        actor=user(org, "chief"), nomination_id=nomination.pk, citation="拾金不昧，群众称赞"
    )
    notice = Notice.objects.get(pk=star.notice_id)
    assert notice.state == State.PUBLISHED and notice.subject_type == "conduct.star_of_month"
    assert "李执法" in notice.body
    assert not selectors.honour_roll().exists()
    notices.close_due_notices(actor=notices.CLOSE_ACTOR, now=notice.objection_deadline)
    star.refresh_from_db()
    assert star.state == StarState.CONFIRMED
    assert list(selectors.honour_roll()) == [star]
    confirmed = ConductEvent.objects.get(subject_type="star", subject_id=star.pk, action="confirmed")
    assert confirmed.by_system and confirmed.actor is None
    assert confirmed.actor_name == "system:notice_outcome"
    with pytest.raises(services.ConductRefused):
        services.nominate_star(
            actor=user(org, "captain"), staff=org["officer"], month=this_month(), reason="x"
        )


def test_a_withdrawn_notice_withdraws_the_star(org):
    nomination = services.nominate_star(
        actor=user(org, "captain"), staff=org["partner"], month=this_month(), reason="x"
    )
    star = services.decide_star(actor=user(org, "chief"), nomination_id=nomination.pk, citation="y")
    notices.withdraw_notice(notice_id=star.notice_id, actor=user(org, "chief"), reason="材料有误")
    assert Star.objects.get(pk=star.pk).state == StarState.WITHDRAWN
    assert not selectors.honour_roll().exists()
