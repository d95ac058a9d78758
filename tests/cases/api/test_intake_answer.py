"""Intake answers from what it has just stored, without reading the case back: the answer must be the case
exactly as a later GET shows it, and the request must stay a handful of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from chengguan.accounts.services import issue_token
from chengguan.cases.models import Case
from tests.factories import UserFactory

from .conftest import LIST_URL, client_for, jpeg, report_payload, url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["json", "multipart"])
def test_the_answer_to_a_report_is_the_case_as_read_back(world, media, fmt):
    payload = report_payload(channel="hotline") | ({"photos": [jpeg("a.jpg")]} if fmt == "multipart" else {})
    client = client_for(world.operator)

    answer = client.post(LIST_URL, payload, format=fmt)

    assert answer.status_code == 201, answer.json()
    assert answer.json() == client.get(url(answer.json()["number"])).json()


def test_an_api_client_without_staff_record_gets_the_public_answer_as_read_back(world):
    client = client_for(UserFactory(username="wechat-gateway"))

    answer = client.post(LIST_URL, report_payload(), format="json").json()

    assert answer == client.get(url(answer["number"])).json()
    assert answer["timeline"][0]["actor_name"] == ""


def test_a_report_through_a_token_takes_a_handful_of_queries(world, settings):
    settings.CHENGGUAN_CACHE_CHECK_SECONDS = 60  # as in production: reference data is not re-checked per call
    client = APIClient()
    _token, key = issue_token(actor=world.operator, user=world.operator, name="tests")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.post(LIST_URL, report_payload(), format="json").status_code == 201  # fills the caches

    with CaptureQueriesContext(connection) as queries:
        assert client.post(LIST_URL, report_payload(), format="json").status_code == 201

    statements = [q["sql"].split()[0] for q in queries.captured_queries]
    # the counter, the case and its event, inside a savepoint of the test's transaction; no SELECT at all
    assert statements.count("SELECT") == 0, [q["sql"][:80] for q in queries.captured_queries]
    assert statements.count("INSERT") == 2 and statements.count("UPDATE") == 1
    assert Case.objects.count() == 2


def test_a_replayed_key_answers_with_the_first_case_even_when_nothing_else_matches(world):
    client = client_for(world.operator)
    first = client.post(LIST_URL, report_payload(), format="json", HTTP_IDEMPOTENCY_KEY="k-1").json()

    again = client.post(
        LIST_URL, report_payload(address="另一个地址"), format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )

    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true"
    assert again.json()["number"] == first["number"] and Case.objects.count() == 1
