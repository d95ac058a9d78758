"""Token authentication: `create_api_token` prints a token that works as `Authorization: Token …`."""

import io

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from chengguan.cases.models import Case

from .conftest import LIST_URL, report_payload, url

pytestmark = pytest.mark.django_db


def _token(*args) -> str:
    out = io.StringIO()
    call_command("create_api_token", *args, stdout=out)
    return out.getvalue().strip()


def test_a_token_from_the_command_authenticates_api_calls(world):
    key = _token("operator")
    # Only a digest is stored, so a key cannot be shown again: each call issues another token.
    assert _token("operator") != key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    created = client.post(LIST_URL, report_payload(), format="json")

    assert created.status_code == 201
    case = Case.objects.get(number=created.json()["number"])
    assert case.created_by == world.operator
    assert client.get(url(case.number)).status_code == 200
    assert client.post(url(case.number, "accept")).json()["state"] == "accepted"


def test_rotate_replaces_the_token(world):
    old = _token("dispatcher")
    new = _token("dispatcher", "--rotate")
    assert new != old
    stale = APIClient()
    stale.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    response = stale.get(LIST_URL)
    assert response.status_code in (401, 403) and response.json()["code"] == "authentication_failed"


def test_an_unknown_or_inactive_user_is_a_sentence_and_a_non_zero_exit(world):
    with pytest.raises(CommandError, match="nobody"):
        _token("nobody")
    world.handler.is_active = False
    world.handler.save()
    with pytest.raises(CommandError, match="handler"):
        _token("handler")


def test_without_credentials_the_api_answers_in_json(world):
    response = APIClient().get(LIST_URL)
    assert response.status_code in (401, 403) and response.json()["code"] == "not_authenticated"
