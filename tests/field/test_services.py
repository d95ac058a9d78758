"""A result sent from the field app acts once, however often it arrives; a refused one is answered with
the reason and changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chengguan.cases import services as cases
from chengguan.cases.models import Attachment, Case, CaseEvent
from chengguan.cases.states import Action, Channel, State
from chengguan.field.models import Outcome, Submission
from chengguan.field.services import FieldRefused, submit_result
from tests.cases.conftest import CELL_1, GARBAGE, centre, photo, snapshot

pytestmark = pytest.mark.django_db


def patrol(people, key="patrol-key-0001", **fields):
    lng, lat = centre(CELL_1)
    data = {"description": "人行道上有暴露垃圾", "category": GARBAGE, "lng": lng, "lat": lat, "accuracy": 8}
    return submit_result(
        actor=people.inspector,
        key=key,
        kind="patrol",
        fields={**data, **fields},
        photos=[photo()],
        photo_places=[{"taken_at": "2026-12-05T09:30:00+08:00", "lng": lng, "lat": lat, "accuracy": 8}],
    )


def test_a_patrol_report_arrives_once_however_often_it_is_sent(people, categories, media):
    first = patrol(people)
    again = patrol(people)
    assert first.outcome == again.outcome == Outcome.DONE
    assert first.case_number == again.case_number and again.replayed and not first.replayed
    case = Case.objects.get(number=first.case_number)
    assert case.channel == Channel.PATROL and case.category.code == GARBAGE
    assert Case.objects.count() == 1
    assert Attachment.objects.filter(case=case, kind=Attachment.Kind.REPORT).count() == 1
    row = Submission.objects.get(key="patrol-key-0001")
    assert row.actor == people.inspector and row.action == "patrol"
    assert row.changes["photos"][0]["taken_at"] == "2026-12-05T09:30:00+08:00"
    assert row.changes["position"]["accuracy"] == 8


def test_a_verification_acts_once_and_a_replay_gets_the_first_answer(people, make_case):
    case = make_case(State.HANDLED)
    kwargs = {
        "actor": people.inspector,
        "key": "verify-key-0001",
        "kind": "verify",
        "case_number": case.number,
    }
    first = submit_result(**kwargs, fields={"passed": True, "note": "已清理"})
    again = submit_result(**kwargs, fields={"passed": True, "note": "已清理"})
    assert (first.outcome, again.outcome, again.replayed) == (Outcome.DONE, Outcome.DONE, True)
    assert Case.objects.get(pk=case.pk).state == State.VERIFIED
    assert CaseEvent.objects.filter(case=case, action=Action.VERIFY_PASS).count() == 1


def test_a_verification_of_a_case_suspended_meanwhile_is_refused_with_the_reason(people, make_case):
    case = make_case(State.SUSPENDED)
    before = snapshot(case)
    receipt = submit_result(
        actor=people.inspector,
        key="verify-key-0002",
        kind="verify",
        case_number=case.number,
        fields={"passed": True},
    )
    assert receipt.outcome == Outcome.REFUSED and receipt.code == "invalid_state" and receipt.message
    assert snapshot(case) == before
    replay = submit_result(
        actor=people.inspector,
        key="verify-key-0002",
        kind="verify",
        case_number=case.number,
        fields={"passed": True},
    )
    assert replay.outcome == Outcome.REFUSED and replay.replayed


def test_a_handler_starts_reports_and_sends_back_through_the_app(people, make_case, media):
    case = make_case(State.DISPATCHED)
    start = submit_result(
        actor=people.handler, key="start-key-0001", kind="start", case_number=case.number, fields={}
    )
    done = submit_result(
        actor=people.handler,
        key="handled-key-0001",
        kind="handled",
        case_number=case.number,
        fields={"note": "已清运"},
        photos=[photo()],
    )
    assert start.outcome == done.outcome == Outcome.DONE
    assert Case.objects.get(pk=case.pk).state == State.HANDLED
    other = make_case(State.DISPATCHED)
    back = submit_result(
        actor=people.handler,
        key="back-key-0001",
        kind="send_back",
        case_number=other.number,
        fields={"reason": ""},
    )
    assert back.outcome == Outcome.REFUSED and Case.objects.get(pk=other.pk).state == State.DISPATCHED


def test_a_case_the_user_may_not_see_is_refused_as_not_found(people, make_case):
    case = make_case(State.DISPATCHED)
    receipt = submit_result(
        actor=people.other_handler, key="start-key-0002", kind="start", case_number=case.number, fields={}
    )
    assert receipt.outcome == Outcome.REFUSED and receipt.code in {"not_found", "forbidden_department"}
    assert Case.objects.get(pk=case.pk).state == State.DISPATCHED


def test_a_patrol_report_outside_the_city_is_refused_and_nothing_is_stored(people, categories, media):
    receipt = patrol(people, key="patrol-key-0002", lng=100.0, lat=20.0)
    assert receipt.outcome == Outcome.REFUSED and receipt.message
    assert not Case.objects.exists()


def test_only_inspectors_file_patrol_reports(people, categories, media):
    receipt = submit_result(
        actor=people.handler, key="patrol-key-0003", kind="patrol", fields={"description": "x"}
    )
    assert receipt.outcome == Outcome.REFUSED and receipt.code == "forbidden"
    assert not Case.objects.exists()


def test_someone_elses_key_and_bad_submissions_are_refused(people, make_case):
    case = make_case(State.HANDLED)
    submit_result(
        actor=people.inspector, key="verify-key-0003", kind="verify", case_number=case.number, fields={}
    )
    with pytest.raises(FieldRefused):
        submit_result(
            actor=people.shift_lead, key="verify-key-0003", kind="verify", case_number=case.number, fields={}
        )
    with pytest.raises(ValidationError):
        submit_result(actor=people.inspector, key="short", kind="verify", case_number=case.number, fields={})
    with pytest.raises(ValidationError):
        submit_result(
            actor=people.inspector, key="verify-key-0004", kind="dance", case_number=case.number, fields={}
        )
    with pytest.raises(PermissionDenied):
        submit_result(
            actor=people.dispatcher, key="verify-key-0005", kind="verify", case_number=case.number, fields={}
        )


def test_the_service_needs_an_actor(people):
    from chengguan.core.refusals import MissingActor

    with pytest.raises(MissingActor):
        submit_result(actor=None, key="any-key-0001", kind="start", fields={})


def test_a_verification_without_a_verdict_is_refused(people, make_case):
    case = make_case(State.HANDLED)
    receipt = submit_result(
        actor=people.inspector,
        key="verify-key-0006",
        kind="verify",
        case_number=case.number,
        fields={"note": "看了"},
    )
    assert receipt.outcome == Outcome.REFUSED and Case.objects.get(pk=case.pk).state == State.HANDLED
    assert cases  # the lifecycle services are the ones acting
