"""Refusals through HTTP: 409 with the transition table's code, 400 with field errors, 404 for a case the
user may not see (the same answer as for a case that does not exist); nothing changes."""

import pytest

from chengguan.cases.models import Case, CaseEvent

from .conftest import LIST_URL, client_for, report_payload, url

pytestmark = pytest.mark.django_db


def _unchanged(number: str, state: str, events: int):
    case = Case.objects.get(number=number)
    assert case.state == state and CaseEvent.objects.filter(case=case).count() == events


def _refused(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.json()
    body = response.json()
    assert body["code"] == code and body["message"]
    return body


def test_an_action_the_state_does_not_allow_is_invalid_state(world, report, act):
    number = report()["number"]
    body = _refused(act(world.operator, number, "close"), 409, "invalid_state")
    assert number in body["message"]
    _unchanged(number, "reported", 1)


def test_an_action_the_roles_do_not_allow_is_forbidden_role(world, report, act):
    number = report()["number"]
    _refused(act(world.inspector, number, "accept"), 409, "forbidden_role")
    _refused(act(world.operator, number, "accept_and_dispatch"), 409, "forbidden_role")
    _unchanged(number, "reported", 1)


def test_a_handler_who_can_see_a_case_of_another_department_gets_forbidden_department(world, act):
    # A handler may report a case themself (and so see it); once it is dispatched elsewhere they may not act.
    response = client_for(world.other_handler).post(LIST_URL, report_payload(), format="json")
    number = response.json()["number"]
    assert act(world.dispatcher, number, "accept_and_dispatch").status_code == 200

    _refused(act(world.other_handler, number, "start"), 409, "forbidden_department")
    _unchanged(number, "dispatched", 3)


def test_a_handler_of_another_department_gets_404_on_detail_and_actions(world, dispatched, act):
    client = client_for(world.other_handler)
    missing = _refused(client.get(url("20990101" + "00001")), 404, "not_found")
    hidden = _refused(client.get(url(dispatched)), 404, "not_found")
    assert hidden["message"].replace(dispatched, "N") == missing["message"].replace("2099010100001", "N")

    _refused(act(world.other_handler, dispatched, "start"), 404, "not_found")
    _refused(client.post(url(dispatched, "reveal")), 404, "not_found")
    assert dispatched not in str(client.get(LIST_URL).json())
    _unchanged(dispatched, "dispatched", 3)


def test_missing_or_malformed_action_input_is_a_400_with_field_errors(world, dispatched, act):
    assert act(world.handler, dispatched, "start").status_code == 200
    cases = [
        ("report_handled", {}, "note"),
        ("send_back", {"reason": "   "}, "reason"),
        ("request_extension", {"reason": "等"}, "working_days"),
        ("request_extension", {"working_days": "100", "reason": "等"}, "working_days"),
        ("request_extension", {"working_days": "abc", "reason": "等"}, "working_days"),
    ]
    for action, data, field in cases:
        body = _refused(act(world.handler, dispatched, action, data), 400, "invalid")
        assert field in body["errors"], (action, body)
    _unchanged(dispatched, "in_progress", 4)


def test_deciding_with_no_request_waiting_is_a_conflict(world, dispatched, act):
    _refused(act(world.lead, dispatched, "decide_request", {"approve": True}), 409, "no_pending_request")
    _refused(act(world.handler, dispatched, "decide_request", {"approve": True}), 409, "forbidden_role")


def test_verify_needs_an_explicit_passed_even_in_a_form_post(world, dispatched, act):
    act(world.handler, dispatched, "report_handled", {"note": "已处理"})
    body = _refused(
        act(world.inspector, dispatched, "verify", {"note": "看过"}, format="multipart"), 400, "invalid"
    )
    assert "passed" in body["errors"]
    _unchanged(dispatched, "handled", 4)


def test_unknown_codes_in_dispatch_are_field_errors(world, report, act):
    number = report()["number"]
    body = _refused(
        act(world.dispatcher, number, "accept_and_dispatch", {"department": "NOPE"}), 400, "invalid"
    )
    assert "department" in body["errors"]
    body = _refused(act(world.dispatcher, number, "accept_and_dispatch", {"category": "S01"}), 400, "invalid")
    assert "category" in body["errors"]  # a major class, not a subclass
    _unchanged(number, "reported", 1)


def test_reveal_is_403_for_a_handler_of_the_case(world, dispatched):
    body = _refused(client_for(world.handler).post(url(dispatched, "reveal")), 403, "permission_denied")
    assert "13812345678" not in str(body)
