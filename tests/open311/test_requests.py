"""GET requests, one request and tokens: only public cases, the specification's fields and filters, and
nothing personal in any answer."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from chengguan.cases import services
from chengguan.cases.models import Case
from chengguan.cases.states import Channel, State

from .conftest import BASE, parse, post_request

pytestmark = pytest.mark.django_db

FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "lat",
    "long",
    "media_url",
]


def _numbers(response) -> list[str]:
    return [item["service_request_id"] for item in parse(response)]


def _backdate(case: Case, days: int) -> None:
    Case.objects.filter(pk=case.pk).update(reported_at=timezone.now() - timedelta(days=days))


def test_requests_carry_the_specification_fields_in_both_formats(client, make_case):
    case = make_case(State.DISPATCHED)
    [item] = parse(client.get(f"{BASE}requests.json"))
    assert list(item) == FIELDS
    assert item["service_request_id"] == case.number and item["status"] == "open"
    assert item["service_code"] == "S0102" and item["service_name"] == case.category.name
    assert item["agency_responsible"] == case.department.name
    assert item["lat"] == pytest.approx(case.lat) and item["long"] == pytest.approx(case.lng)
    for name in ("requested_datetime", "updated_datetime", "expected_datetime"):
        moment = parse_datetime(item[name])
        assert moment.utcoffset() is not None, name
    assert parse_datetime(item["expected_datetime"]) == case.deadline.replace(microsecond=0)
    assert item["requested_datetime"].endswith("+08:00")
    root = parse(client.get(f"{BASE}requests.xml"))
    assert root.tag == "service_requests"
    request = root.find("request")
    assert [child.tag for child in request] == FIELDS
    assert request.findtext("service_request_id") == case.number
    assert request.findtext("status") == "open"


def test_closed_and_rejected_cases_are_closed_with_their_public_notes(client, make_case):
    closed = make_case(State.CLOSED)
    rejected = make_case(State.REJECTED)
    items = {i["service_request_id"]: i for i in parse(client.get(f"{BASE}requests.json"))}
    assert items[closed.number]["status"] == "closed"
    assert items[closed.number]["expected_datetime"] is None
    assert items[closed.number]["status_notes"] == "已清运"
    assert items[rejected.number]["status"] == "closed"
    assert items[rejected.number]["status_notes"] == "重复上报"


def test_filters(client, make_case):
    open_case = make_case(State.DISPATCHED)
    closed = make_case(State.CLOSED)
    kiosk = make_case(State.ACCEPTED, category="B0115")
    old = make_case(State.ACCEPTED)
    _backdate(old, 100)
    assert set(_numbers(client.get(f"{BASE}requests.json"))) == {
        open_case.number,
        closed.number,
        kiosk.number,
    }
    assert _numbers(client.get(f"{BASE}requests.json?status=closed")) == [closed.number]
    assert set(_numbers(client.get(f"{BASE}requests.json?status=open"))) == {open_case.number, kiosk.number}
    assert len(_numbers(client.get(f"{BASE}requests.json?status=open,closed"))) == 3
    assert _numbers(client.get(f"{BASE}requests.json?service_code=B0115")) == [kiosk.number]
    assert len(_numbers(client.get(f"{BASE}requests.json?service_code=b0115,S0102"))) == 3
    ids = f"{old.number},{kiosk.number},NOPE"  # the id list overrides every other filter, the date too
    assert set(_numbers(client.get(f"{BASE}requests.json?service_request_id={ids}&status=closed"))) == {
        old.number,
        kiosk.number,
    }
    start = (timezone.now() - timedelta(days=120)).isoformat()
    end = (timezone.now() - timedelta(days=60)).isoformat()
    response = client.get(f"{BASE}requests.json", {"start_date": start, "end_date": end})
    assert _numbers(response) == [old.number]
    assert _numbers(client.get(f"{BASE}requests.json", {"start_date": start})) == [old.number]


@pytest.mark.parametrize(
    "query",
    [
        "status=pending",
        "start_date=yesterday",
        "start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z",
        "start_date=2026-02-01&end_date=2026-01-01",
    ],
)
def test_bad_filters_are_400(client, make_case, query):
    response = client.get(f"{BASE}requests.xml?{query}")
    assert response.status_code == 400
    root = parse(response)
    assert root.tag == "errors" and root.findtext("error/code") == "400"


def test_only_public_cases_are_listed_or_fetched(client, make_case):
    conduct = make_case(State.ACCEPTED, channel=Channel.CONDUCT)
    private = make_case(State.ACCEPTED)
    private.category.is_public = False
    private.category.save()
    assert parse(client.get(f"{BASE}requests.json")) == []
    for case in (conduct, private):
        response = client.get(f"{BASE}requests/{case.number}.json")
        assert response.status_code == 404
        assert parse(response)[0]["code"] == 404
    assert parse(client.get(f"{BASE}requests.json?service_request_id={conduct.number}")) == []


def test_one_request_and_a_token(client, world, api_key):
    [posted] = parse(post_request(client, api_key))
    number, token = posted["service_request_id"], posted["token"]
    root = parse(client.get(f"{BASE}requests/{number}.xml"))
    assert [r.findtext("service_request_id") for r in root.findall("request")] == [number]
    assert parse(client.get(f"{BASE}tokens/{token}.json")) == [{"service_request_id": number, "token": token}]
    root = parse(client.get(f"{BASE}tokens/{token}.xml"))
    assert root.findtext("request/service_request_id") == number and root.findtext("request/token") == token
    assert client.get(f"{BASE}tokens/{number}.json").status_code == 404  # a number is not a token
    assert client.get(f"{BASE}requests/NOPE.xml").status_code == 404


def test_no_reporter_or_staff_details_in_any_answer(client, make_case, people, api_key):
    for user, name in ((people.handler, "李师傅"), (people.dispatcher, "王调度")):
        user.staff.name = name
        user.staff.save()
    case = make_case(
        State.IN_PROGRESS, description="张三反映路边有垃圾, 回电13800138000", address="秋浦路1号"
    )
    services.report_handled(case_id=case.pk, actor=people.handler, note="李师傅已清运, 有事打 139-1234-5678")
    posted = parse(
        post_request(
            client,
            api_key,
            first_name="Alice",
            last_name="Smithson",
            phone="13700001111",
            email="alice@example.com",
            device_id="device-xyz",
            account_id="acct-1",
        )
    )[0]
    secrets = [
        "张三",
        "13800138000",
        "李师傅",
        "王调度",
        "139-1234-5678",
        "13912345678",
        "Alice",
        "Smithson",
        "13700001111",
        "alice@example.com",
        "device-xyz",
        "handler",
        "dispatcher",
    ]
    numbers = f"{case.number},{posted['service_request_id']}"
    for fmt in ("xml", "json"):
        bodies = [
            client.get(f"{BASE}requests.{fmt}").content,
            client.get(f"{BASE}requests.{fmt}?service_request_id={numbers}").content,
            client.get(f"{BASE}requests/{case.number}.{fmt}").content,
            client.get(f"{BASE}tokens/{posted['token']}.{fmt}").content,
        ]
        for body in bodies:
            text = body.decode()
            assert case.number in text or posted["service_request_id"] in text
            for secret in secrets:
                assert secret not in text, (fmt, secret)
    [item] = parse(client.get(f"{BASE}requests/{case.number}.json"))
    assert item["description"] == "张*反映路边有垃圾, 回电138****8000"
    assert item["status_notes"].startswith("李**已清运")


def test_control_characters_do_not_break_the_xml(client, make_case):
    case = make_case(State.ACCEPTED, description="垃圾\x01\x0b <b>&</b>")
    root = parse(client.get(f"{BASE}requests/{case.number}.xml"))
    assert root.findtext("request/description") == "垃圾 <b>&</b>"


def test_listing_many_requests_takes_a_fixed_number_of_queries(
    client, make_case, django_assert_max_num_queries
):
    for state in (State.CLOSED, State.REJECTED, State.DISPATCHED):
        make_case(state)
    client.get(f"{BASE}requests.json")  # warm the per-process caches (categories, calendar)
    with django_assert_max_num_queries(12) as few:
        assert len(parse(client.get(f"{BASE}requests.json"))) == 3
    for _ in range(9):
        make_case(State.CLOSED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(parse(client.get(f"{BASE}requests.json"))) == 12


def test_thirty_requests_in_many_categories_take_a_fixed_number_of_queries(
    client, make_case, django_assert_max_num_queries
):
    from chengguan.taxonomy.models import Category

    codes = list(
        Category.objects.public()
        .filter(parent__isnull=False, parent__is_active=True)
        .values_list("code", flat=True)
    )[:30]
    for index in range(30):
        make_case(State.CLOSED if index % 2 else State.DISPATCHED, category=codes[index % len(codes)])
    client.get(f"{BASE}requests.json")  # warm the per-process caches (categories, calendar)
    with django_assert_max_num_queries(12):
        assert len(parse(client.get(f"{BASE}requests.json"))) == 30
