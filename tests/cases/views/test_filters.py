"""The case list's filters (the staff list, its map and export, the API's list and exports) go through
one FilterSet: an absurd date is a field error, never a server error."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("param", ["reported_before", "reported_after"])
@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
def test_an_absurd_date_is_a_field_error_never_a_server_error(client, people, param, value):
    client.force_login(people.shift_lead)
    api = client.get(f"/api/v1/cases/?{param}={value}")
    assert api.status_code == 400 and param in api.json()["errors"]
    page = client.get(reverse("cases:list") + f"?{param}={value}")
    assert page.status_code == 400 and param in page.context["filter_form"].errors
    geojson = client.get(reverse("cases:geojson") + f"?scope=list&{param}={value}")
    assert geojson.status_code == 400 and geojson.json()["error"]
    assert client.get(f"/api/v1/cases/export/?format=csv&{param}={value}").status_code == 400
