"""A third-party Open311 client, `georeport` from PyPI, against the real endpoints on a live server, in
both formats. georeport only reads (services, definitions, requests); posting and tokens go through
`requests`, as a client app would."""

import pytest
import requests
import xmltodict
from georeport import GeoReport

from chengguan.cases.states import State
from chengguan.core.actors import SystemActor
from chengguan.open311.models import ServiceAttribute
from chengguan.open311.services import create_key
from tests.cases.conftest import CELL_1, GARBAGE, centre

pytestmark = pytest.mark.django_db(transaction=True)


def _as_list(value):
    return value if isinstance(value, list) else [value]


@pytest.fixture
def endpoint(live_server, make_case):
    values = [{"key": "s", "name": "small"}, {"key": "l", "name": "large"}]
    ServiceAttribute.objects.create(
        category=make_case.categories[GARBAGE],
        code="size",
        datatype="singlevaluelist",
        description="How big?",
        values=values,
    )
    return f"{live_server.url}/open311/v2"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport_reads_services_and_requests(endpoint, make_case, fmt):
    closed = make_case(State.CLOSED)
    dispatched = make_case(State.DISPATCHED)
    client = GeoReport(endpoint, output_format=fmt)

    services = _as_list(client.get_service_list())
    garbage = next(s for s in services if s["service_code"] == GARBAGE)
    assert garbage["metadata"] in (True, "true")
    definition = client.get_service_definition(GARBAGE)
    attributes = (
        definition["attributes"] if fmt == "json" else _as_list(definition["attributes"]["attribute"])
    )
    assert attributes[0]["code"] == "size"

    listed = _as_list(client.get_service_requests())
    assert {r["service_request_id"] for r in listed} == {closed.number, dispatched.number}
    only_closed = _as_list(client.get_service_requests(status="closed", service_code=GARBAGE))
    assert [r["service_request_id"] for r in only_closed] == [closed.number]
    one = client.get_service_request(dispatched.number)
    assert one["service_request_id"] == dispatched.number and one["status"] == "open"
    by_ids = _as_list(client.get_service_requests(service_request_id=f"{closed.number},{dispatched.number}"))
    assert len(by_ids) == 2


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_client_posts_a_request_and_georeport_finds_it(endpoint, make_case, fmt):
    _, key = create_key(name="client app", actor=SystemActor("test"))
    lng, lat = centre(CELL_1)
    form = {
        "api_key": key,
        "service_code": GARBAGE,
        "lat": lat,
        "long": lng,
        "description": "垃圾",
        "attribute[size]": "l",
    }
    response = requests.post(f"{endpoint}/requests.{fmt}", data=form, timeout=10)
    assert response.status_code == 201
    if fmt == "json":
        posted = response.json()[0]
    else:
        posted = xmltodict.parse(response.content)["service_requests"]["request"]
    number, token = posted["service_request_id"], posted["token"]
    client = GeoReport(endpoint, output_format=fmt)
    found = client.get_service_request(number)
    assert found["service_code"] == GARBAGE and found["description"] == "垃圾\nHow big?: large"
    from_token = requests.get(f"{endpoint}/tokens/{token}.{fmt}", timeout=10)
    assert from_token.status_code == 200 and number in from_token.text

    refused = requests.post(f"{endpoint}/requests.{fmt}", data={**form, "api_key": ""}, timeout=10)
    assert refused.status_code == 403
    with pytest.raises(requests.HTTPError):
        client.get_service_definition("X9999")
