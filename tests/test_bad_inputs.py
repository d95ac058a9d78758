"""Every bad request of issue 16 ("Server errors on bad input") answers 4xx with a message, never 5xx,
anonymous and signed in as a dispatcher, on SQLite and PostgreSQL.

Rows marked xfail are fixed by another branch; the mark is strict, so it fails as soon as the fix lands
and the merger removes it."""

import json

import pytest
from django.test import Client

from chengguan.cases.api.actions import VIEWS
from tests.cases.api.conftest import LIST_URL, client_for, report_payload, world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

CASES = pytest.mark.skipif(False, reason="fixed by the cases branch")
CIVIC = pytest.mark.skipif(False, reason="fixed by the civic branch")
NUMBER = "{number}"  # the number of a real case, filled in per test

GET = [
    "/open311/v2/requests.json?service_code=%00",
    "/open311/v2/requests.json?service_request_id=%00",
    "/open311/v2/services/%00.json",
    "/open311/v2/requests/%00.json",
    "/open311/v2/tokens/%00.json",
    "/report/nearby/?category=%00&lng=117.49&lat=30.66",
    "/report/nearby/?category=S0102&lng=0&lat=0",
    "/report/nearby/?category=S0102&lng=180&lat=90",
    "/open311/v2/requests.json?start_date=0001-01-01",
    "/open311/v2/requests.json?end_date=9999-12-31",
    "/api/v1/cases/?reported_before=9999-12-31",
    "/api/v1/cases/?reported_after=0001-01-01",
    "/api/v1/cases/export.csv?reported_before=9999-12-31",
    "/api/v1/cases/export.xlsx?reported_after=0001-01-01",
    "/cases/?reported_before=9999-12-31",
    "/cases/?reported_after=0001-01-01",
    "/cases/export/?reported_after=0001-01-01",
    "/cases/map.geojson?reported_before=9999-12-31",
    "/cases/map.geojson?reported_after=0001-01-01",
    "/assessment/?period=0001-01",
    "/assessment/rankings/?period=0001-01",
]

# Rows another branch fixes, by (request, who): who is "anonymous", "dispatcher" or "*".
PENDING: dict[tuple[str, str], pytest.MarkDecorator] = {
    **{(row, "dispatcher"): CASES for row in GET if row.startswith(("/api/v1/cases/", "/cases/"))},
    **{(row, "dispatcher"): CIVIC for row in GET if row.startswith("/assessment/")},
}


def _params(rows, kind):
    params = []
    for row in rows:
        for who in ("anonymous", "dispatcher"):
            mark = PENDING.get((row, who)) or PENDING.get((row, "*"))
            params.append(pytest.param(row, who, marks=[mark] if mark else [], id=f"{kind} {row} {who}"))
    return params


def _client(who, world):  # noqa: F811
    client = Client(REMOTE_ADDR="10.1.2.3")
    if who == "dispatcher":
        client.force_login(world.dispatcher)
    return client


def _assert_refused(response):
    if response.status_code == 302 and "/login" in response.get("Location", ""):
        return  # a staff page asks an anonymous visitor to sign in first: no error either
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    if response.status_code not in (401, 403, 404, 405) or response.content:
        assert response.content.strip(), "a 4xx without a message"


@pytest.fixture
def number(world):  # noqa: F811
    response = client_for(world.operator).post(LIST_URL, report_payload(), format="json")
    assert response.status_code == 201, response.content
    return response.json()["number"]


@pytest.mark.parametrize(("path", "who"), _params(GET, "GET"))
def test_bad_reads(world, path, who):  # noqa: F811
    _assert_refused(_client(who, world).get(path))


ACTIONS = [f"/api/v1/cases/{NUMBER}/{name}/" for name in VIEWS]
PENDING.update({(row, "dispatcher"): CASES for row in ACTIONS})


@pytest.mark.parametrize(("path", "who"), _params(ACTIONS, "OPTIONS"))
def test_options_on_case_actions(world, number, path, who):  # noqa: F811
    response = _client(who, world).options(path.replace(NUMBER, number))
    assert response.status_code < 500, (response.status_code, response.content[:300])
    if response.status_code >= 400:
        _assert_refused(response)


def _nested(depth: int) -> str:
    return '{"description": ' + "[" * depth + "]" * depth + "}"


BODIES = {
    "json nested 100,000 deep": ("/api/v1/cases/", "json", _nested(100_000)),
    "point at (0, 0)": ("/api/v1/cases/", "json", {"lng": 0, "lat": 0}),
    "point at (180, 90)": ("/api/v1/cases/", "json", {"lng": 180, "lat": 90}),
    "lng true": ("/api/v1/cases/", "json", {"lng": True}),
    "open311 description with NUL": ("/open311/v2/requests.json", "form", {"description": "x\x00y"}),
    "portal report at (0, 0)": ("/report/", "form", {"lng": "0", "lat": "0"}),
}
PENDING.update(
    {(name, "dispatcher"): CASES for name in ("point at (0, 0)", "point at (180, 90)", "lng true")}
)


@pytest.mark.parametrize(("name", "who"), _params(BODIES, "POST"))
def test_bad_bodies(world, name, who):  # noqa: F811
    path, kind, body = BODIES[name]
    client = _client(who, world)
    if kind == "json":
        data = body if isinstance(body, str) else json.dumps({**report_payload(), **body})
        response = client.post(path, data, content_type="application/json")
    else:
        response = client.post(path, {"description": "x", "service_code": "S0102", **body})
    _assert_refused(response)


@pytest.mark.parametrize(
    "content_type",
    [
        "multipart/form-data",  # no boundary at all
        "multipart/form-data; boundary=b0",  # a part whose "headers" never end (the fuzzer's case)
    ],
)
def test_an_unreadable_form_body_is_a_json_400(world, number, content_type):  # noqa: F811
    """Found by the API fuzzer: Django answered an unparseable multipart body with its HTML error page,
    which the API's schema does not document. The input guard answers it with the API's JSON instead."""
    client = client_for(world.operator)
    body = b"--b0\r\n" + b"[{}, {'F': -1.0e+29}, []]" * 1000 + b"--b0--\r\n"
    response = client.generic(
        "POST", f"/api/v1/cases/{number}/request_suspension/", body, content_type=content_type
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "unreadable_body"
