"""Supporting an open case instead of filing a duplicate: counted once per phone or device, refused on
finished cases, stored as keyed hashes only, and supporters who left a phone hear about the closure."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import translation

from chengguan.cases import services
from chengguan.cases.models import Case, CaseEvent, CaseSupporter
from chengguan.cases.public import public_timeline
from chengguan.cases.states import Action, State

pytestmark = pytest.mark.django_db
ANON = AnonymousUser()


@pytest.fixture(autouse=True)
def english():
    """These tests read the services' messages, written in English."""
    with translation.override("en"):
        yield


PHONE = "13912345678"


def test_support_counts_once_per_phone_and_records_a_public_event(make_case):
    case = make_case(State.DISPATCHED)
    services.support_case(case_id=case.pk, actor=ANON, phone=PHONE, device_id="dev-1")
    with pytest.raises(ValidationError, match="already support"):
        services.support_case(case_id=case.pk, actor=ANON, phone="139 1234 5678", device_id="dev-2")
    case.refresh_from_db()
    assert case.support_count == 1
    event = CaseEvent.objects.get(case=case, action=Action.SUPPORT)
    assert event.is_public and event.actor is None and event.actor_name == ""
    assert event.changes == {"support_count": [0, 1]}
    assert [e.action for e in public_timeline(case)][-1] == Action.SUPPORT


def test_support_counts_once_per_device_even_with_another_phone(make_case):
    case = make_case(State.ACCEPTED)
    services.support_case(case_id=case.pk, actor=ANON, device_id="dev-1")
    with pytest.raises(ValidationError):
        services.support_case(case_id=case.pk, actor=ANON, device_id="dev-1")
    with pytest.raises(ValidationError):
        services.support_case(case_id=case.pk, actor=ANON, phone=PHONE, device_id="dev-1")
    services.support_case(case_id=case.pk, actor=ANON, device_id="dev-2")
    assert Case.objects.get(pk=case.pk).support_count == 2


def test_only_keyed_hashes_are_stored_and_the_phone_only_when_given(make_case):
    case = make_case(State.ACCEPTED)
    services.support_case(case_id=case.pk, actor=ANON, phone=PHONE, device_id="my-device")
    services.support_case(case_id=case.pk, actor=ANON, device_id="other-device")
    rows = list(CaseSupporter.objects.filter(case=case).order_by("pk"))
    assert [r.phone for r in rows] == [PHONE, ""]
    for row in rows:
        assert len(row.contact_hash) == 64 and PHONE not in row.contact_hash
        assert "device" not in row.contact_hash and "device" not in row.device_hash
    assert rows[0].contact_hash == services.support.contact_hash("phone", PHONE)


@pytest.mark.parametrize("state", [State.CLOSED, State.REJECTED])
def test_finished_cases_cannot_be_supported(make_case, state):
    case = make_case(state)
    with pytest.raises(ValidationError, match="finished"):
        services.support_case(case_id=case.pk, actor=ANON, phone=PHONE)
    assert Case.objects.get(pk=case.pk).support_count == 0
    assert not CaseSupporter.objects.exists()


def test_refused_without_contact_with_a_bad_phone_or_by_the_reporter(make_case):
    case = make_case(State.ACCEPTED)
    with pytest.raises(ValidationError) as missing:
        services.support_case(case_id=case.pk, actor=ANON)
    assert "phone" in missing.value.message_dict
    with pytest.raises(ValidationError) as bad:
        services.support_case(case_id=case.pk, actor=ANON, phone="call me")
    assert "phone" in bad.value.message_dict
    with pytest.raises(ValidationError, match="yourself"):
        services.support_case(case_id=case.pk, actor=ANON, phone=case.reporter_phone)
    assert Case.objects.get(pk=case.pk).support_count == 0


def test_supporters_with_a_phone_are_texted_on_closure(
    make_case, people, sms_outbox, django_capture_on_commit_callbacks
):
    case = make_case(State.VERIFIED)
    services.support_case(case_id=case.pk, actor=ANON, phone=PHONE)
    services.support_case(case_id=case.pk, actor=ANON, device_id="silent-device")
    sms_outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.close_case(case_id=case.pk, actor=people.intake)
    to_supporter = [m for m in sms_outbox if m.phone == PHONE]
    assert len(to_supporter) == 1
    assert case.number in to_supporter[0].text


def test_follow_up_for_reporter_only_after_closure_and_reused(make_case):
    open_case = make_case(State.HANDLED, reporter_phone="")
    assert services.follow_up_for_reporter(case_id=open_case.pk, actor=ANON) is None
    closed = make_case(State.CLOSED, reporter_phone="")
    assert not closed.follow_ups.exists()  # no phone: no invitation was sent at closure
    first = services.follow_up_for_reporter(case_id=closed.pk, actor=ANON)
    assert first is not None and first.answered_at is None
    assert services.follow_up_for_reporter(case_id=closed.pk, actor=ANON) == first
    with_phone = make_case(State.CLOSED)
    assert services.follow_up_for_reporter(case_id=with_phone.pk, actor=ANON) == with_phone.follow_ups.get()
