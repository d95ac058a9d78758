"""The Open311 tests run in the case tests' world (tiny grid, default departments and category table,
staff for every role) and share a key and helpers to call the API and parse its answers."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache

from chengguan.core.actors import SystemActor
from chengguan.open311.services import create_key
from tests.cases.conftest import (  # noqa: F401 - fixtures
    CELL_1,
    GARBAGE,
    categories,
    centre,
    departments,
    grid,
    make_case,
    media,
    people,
)

BASE = "/open311/v2/"


@pytest.fixture(autouse=True)
def _fresh_throttle(settings):
    settings.CHENGGUAN_OPEN311_RATE = "1000/min"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_key(db):
    return create_key(name="test app", actor=SystemActor("test"))[1]


@pytest.fixture
def world(request):
    """The category table (by code), with staff and a media folder."""
    request.getfixturevalue("people")
    request.getfixturevalue("media")
    return request.getfixturevalue("categories")


def parse(response):
    """The body as Python data: JSON as is, XML as the root element."""
    content_type = response["Content-Type"]
    if response.status_code != 204 and content_type.startswith("application/json"):
        return json.loads(response.content)
    assert content_type == "application/xml; charset=utf-8", content_type
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(response.content)


def post_request(client, key, fmt="json", **fields):
    lng, lat = centre(CELL_1)
    data = {"api_key": key, "service_code": GARBAGE, "lat": lat, "long": lng, "description": "路口有垃圾"}
    data.update(fields)
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(f"{BASE}requests.{fmt}", data)
