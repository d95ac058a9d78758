"""media_url: the first public photo's page on the citizen portal, when the portal serves photos."""

import pytest
from django.http import HttpResponse
from django.urls import include, path

from chengguan.cases.states import State
from tests.cases.conftest import photo

from .conftest import BASE, parse

pytestmark = pytest.mark.django_db

portal = ([path("photo/<int:pk>/", lambda request, pk: HttpResponse(), name="photo")], "portal")
urlpatterns = [path("open311/v2/", include("chengguan.open311.urls")), path("portal/", include(portal))]


class NoPortal:
    urlpatterns = [path("open311/v2/", include("chengguan.open311.urls"))]


def test_media_url_points_at_the_first_public_photo(client, make_case, settings):
    settings.ROOT_URLCONF = __name__
    with_photo = make_case(State.ACCEPTED, photos=[photo(), photo("PNG")])
    without = make_case(State.ACCEPTED)
    first = with_photo.attachments.order_by("uploaded_at", "id").first()
    items = {i["service_request_id"]: i for i in parse(client.get(f"{BASE}requests.json"))}
    assert items[with_photo.number]["media_url"] == f"http://testserver/portal/photo/{first.pk}/"
    assert items[without.number]["media_url"] is None


def test_no_media_url_without_a_portal(client, make_case, settings):
    settings.ROOT_URLCONF = NoPortal
    case = make_case(State.ACCEPTED, photos=[photo()])
    root = parse(client.get(f"{BASE}requests/{case.number}.xml"))
    assert root.find("request/media_url").text is None  # empty element: JSON has null
