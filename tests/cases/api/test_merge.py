"""并单 through the API: five reports of one stall within 100 m and 2 hours are proposed as duplicates of
each other; merging moves their reporters to the surviving case; closing it texts every one of them; an
undo restores both cases. Refusals answer 409 with their code; only dispatchers and shift leads merge."""

from datetime import timedelta

import pytest
from django.utils import timezone

from chengguan.cases.models import Case
from chengguan.core.notify import sms

from .conftest import HANDLING_DEPARTMENT, LIST_URL, centre, client_for, url

STALL = "S0501"  # 无照经营游商
TEXTS = [
    "学校门口有流动摊贩摆摊卖烤肠",
    "校门口流动摊贩卖烤肠，占了人行道",
    "学校大门口有人摆摊卖烤肠",
    "小学门口流动摊贩摆摊，影响学生进出",
    "学校门口又有卖烤肠的流动摊贩",
]
PHONES = [f"1390000001{i}" for i in range(5)]
M_LAT = 1 / 111_320


@pytest.fixture
def outbox():
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture
def stall(world, report):
    """Five reports of one stall, 20 m and 25 minutes apart (80 m and 100 minutes in all); their numbers."""
    lng, lat = centre("341702001001001")
    numbers = []
    now = timezone.now()
    for i, text in enumerate(TEXTS):
        body = report(
            description=text, category=STALL, lat=lat + i * 20 * M_LAT, lng=lng, reporter_phone=PHONES[i]
        )
        Case.objects.filter(number=body["number"]).update(reported_at=now - timedelta(minutes=(5 - i) * 25))
        numbers.append(body["number"])
    return numbers


def post(user, number, action, data=None):
    return client_for(user).post(url(number, action), data or {}, format="json")


def test_five_reports_of_one_stall_merged_followed_closed_and_undone(
    world, stall, outbox, django_capture_on_commit_callbacks
):
    survivor, *others = stall
    response = client_for(world.dispatcher).get(url(survivor, "duplicates"))
    assert response.status_code == 200
    proposals = response.json()
    assert {p["number"] for p in proposals} == set(others)
    assert all(p["same_category"] and p["metres"] <= 100 and p["minutes"] <= 120 for p in proposals)
    assert all(p["explanation"] and 0.55 <= p["score"] <= 1 for p in proposals)

    assert (
        post(
            world.dispatcher, survivor, "accept_and_dispatch", {"department": HANDLING_DEPARTMENT}
        ).status_code
        == 200
    )
    detail = client_for(world.dispatcher).get(url(others[0])).json()
    assert "merge" in {a["action"] for a in detail["allowed_actions"]}
    with django_capture_on_commit_callbacks(execute=True):
        for number in others:
            response = post(world.dispatcher, number, "merge", {"into": survivor, "note": "同一摊贩"})
            assert response.status_code == 200, response.json()
            body = response.json()
            assert body["state"] == "merged" and body["merged_into"] == survivor
            assert "unmerge" in {a["action"] for a in body["allowed_actions"]}
    survivor_body = client_for(world.dispatcher).get(url(survivor)).json()
    assert sorted(survivor_body["merged_duplicates"]) == sorted(others)
    assert "merge_in" in [event["action"] for event in survivor_body["timeline"]]
    assert Case.objects.get(number=survivor).support_count == 4
    assert {m.phone for m in outbox} >= set(PHONES[1:])  # told which case carries their report

    # undo one while the survivor is open: both as they were
    response = post(world.lead, others[0], "unmerge", {"note": "核实后并非同一摊位"})
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "reported" and response.json()["merged_into"] is None
    assert Case.objects.get(number=survivor).support_count == 3
    assert others[0] not in client_for(world.dispatcher).get(url(survivor)).json()["merged_duplicates"]
    assert post(world.dispatcher, others[0], "merge", {"into": survivor}).status_code == 200

    for user, action, data in (
        (world.handler, "start", {}),
        (world.handler, "report_handled", {"note": "已劝离"}),
        (world.inspector, "verify", {"passed": True}),
    ):
        assert post(user, survivor, action, data).status_code == 200
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert post(world.operator, survivor, "close").status_code == 200
    assert {m.phone for m in outbox} >= set(PHONES)  # the reporter and the four who followed

    refused = post(world.dispatcher, others[1], "unmerge")
    assert refused.status_code == 409 and refused.json()["code"] == "unmerge_target_finished"
    assert Case.objects.get(number=others[1]).state == "merged"


def test_refusals_and_permissions(world, stall, report):
    a, b, c, *_rest = stall
    closed = report(category=STALL)["number"]
    Case.objects.filter(number=closed).update(state="closed")
    for data, code in (({"into": a}, "merge_self"), ({"into": closed}, "merge_target_finished")):
        response = post(world.dispatcher, a, "merge", data)
        assert response.status_code == 409 and response.json()["code"] == code
    assert post(world.dispatcher, b, "merge", {"into": c}).status_code == 200
    response = post(world.dispatcher, a, "merge", {"into": b})
    assert response.status_code == 409 and response.json()["code"] == "merge_chain"
    response = post(world.operator, a, "merge", {"into": c})
    assert response.status_code == 409 and response.json()["code"] == "forbidden_role"
    response = post(world.dispatcher, a, "merge", {"into": "not-a-case"})
    assert response.status_code == 400 and "into" in response.json()["errors"]
    assert post(world.dispatcher, a, "merge", {}).status_code == 400
    response = post(world.dispatcher, a, "unmerge")
    assert response.status_code == 409 and response.json()["code"] == "invalid_state"
    assert Case.objects.get(number=a).state == "reported"
    # proposals: staff only, and a case the user may not see is a 404
    assert client_for().get(url(a, "duplicates")).status_code in (401, 403)
    assert client_for(world.handler).get(url(a, "duplicates")).status_code == 404
    assert client_for(world.dispatcher).get(url("20990101000001", "duplicates")).status_code == 404
    assert client_for(world.dispatcher).get(f"{LIST_URL}{a}/duplicates/").status_code == 200
