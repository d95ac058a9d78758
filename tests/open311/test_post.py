"""POST requests: a case through the same intake service, and the specification's errors."""

import pytest

from chengguan.cases.models import Case
from chengguan.cases.states import Channel
from chengguan.open311.models import ApiKey, ServiceAttribute, Submission
from tests.cases.conftest import GARBAGE

from .conftest import parse, post_request

pytestmark = pytest.mark.django_db


def test_post_creates_an_open311_case_and_returns_its_number(client, world, api_key):
    response = post_request(
        client,
        api_key,
        first_name="三",
        last_name="张",
        phone="13800138000",
        email="zs@example.com",
        device_id="dev-1",
        account_id="acc-9",
        media_url="https://img.example.com/a.jpg",
    )
    assert response.status_code == 201
    [item] = parse(response)
    case = Case.objects.get()
    assert item["service_request_id"] == case.number
    assert item["account_id"] == "acc-9"
    assert "working hours" in item["service_notice"] or item["service_notice"]
    assert case.channel == Channel.OPEN311
    assert case.category.code == GARBAGE and case.cell is not None
    assert (case.reporter_name, case.reporter_phone) == ("张三", "13800138000")
    assert "https://img.example.com/a.jpg" in case.description
    submission = Submission.objects.get(case=case)
    assert submission.token == item["token"]
    assert (submission.email, submission.device_id) == ("zs@example.com", "dev-1")
    assert submission.api_key.name == "test app"


def test_post_in_xml_with_an_address_only(client, world, api_key):
    response = post_request(client, api_key, fmt="xml", lat=None, long=None, address_string="秋浦路12号")
    assert response.status_code == 201
    root = parse(response)
    assert root.tag == "service_requests"
    assert [c.tag for c in root.find("request")] == [
        "service_request_id",
        "token",
        "service_notice",
        "account_id",
    ]
    case = Case.objects.get(number=root.findtext("request/service_request_id"))
    assert case.address == "秋浦路12号" and case.lng is None


def test_post_without_a_description_uses_the_service_name(client, world, api_key):
    assert post_request(client, api_key, description=None).status_code == 201
    assert Case.objects.get().description == world[GARBAGE].name


@pytest.mark.parametrize("fmt", ["xml", "json"])
@pytest.mark.parametrize("key", [None, "", "not-a-key", "inactive"])
def test_post_without_a_valid_key_is_403(client, world, api_key, fmt, key):
    if key == "inactive":
        ApiKey.objects.update(is_active=False)
        key = api_key
    response = post_request(client, key, fmt=fmt)
    assert response.status_code == 403
    body = parse(response)
    code, description = (
        (body.findtext("error/code"), body.findtext("error/description"))
        if fmt == "xml"
        else (body[0]["code"], body[0]["description"])
    )
    assert str(code) == "403" and "api_key" in description
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("fields", "word"),
    [
        ({"service_code": "X9999"}, "service_code"),
        ({"service_code": None}, "service_code"),
        ({"service_code": "S01"}, "service_code"),
        ({"lat": None, "long": None}, "lat/long or address_string"),
        ({"lat": "north", "long": "east"}, "long"),
        ({"phone": "call me"}, "phone"),
        ({"email": "nope"}, "email"),
        ({"media_url": "ftp://x"}, "media_url"),
        ({"description": "x" * 5000}, "description"),
    ],
)
def test_bad_posts_are_400_with_the_error_list(client, world, api_key, fields, word):
    response = post_request(client, api_key, fmt="xml", **fields)
    assert response.status_code == 400
    root = parse(response)
    assert root.tag == "errors"
    errors = root.findall("error")
    assert all(e.findtext("code") == "400" for e in errors)
    assert any(e.findtext("description").startswith(word) for e in errors), [
        e.findtext("description") for e in errors
    ]
    assert not Case.objects.exists() and not Submission.objects.exists()


def test_attributes_are_checked_and_kept_with_the_description(client, world, api_key):
    values = [{"key": "s", "name": "一小堆"}, {"key": "l", "name": "一大堆"}]
    ServiceAttribute.objects.create(
        category=world[GARBAGE],
        code="size",
        datatype="singlevaluelist",
        required=True,
        description="有多少?",
        values=values,
    )
    ServiceAttribute.objects.create(
        category=world[GARBAGE], code="bags", datatype="number", description="几袋?"
    )
    missing = post_request(client, api_key)
    assert missing.status_code == 400 and "attribute[size]" in parse(missing)[0]["description"]
    wrong = post_request(client, api_key, **{"attribute[size]": "huge", "attribute[bags]": "many"})
    assert [e["description"].replace("：", ":").split(":")[0] for e in parse(wrong)] == [
        "attribute[size]",
        "attribute[bags]",
    ]
    assert not Case.objects.exists()
    ok = post_request(client, api_key, **{"attribute[size]": "l", "attribute[bags]": "3"})
    assert ok.status_code == 201
    assert Case.objects.get().description == "路口有垃圾\n有多少?: 一大堆\n几袋?: 3"
