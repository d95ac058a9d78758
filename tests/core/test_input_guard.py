"""NUL bytes and other control characters, and JSON nested without end, are refused with a 400 and a
message before any view or query sees them, for anonymous callers and signed-in ones alike."""

import json

import pytest
from django.utils.translation import gettext as _
from rest_framework.test import APIClient

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ANONYMOUS_GETS = [
    "/open311/v2/requests.json?service_code=%00",
    "/open311/v2/requests.json?service_request_id=%00",
    "/open311/v2/services/%00.json",
    "/open311/v2/requests/%00.json",
    "/open311/v2/tokens/%00.json",
    "/report/nearby/?category=%00&lng=117.49&lat=30.66",
    "/cases/?q=a%01b",
    "/?next=%1b[31m",
]


@pytest.mark.parametrize("path", ANONYMOUS_GETS)
def test_control_characters_in_the_address_or_query_are_refused(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert response.json()["code"] == "control_character"


def test_a_nul_byte_in_a_form_field_is_refused(client):
    response = client.post("/report/", {"description": "x\x00y"})
    assert response.status_code == 400
    where = _("the field %(name)s") % {"name": "description"}
    assert response.json()["message"] == _(
        "The request contains a control character (such as a NUL byte) in %(where)s."
    ) % {"where": where}


def test_tabs_and_new_lines_are_text(client):
    assert client.get("/open311/v2/services.json?x=a%09b%0Ac").status_code == 200


@pytest.fixture
def api():
    client = APIClient()
    client.force_authenticate(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def test_a_nul_byte_inside_a_json_string_is_refused(api):
    response = api.post("/api/v1/cases/", {"description": "x\x00y"}, format="json")
    assert response.status_code == 400
    assert response.json()["message"] == _("The JSON body contains a control character (such as a NUL byte).")


@pytest.mark.parametrize("depth", [40, 100_000])
def test_json_nested_too_deeply_is_refused(api, depth):
    body = "[" * depth + "]" * depth
    response = api.post("/api/v1/cases/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["message"] == _("The JSON body is nested too deeply.")


def test_ordinary_json_still_reaches_the_view(api):
    response = api.post(
        "/api/v1/cases/", json.dumps({"description": "路灯不亮"}), content_type="application/json"
    )
    assert response.status_code == 400  # refused by the view's own validation, field by field
    assert "errors" in response.json()
