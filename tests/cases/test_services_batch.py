"""Batch close (结案 of several verified cases): each closes through the single-case close, the refused ones
are reported with their reason and left exactly as they were."""

import pytest
from django.core.exceptions import ValidationError

from chengguan.cases import services
from chengguan.cases.models import Case, CaseEvent, FollowUp
from chengguan.cases.states import Action, State

from .conftest import snapshot

pytestmark = pytest.mark.django_db


def test_close_cases_closes_the_verified_and_reports_the_refused(make_case, people):
    first, second = make_case(State.VERIFIED), make_case(State.VERIFIED)
    handled = make_case(State.HANDLED)
    before = snapshot(handled)
    result = services.close_cases(
        actor=people.dispatcher, case_ids=[first.pk, handled.pk, second.pk, first.pk], note="批量结案"
    )
    assert [case.pk for case in result.closed] == [first.pk, second.pk]
    assert [case_id for case_id, _reason in result.refused] == [handled.pk]
    assert result.refused[0][1]  # a reason people can read
    for case in (first, second):
        case.refresh_from_db()
        assert case.state == State.CLOSED and case.closed_at is not None
        event = CaseEvent.objects.filter(case=case, action=Action.CLOSE).get()
        assert event.actor == people.dispatcher and event.note == "批量结案"
        assert FollowUp.objects.filter(case=case).count() == 1  # the single close's follow-up, once
    assert snapshot(handled) == before


def test_a_refused_role_closes_nothing(make_case, people):
    case = make_case(State.VERIFIED)
    before = snapshot(case)
    result = services.close_cases(actor=people.handler, case_ids=[case.pk])
    assert result.closed == [] and [pk for pk, _r in result.refused] == [case.pk]
    assert snapshot(case) == before


def test_an_unknown_case_is_refused_and_the_others_close(make_case, people):
    case = make_case(State.VERIFIED)
    missing = Case.objects.order_by("-pk").first().pk + 100
    result = services.close_cases(actor=people.intake, case_ids=[missing, case.pk])
    assert [c.pk for c in result.closed] == [case.pk]
    assert [pk for pk, _r in result.refused] == [missing]


@pytest.mark.parametrize("ids", [[], None, ["x"], [0], list(range(1, 102))])
def test_bad_ids_are_a_field_error_and_change_nothing(make_case, people, ids):
    case = make_case(State.VERIFIED)
    before = snapshot(case)
    with pytest.raises(ValidationError) as error:
        services.close_cases(actor=people.dispatcher, case_ids=ids)
    assert "cases" in error.value.message_dict
    assert snapshot(case) == before


def test_a_case_that_fails_half_way_is_rolled_back_whole(make_case, people, monkeypatch):
    """The case row is saved before its event is written: a failure in between leaves it verified."""
    from chengguan.cases.services import common

    good, failing = make_case(State.VERIFIED), make_case(State.VERIFIED)
    before = snapshot(failing)
    record = common.record_case_event

    def record_or_fail(case, **kwargs):
        if case.pk == failing.pk:
            raise ValidationError("the event could not be written")
        return record(case, **kwargs)

    monkeypatch.setattr(common, "record_case_event", record_or_fail)
    result = services.close_cases(actor=people.dispatcher, case_ids=[failing.pk, good.pk])
    assert [c.pk for c in result.closed] == [good.pk]
    assert result.refused == [(failing.pk, "the event could not be written")]
    assert snapshot(failing) == before
    good.refresh_from_db()
    assert good.state == State.CLOSED
