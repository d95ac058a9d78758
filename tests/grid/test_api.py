import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from chengguan.core import geo
from chengguan.grid.models import Cell, CellResponsibility, ResponsibilityTier
from chengguan.org.models import Department, Staff

from .conftest import COMMUNITY, DISTRICT, STREET, cell_centre

pytestmark = pytest.mark.django_db
URL = "/api/v1/grid/locate"


@pytest.fixture(autouse=True)
def clear_throttle_history():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def department():
    return Department.objects.create(code="CG", name="城管局", kind="bureau")


@pytest.fixture
def staffed_cell(imported_grid, department):
    cell = Cell.objects.get(code=f"{COMMUNITY}002")
    officer = Staff.objects.create(
        name="李四", employee_no="0002", department=department, phone="13900001111"
    )
    cell.inspector = Staff.objects.create(
        name="王五", employee_no="0003", department=department, phone="13712345678"
    )
    cell.save()
    CellResponsibility.objects.create(
        cell=cell, tier=ResponsibilityTier.CLEANER, name="赵六", phone="13812341234"
    )
    CellResponsibility.objects.create(cell=cell, tier=ResponsibilityTier.ENFORCEMENT, staff=officer)
    return cell


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_url_is_named():
    assert reverse("grid-locate") == URL


def test_anonymous_caller_gets_the_cell_and_its_areas_without_people(staffed_cell):
    lng, lat = cell_centre(1, 0)
    response = client_for().get(URL, {"lng": lng, "lat": lat})

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == f"{COMMUNITY}002" and body["id"] == staffed_cell.pk
    assert body["community"] == {"code": COMMUNITY, "name": "百牙社区"}
    assert body["street"] == {"code": STREET, "name": "秋浦街道"}
    assert body["district"] == {"code": DISTRICT, "name": "贵池区"}
    assert "responsibilities" not in body and "inspector" not in body


def test_gcj02_position_from_a_chinese_map_sdk(imported_grid):
    lng, lat = geo.wgs84_to_gcj02(*cell_centre(0, 1))
    response = client_for().get(URL, {"lng": lng, "lat": lat, "crs": "gcj02"})
    assert response.status_code == 200 and response.json()["code"] == f"{COMMUNITY}003"
    assert client_for().get(URL, {"lng": lng, "lat": lat}).status_code == 404  # same numbers read as WGS-84


def test_outside_the_grid_is_a_404_with_a_reason(imported_grid):
    response = client_for().get(URL, {"lng": 116.4, "lat": 39.9}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "outside_grid" and "not inside any grid cell" in body["message"]
    chinese = client_for().get(URL, {"lng": 116.4, "lat": 39.9}, HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert "不在任何网格内" in chinese.json()["message"]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"lat": 30.66}, "lng"),
        ({"lng": "east", "lat": 30.66}, "lng"),
        ({"lng": 117.49, "lat": "nan"}, "lat"),
        ({"lng": 181, "lat": 30.66}, "lng"),
        ({"lng": 117.49, "lat": -90.5}, "lat"),
        ({"lng": 117.49, "lat": 30.66, "crs": "mercator"}, "crs"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_field(imported_grid, params, field):
    response = client_for().get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and list(body["errors"]) == [field]
    assert body["message"].startswith(f"{field}: ")


def test_signed_in_user_who_is_not_staff_sees_no_people(staffed_cell, make_user):
    response = client_for(make_user()).get(URL, dict(zip(("lng", "lat"), cell_centre(1, 0), strict=True)))
    assert response.status_code == 200 and "responsibilities" not in response.json()


def test_staff_member_sees_inspector_and_responsible_people_with_masked_phones(
    staffed_cell, make_user, department
):
    user = make_user()
    Staff.objects.create(user=user, name="张三", employee_no="0001", department=department)

    response = client_for(user).get(URL, dict(zip(("lng", "lat"), cell_centre(1, 0), strict=True)))

    body = response.json()
    assert body["inspector"] == {"name": "王五", "phone": "137****5678"}
    assert body["responsibilities"] == [
        {
            "tier": "enforcement",
            "tier_label": str(ResponsibilityTier.ENFORCEMENT.label),
            "name": "李四",
            "phone": "139****1111",
        },
        {
            "tier": "cleaner",
            "tier_label": str(ResponsibilityTier.CLEANER.label),
            "name": "赵六",
            "phone": "138****1234",
        },
    ]
    # a cell without anyone assigned: the keys are there, empty
    other = client_for(user).get(URL, dict(zip(("lng", "lat"), cell_centre(0, 0), strict=True))).json()
    assert other["inspector"] is None and other["responsibilities"] == []


def test_inactive_staff_record_does_not_count(staffed_cell, make_user, department):
    user = make_user()
    Staff.objects.create(user=user, name="张三", employee_no="0001", department=department, is_active=False)
    response = client_for(user).get(URL, dict(zip(("lng", "lat"), cell_centre(1, 0), strict=True)))
    assert "responsibilities" not in response.json()


def test_anonymous_callers_are_throttled(imported_grid, settings):
    cache.clear()
    rates = {"anon": "2/min", "user": "1000/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    client = client_for()
    params = dict(zip(("lng", "lat"), cell_centre(0, 0), strict=True))
    assert [client.get(URL, params).status_code for _ in range(3)] == [200, 200, 429]
    response = client.get(URL, params)
    assert response.json()["code"] == "throttled" and "Retry-After" in response


def test_schema_documents_the_endpoint(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"]["/api/v1/grid/locate"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"lng", "lat", "crs"}
    assert {"200", "400", "404"} <= set(operation["responses"])
