"""POST /api/v1/cases/: a report becomes one case, exactly once per Idempotency-Key; bad reports store
nothing and say why, field by field."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from chengguan.cases.models import Attachment, Case, CaseEvent
from chengguan.core import geo
from tests.factories import UserFactory

from .conftest import CATEGORY, CELL_A, CELL_B, LIST_URL, centre, client_for, jpeg, report_payload, url

pytestmark = pytest.mark.django_db


def test_a_report_becomes_a_located_classified_case(world):
    response = client_for(world.operator).post(LIST_URL, report_payload(channel="hotline"), format="json")

    assert response.status_code == 201
    body = response.json()
    case = Case.objects.get(number=body["number"])
    assert response["Location"].endswith(url(case.number))
    assert body["state"] == "reported" and body["channel"] == "hotline"
    assert body["cell"] == CELL_A and body["community"]["name"] == "百牙社区"
    assert body["category"]["code"] == CATEGORY
    assert case.created_by == world.operator
    assert [event["action"] for event in body["timeline"]] == ["report"]
    assert {"action": "accept", "label": body["allowed_actions"][0]["label"]} in body["allowed_actions"]


def test_a_gateway_preferring_a_minimal_answer_gets_the_number_and_address_only(world):
    client = client_for(world.operator)
    headers = {"HTTP_PREFER": "return=minimal", "HTTP_IDEMPOTENCY_KEY": "gw-1"}
    response = client.post(LIST_URL, report_payload(), format="json", **headers)

    assert response.status_code == 201 and response["Preference-Applied"] == "return=minimal"
    body = response.json()
    case = Case.objects.get(number=body["number"])
    assert body == {"number": case.number, "state": "reported", "url": response["Location"]}
    again = client.post(LIST_URL, report_payload(), format="json", **headers)  # a retry: the whole case
    assert again.status_code == 200 and again.json()["number"] == case.number
    assert Case.objects.count() == 1


def test_a_gcj02_point_from_a_map_sdk_is_stored_in_wgs84(world):
    lng, lat = centre(CELL_B)
    gcj_lng, gcj_lat = geo.wgs84_to_gcj02(lng, lat)
    payload = report_payload(lng=gcj_lng, lat=gcj_lat, crs="gcj02")

    body = client_for(world.operator).post(LIST_URL, payload, format="json").json()

    assert body["cell"] == CELL_B
    assert body["lng"] == pytest.approx(lng, abs=1e-6) and body["lat"] == pytest.approx(lat, abs=1e-6)


def test_multipart_report_with_photos_keeps_them_on_the_report_event(world):
    payload = {**report_payload(), "photos": [jpeg("a.jpg"), jpeg("b.jpg")]}

    response = client_for(world.operator).post(LIST_URL, payload, format="multipart")

    assert response.status_code == 201, response.json()
    attachments = response.json()["timeline"][0]["attachments"]
    assert len(attachments) == 2 and {a["kind"] for a in attachments} == {"report"}
    assert (
        attachments[0]["url"].startswith("http://testserver/")
        and attachments[0]["content_type"] == "image/jpeg"
    )
    assert Attachment.objects.count() == 2


def test_the_same_idempotency_key_gives_one_case_201_then_200(world):
    client = client_for(world.operator)
    headers = {"Idempotency-Key": "6f1c5a9e-2b1d-4c7e-9a51-0c2d5e7f9a10"}

    first = client.post(LIST_URL, report_payload(), format="json", headers=headers)
    again = client.post(LIST_URL, report_payload(), format="json", headers=headers)

    assert first.status_code == 201 and "Idempotent-Replayed" not in first
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true"
    assert again.json()["number"] == first.json()["number"]
    assert Case.objects.count() == 1 and CaseEvent.objects.count() == 1
    other = client.post(LIST_URL, report_payload(), format="json", headers={"Idempotency-Key": "another"})
    assert other.status_code == 201 and Case.objects.count() == 2


def test_someone_elses_key_is_a_conflict_that_does_not_show_their_case(world):
    headers = {"Idempotency-Key": "shared-key"}
    client_for(world.operator).post(LIST_URL, report_payload(), format="json", headers=headers)

    response = client_for(world.other_handler).post(
        LIST_URL, report_payload(), format="json", headers=headers
    )

    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_reused" and "number" not in response.json()


def _assert_refused_and_nothing_stored(response, *fields):
    assert response.status_code == 400, response.json()
    body = response.json()
    assert body["code"] == "invalid" and body["message"]
    assert set(fields) <= set(body["errors"]), body["errors"]
    assert not Case.objects.exists() and not Attachment.objects.exists() and not CaseEvent.objects.exists()


def test_a_report_without_a_place_is_refused(world):
    payload = report_payload(lng=None, lat=None, address="")
    response = client_for(world.operator).post(LIST_URL, payload, format="json")
    _assert_refused_and_nothing_stored(response, "location")


def test_a_description_over_4000_characters_is_refused(world):
    payload = report_payload(description="垃" * 4001)
    response = client_for(world.operator).post(LIST_URL, payload, format="json")
    _assert_refused_and_nothing_stored(response, "description")
    assert "4001" in response.json()["errors"]["description"][0]


def test_a_text_file_named_photo_jpg_is_refused(world):
    fake = SimpleUploadedFile("photo.jpg", "这不是照片".encode(), content_type="image/jpeg")
    payload = {**report_payload(), "photos": [jpeg("ok.jpg"), fake]}

    response = client_for(world.operator).post(LIST_URL, payload, format="multipart")

    _assert_refused_and_nothing_stored(response, "photos")
    assert "photo.jpg" in response.json()["errors"]["photos"][0]


def test_several_bad_fields_are_reported_together(world):
    payload = report_payload(description="", category="NOPE", urgency="whenever", reporter_phone="call me")
    response = client_for(world.operator).post(LIST_URL, payload, format="json")
    _assert_refused_and_nothing_stored(response, "urgency")
    response = client_for(world.operator).post(
        LIST_URL, report_payload(description="", category="NOPE", reporter_phone="call me"), format="json"
    )
    _assert_refused_and_nothing_stored(response, "description", "category", "reporter_phone")


def test_anonymous_reports_are_refused_with_json(world):
    response = client_for().post(LIST_URL, report_payload(), format="json")
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("who", "asked", "recorded"),
    [
        ("operator", None, "api"),
        ("operator", "hotline", "hotline"),
        ("dispatcher", "leader", "leader"),
        ("inspector", "patrol", "patrol"),
        ("inspector", "hotline", "api"),
        ("handler", "hotline", "api"),
        ("handler", "patrol", "api"),
    ],
)
def test_the_channel_rule(world, who, asked, recorded):
    payload = report_payload(**({"channel": asked} if asked else {}))
    response = client_for(getattr(world, who)).post(LIST_URL, payload, format="json")
    assert response.status_code == 201 and response.json()["channel"] == recorded


def test_channels_of_other_modules_are_not_taken_from_the_api(world):
    response = client_for(world.operator).post(LIST_URL, report_payload(channel="open311"), format="json")
    _assert_refused_and_nothing_stored(response, "channel")


def test_an_api_client_without_a_staff_record_sees_its_report_as_the_public_would(world, act):
    client_account = UserFactory(username="wechat-gateway")
    number = client_for(client_account).post(LIST_URL, report_payload(), format="json").json()["number"]
    act(world.dispatcher, number, "accept_and_dispatch")
    act(world.handler, number, "request_suspension", {"reason": "内部协调"})

    body = client_for(client_account).get(url(number)).json()

    assert body["channel"] == "api" and body["allowed_actions"] == []
    assert [e["action"] for e in body["timeline"]] == [
        "report",
        "accept",
        "dispatch",
    ]  # internal steps hidden
    assert {e["actor_name"] for e in body["timeline"]} == {""}  # and no staff names
    assert all(e["actor_department"] is None for e in body["timeline"])
    assert client_for(client_account).get(LIST_URL).json()["count"] == 1


def test_intake_is_rate_limited_with_a_json_answer(world, settings):
    cache.clear()
    rates = {"user": "2/min", "anon": "2/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    client = client_for(world.operator)
    statuses = [client.post(LIST_URL, report_payload(), format="json").status_code for _ in range(3)]

    assert statuses == [201, 201, 429]
    refused = client.post(LIST_URL, report_payload(), format="json")
    assert refused.json()["code"] == "throttled" and int(refused["Retry-After"]) > 0
    assert Case.objects.count() == 2
