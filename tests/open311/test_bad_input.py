"""Bad input never breaks the API: NUL bytes, absurd dates and coordinates outside the bureau's area are
answered 4xx with a description, and nothing is stored."""

import pytest

from chengguan.cases.models import Case

from .conftest import BASE, post_request

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "requests.json?service_code=%00",
        "requests.json?service_request_id=%00",
        "services/%00.json",
        "requests/%00.json",
        "tokens/%00.json",
        "requests.json?start_date=0001-01-01",
        "requests.json?end_date=9999-12-31",
        "requests.json?start_date=0001-01-01&end_date=0001-02-01",
        "requests.json?start_date=9999-12-31T23:59:59",
        "requests.json?start_date=2026-13-45",
    ],
)
def test_bad_reads_are_4xx_with_a_message(client, url):
    response = client.get(BASE + url)
    assert 400 <= response.status_code < 500, response.content[:300]
    assert response.content.strip()


@pytest.mark.parametrize(
    "fields",
    [
        {"description": "x\x00y"},
        {"lat": "0", "long": "0"},
        {"lat": "90", "long": "180"},
        {"lat": "nan", "long": "nan"},
        {"lat": "inf", "long": "117.5"},
        {"lat": "1e400", "long": "117.5"},
    ],
    ids=["nul", "zero", "corner", "nan", "inf", "huge"],
)
def test_bad_posts_are_400_and_store_nothing(client, world, api_key, fields):
    response = post_request(client, api_key, **fields)
    assert response.status_code == 400, response.content[:300]
    assert response.content.strip()
    assert not Case.objects.exists()


def test_a_point_outside_the_area_names_the_area(client, world, api_key):
    body = post_request(client, api_key, lat="0", long="0").json()
    assert any(item["description"].startswith("lat/long") for item in body), body
