"""Token sign-in is answered from each process's memory, and forgotten as soon as anything it carries
changes: the token, the account, the staff record, its roles or its department."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from chengguan.accounts import services
from chengguan.accounts.models import ApiToken
from chengguan.org.models import Role
from chengguan.org.roles import RoleCode as R

from .conftest import LIST_URL, report_payload, url

pytestmark = pytest.mark.django_db


def _client(user) -> tuple[APIClient, ApiToken]:
    token, key = services.issue_token(actor=user, user=user, name="tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(LIST_URL).status_code == 200  # remembered from here on
    return client, token


def test_a_deleted_token_stops_working(world):
    client, token = _client(world.operator)
    token.delete()
    assert client.get(LIST_URL).json()["code"] == "authentication_failed"


def test_a_deactivated_account_stops_working(world):
    client, _token = _client(world.operator)
    world.operator.is_active = False
    world.operator.save()
    assert client.get(LIST_URL).json()["code"] == "authentication_failed"


def test_a_removed_role_takes_its_actions_away(world):
    client, _token = _client(world.dispatcher)
    number = client.post(LIST_URL, report_payload(), format="json").json()["number"]
    assert "accept" in {a["action"] for a in client.get(url(number)).json()["allowed_actions"]}

    world.dispatcher.staff.roles.remove(Role.objects.get(code=R.DISPATCHER))

    assert "accept" not in {a["action"] for a in client.get(url(number)).json()["allowed_actions"]}


def test_a_session_sign_in_elsewhere_keeps_the_token_remembered(world):
    client, _token = _client(world.operator)
    world.operator.save(update_fields=["last_login"])  # what signing in to the console does
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST_URL).status_code == 200
    assert not [q for q in queries.captured_queries if "accounts_apitoken" in q["sql"]]
