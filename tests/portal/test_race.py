"""The per-address limit holds under concurrency: it is counted before the work, atomically, so 60
anonymous reports sent at once from one address store at most the limit. Real threads, real connections,
committed transactions, on either database."""

import pytest
from django.db import connection
from django.test import Client

from chengguan.cases.models import Case
from tests.cases.test_concurrency import database_where_writers_wait, race  # noqa: F401 (fixture)

from .conftest import report_data

pytestmark = pytest.mark.django_db(transaction=True)
LIMIT = 20


def test_sixty_concurrent_reports_from_one_address_store_at_most_the_limit(world, settings):
    settings.CHENGGUAN_PORTAL_RATE = {"device": (100, 600), "ip": (LIMIT, 3600), "min_fill_seconds": 3}
    forms = [report_data(description=f"第{i}处垃圾", device_id=f"device-{i}") for i in range(60)]

    def send(data):
        return lambda: Client(REMOTE_ADDR="10.9.8.7").post("/report/", data).status_code

    statuses = race(*(send(data) for data in forms))
    errors = [s for s in statuses if not isinstance(s, int)]
    assert not errors, errors[:3]
    assert statuses.count(302) == Case.objects.count() <= LIMIT
    assert set(statuses) <= {302, 429}
    assert statuses.count(302) >= 1
    connection.close()
