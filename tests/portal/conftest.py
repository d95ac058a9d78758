"""The portal tests reuse the case tests' world (grid, categories, departments, staff, `make_case`) and add
a client that fills in the report form as a person would: a shown-at stamp old enough, a device id."""

import math
import time
import uuid

import pytest
from django.core import signing
from django.core.cache import cache

from chengguan.portal import ratelimit
from tests.cases.conftest import (  # noqa: F401 (fixtures)
    CELL_1,
    GARBAGE,
    KIOSK,
    Builder,
    categories,
    centre,
    departments,
    grid,
    make_case,
    media,
    people,
    photo,
    sms_outbox,
)

LNG, LAT = centre(CELL_1)
M_LAT = 1 / 111_320  # one metre of latitude in degrees
M_LNG = 1 / (111_320 * math.cos(math.radians(LAT)))


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


def stamp(seconds_ago: float = 10) -> str:
    return signing.dumps(time.time() - seconds_ago, salt=ratelimit._SALT)


def report_data(**overrides) -> dict:
    data = {
        "lng": f"{LNG:.6f}",
        "lat": f"{LAT:.6f}",
        "category": GARBAGE,
        "description": "小区门口有一堆垃圾没人清理",
        "reporter_name": "赵小明",
        "reporter_phone": "13700001111",
        "intake_key": str(uuid.uuid4()),
        "form_stamp": stamp(),
        "device_id": "device-aaa",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def world(make_case, categories) -> Builder:  # noqa: F811
    return make_case
