"""Outcome handlers (once, inside the notice's transaction) and who may manage notices."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from chengguan.core.actors import SystemActor
from chengguan.notices import services
from chengguan.notices.models import Decision

from .conftest import object_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def outcomes():
    calls = []

    def handler(notice, outcome):
        calls.append((notice.pk, notice.subject_id, outcome))

    services.register_outcome_handler("test.star", handler)
    services.register_outcome_handler("test.star", handler)  # twice: still one call per outcome
    yield calls
    services.unregister_outcome_handler("test.star", handler)


def test_handler_called_once_on_confirmation(published, outcomes, django_capture_on_commit_callbacks):
    deadline = published.objection_deadline
    with django_capture_on_commit_callbacks(execute=True):
        services.close_due_notices(actor=services.CLOSE_ACTOR, now=deadline + timedelta(days=3))
    assert outcomes == [(published.pk, "7", services.Outcome.CONFIRMED)]


def test_handler_not_called_while_held(published, org, outcomes, django_capture_on_commit_callbacks):
    objection = object_to(published)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_objection(
            objection_id=objection.pk, actor=org["officer"], decision=Decision.UPHELD, reasons="属实"
        )
        services.close_due_notices(actor=services.CLOSE_ACTOR, now=published.objection_deadline)
    assert outcomes == []


def test_handler_told_of_withdrawal(published, org, outcomes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_notice(notice_id=published.pk, actor=org["officer"], reason="重评")
    assert outcomes == [(published.pk, "7", services.Outcome.WITHDRAWN)]


def test_other_subject_types_are_not_told(org, outcomes, django_capture_on_commit_callbacks):
    system = SystemActor("test")
    notice = services.create_notice(actor=system, title="t", body="b", owner_department=org["office"])
    with django_capture_on_commit_callbacks(execute=True):
        notice = services.publish_notice(notice_id=notice.pk, actor=system)
        assert (
            services.close_due_notices(actor=services.CLOSE_ACTOR, now=notice.objection_deadline)["confirmed"]
            == 1
        )
    assert outcomes == []


def test_a_department_outside_the_owner_may_not_manage(published, org):
    objection = object_to(published)
    for user in (org["outsider"], org["handler"]):
        with pytest.raises(PermissionDenied):
            services.decide_objection(
                objection_id=objection.pk, actor=user, decision="dismissed", reasons="x"
            )
        with pytest.raises(PermissionDenied):
            services.withdraw_notice(notice_id=published.pk, actor=user, reason="x")
    services.decide_objection(
        objection_id=objection.pk, actor=org["leader"], decision="dismissed", reasons="无据"
    )


def test_creating_needs_a_role_over_the_department(org):
    with pytest.raises(PermissionDenied):
        services.create_notice(actor=org["outsider"], title="t", body="b", owner_department=org["office"])
    with pytest.raises(PermissionDenied):
        services.create_notice(actor=org["handler"], title="t", body="b", owner_department=org["office"])
    services.create_notice(actor=org["leader"], title="t", body="b", owner_department=org["office"])
