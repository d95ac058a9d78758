"""A report posted to the API goes through every state to closure through the action endpoints, and the
reporter's follow-up shows on the case; the side paths (send back, suspension, rejection, reopening)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from chengguan.cases import services
from chengguan.cases.models import Attachment, FollowUp

from .conftest import HANDLING_DEPARTMENT, OTHER_DEPARTMENT, client_for, jpeg, url

pytestmark = pytest.mark.django_db


def _ok(response) -> dict:
    assert response.status_code == 200, response.json()
    return response.json()


def _actions(body) -> set[str]:
    return {a["action"] for a in body["allowed_actions"]}


def test_a_report_goes_through_every_state_to_closure_and_the_follow_up(world, report, act):
    created = report(channel="hotline")
    number = created["number"]
    assert _actions(created) == {"accept", "reject"}  # the intake operator may not dispatch

    body = _ok(act(world.operator, number, "accept", {"urgency": "urgent", "note": "属实"}))
    assert body["state"] == "accepted" and body["urgency"] == "urgent" and body["accepted_at"]

    body = _ok(act(world.dispatcher, number, "dispatch"))
    assert body["state"] == "dispatched" and body["department"]["code"] == HANDLING_DEPARTMENT
    assert body["deadline"] and body["overdue"] is False

    detail = _ok(client_for(world.handler).get(url(number)))
    assert _actions(detail) == {
        "start",
        "report_handled",
        "send_back",
        "request_extension",
        "request_suspension",
    }
    body = _ok(act(world.handler, number, "start"))
    assert body["state"] == "in_progress"

    body = _ok(
        act(world.handler, number, "request_extension", {"working_days": "1.5", "reason": "等待物业配合"})
    )
    assert body["pending_request"]["kind"] == "extension" and body["pending_request"]["working_days"] == "1.5"
    assert "request_suspension" not in _actions(body)
    deadline = body["deadline"]
    body = _ok(act(world.lead, number, "decide_request", {"approve": True, "note": "同意"}))
    assert body["pending_request"] is None and body["deadline"] > deadline

    handled = {"note": "已清理门前杂物", "photos": [jpeg("after.jpg")]}
    body = _ok(act(world.handler, number, "report_handled", handled, format="multipart"))
    assert body["state"] == "handled" and body["handled_at"]
    assert body["timeline"][-1]["attachments"][0]["kind"] == "handling"

    body = _ok(act(world.inspector, number, "verify", {"passed": False, "note": "泔水桶仍在"}))
    assert body["state"] == "rework" and body["rework_count"] == 1
    _ok(act(world.handler, number, "start"))
    _ok(act(world.handler, number, "report_handled", {"note": "泔水桶已移走"}))
    verified = {"passed": "true", "note": "现场已整改", "photos": [jpeg("check.jpg")]}
    body = _ok(act(world.inspector, number, "verify", verified, format="multipart"))
    assert body["state"] == "verified"

    body = _ok(act(world.operator, number, "close", {"note": "办结"}))
    assert body["state"] == "closed" and body["closed_at"] and _actions(body) == set()
    assert body["follow_ups"][0]["rating"] is None

    follow_up = FollowUp.objects.get(case__number=number)
    services.answer_follow_up(token=follow_up.token, actor=AnonymousUser(), rating=5, comment="很快就处理了")

    body = _ok(client_for(world.dispatcher).get(url(number)))
    assert body["follow_ups"][0]["rating"] == 5 and body["follow_ups"][0]["answered_at"]
    assert "token" not in body["follow_ups"][0]
    assert [e["action"] for e in body["timeline"]] == [
        "report",
        "accept",
        "dispatch",
        "start",
        "request_extension",
        "approve_extension",
        "report_handled",
        "verify_fail",
        "start",
        "report_handled",
        "verify_pass",
        "close",
        "follow_up",
    ]
    first_dispatch = body["timeline"][2]
    assert first_dispatch["from_state"] == "accepted" and first_dispatch["to_state"] == "dispatched"
    assert (
        first_dispatch["actor_name"] == "派遣员乙"
        and first_dispatch["actor_department"]["code"] == "CGJ-SZCG"
    )
    assert first_dispatch["changes"]["department"] == [None, HANDLING_DEPARTMENT]
    assert Attachment.objects.filter(case__number=number).count() == 2


def test_sent_back_then_dispatched_elsewhere_then_reopened(world, dispatched, act):
    body = _ok(act(world.handler, dispatched, "send_back", {"reason": "该路段不归我科管"}))
    assert body["state"] == "sent_back" and body["send_back_count"] == 1

    body = _ok(act(world.dispatcher, dispatched, "dispatch", {"department": OTHER_DEPARTMENT}))
    assert body["department"]["code"] == OTHER_DEPARTMENT
    number = dispatched
    for user, action, data in [
        (world.other_handler, "report_handled", {"note": "已处理"}),
        (world.inspector, "verify", {"passed": True}),
        (world.operator, "close", {}),
    ]:
        _ok(act(user, number, action, data))

    body = _ok(act(world.dispatcher, number, "reopen", {"reason": "回访称问题依旧"}))
    assert body["state"] == "accepted" and body["reopen_count"] == 1 and body["closed_at"] is None


def test_suspension_pauses_and_resume_restarts_the_deadline(world, dispatched, act):
    _ok(act(world.handler, dispatched, "request_suspension", {"reason": "商户停业整顿"}))
    body = _ok(act(world.lead, dispatched, "decide_request", {"approve": True}))
    assert body["state"] == "suspended" and body["deadline"] is None
    assert _actions(_ok(client_for(world.dispatcher).get(url(dispatched)))) == {"resume"}

    body = _ok(act(world.dispatcher, dispatched, "resume", {"note": "已复业"}))
    assert body["state"] == "dispatched" and body["deadline"]


def test_a_refused_request_needs_a_reason_and_changes_nothing_else(world, dispatched, act):
    _ok(act(world.handler, dispatched, "request_extension", {"working_days": 2, "reason": "材料未到"}))

    missing = act(world.lead, dispatched, "decide_request", {"approve": False})
    assert missing.status_code == 400 and "note" in missing.json()["errors"]

    body = _ok(act(world.lead, dispatched, "decide_request", {"approve": False, "note": "时限够用"}))
    assert body["pending_request"] is None and body["timeline"][-1]["action"] == "refuse_extension"


def test_reject_with_a_reason_and_accept_and_dispatch_in_one_step(world, report, act):
    rejected = report()["number"]
    assert act(world.operator, rejected, "reject", {}).json()["errors"]["reason"]
    body = _ok(act(world.operator, rejected, "reject", {"reason": "重复上报"}))
    assert body["state"] == "rejected" and body["timeline"][-1]["note"] == "重复上报"

    number = report()["number"]
    assert "accept_and_dispatch" in _actions(_ok(client_for(world.dispatcher).get(url(number))))
    body = _ok(act(world.dispatcher, number, "accept_and_dispatch", {"department": OTHER_DEPARTMENT}))
    assert body["state"] == "dispatched" and body["department"]["code"] == OTHER_DEPARTMENT
    assert [e["action"] for e in body["timeline"]] == ["report", "accept", "dispatch"]
