"""Safeguards around the lifecycle: refusals leak nothing, requests lapse when the case moves on, a sent-back
case is not routed straight back, and a rolled-back action leaves no files behind."""

import pytest
from django.core.exceptions import ValidationError

from chengguan.cases import services
from chengguan.cases.models import Attachment, CaseRequest
from chengguan.cases.services import common
from chengguan.cases.states import State
from chengguan.cases.workflow import TransitionRefused

from .conftest import photo, snapshot

pytestmark = pytest.mark.django_db

EXT = CaseRequest.Kind.EXTENSION


def test_a_role_that_may_never_act_is_refused_before_the_state_is_told(make_case, people):
    closed = make_case(State.CLOSED)
    with pytest.raises(TransitionRefused) as refusal:
        services.dispatch_case(case_id=closed.pk, actor=people.handler)
    assert refusal.value.code == "forbidden_role" and "closed" not in refusal.value.message.lower()


def test_missing_input_is_reported_only_to_someone_who_may_act(make_case, people):
    case = make_case(State.IN_PROGRESS)
    with pytest.raises(TransitionRefused) as refusal:
        services.send_back_case(case_id=case.pk, actor=people.other_handler, reason="")
    assert refusal.value.code == "forbidden_department"
    with pytest.raises(ValidationError) as invalid:
        services.send_back_case(case_id=case.pk, actor=people.handler, reason=" ")
    assert "reason" in invalid.value.message_dict


def test_a_waiting_request_lapses_when_the_department_reports_the_case_handled(make_case, people):
    case = make_case(State.IN_PROGRESS, pending=EXT)
    services.report_handled(case_id=case.pk, actor=people.handler, note="已清运")
    assert list(case.requests.values_list("decision", flat=True)) == [CaseRequest.Decision.WITHDRAWN]
    with pytest.raises(TransitionRefused) as refusal:
        services.decide_request(case_id=case.pk, actor=people.shift_lead, approve=True)
    assert refusal.value.code == "invalid_state"  # nothing to decide once the case left the department


def test_a_sent_back_case_is_not_routed_back_to_the_department_that_returned_it(make_case, people):
    case = make_case(State.SENT_BACK)
    before = snapshot(case)
    with pytest.raises(ValidationError) as invalid:
        services.dispatch_case(case_id=case.pk, actor=people.dispatcher)
    assert "department" in invalid.value.message_dict and snapshot(case) == before


def test_a_rolled_back_action_leaves_no_photo_on_disk(make_case, people, media, monkeypatch):
    case = make_case(State.IN_PROGRESS)
    files_before = _files(media)

    def fail(*args, **kwargs):  # the last step of the action, after the photo was written
        raise RuntimeError("the transaction fails late")

    monkeypatch.setattr(common.transaction, "on_commit", fail)
    with pytest.raises(RuntimeError):
        services.report_handled(case_id=case.pk, actor=people.handler, note="已清运", photos=[photo("PNG")])
    assert _files(media) == files_before
    assert not Attachment.objects.filter(case=case, kind=Attachment.Kind.HANDLING).exists()


def _files(root) -> list[str]:
    return sorted(str(p) for p in root.rglob("*") if p.is_file())


def test_every_cases_refusal_is_a_core_refusal_with_a_stable_code(make_case, people):
    from chengguan.cases.states import RefusalCode
    from chengguan.cases.workflow import CaseRefused, IntakeKeyReused
    from chengguan.core.refusals import Refused

    assert issubclass(TransitionRefused, CaseRefused) and issubclass(IntakeKeyReused, CaseRefused)
    assert issubclass(CaseRefused, Refused) and CaseRefused.http_status == 409
    assert IntakeKeyReused("x").code == RefusalCode.IDEMPOTENCY_KEY_REUSED
    case = make_case(State.IN_PROGRESS, pending=EXT)
    with pytest.raises(CaseRefused) as refusal:
        services.request_suspension(case_id=case.pk, actor=people.handler, reason="等待配合")
    assert refusal.value.code == RefusalCode.REQUEST_PENDING and refusal.value.code in RefusalCode.values
