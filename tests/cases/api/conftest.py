"""A small world for the cases API: two grid cells near Chizhou (lng 117.49, lat 30.66), the default
departments and category table, and staff in the roles the lifecycle needs."""

import io
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient

from chengguan.core.actors import SystemActor
from chengguan.grid.services import import_grid
from chengguan.org.models import Department, DepartmentKind
from chengguan.org.roles import RoleCode as R
from chengguan.taxonomy.defaults import create_default_departments, load_default_table
from tests.factories import StaffFactory

LNG0, LAT0, STEP = 117.49, 30.66, 0.001  # cells about 100 m across
COMMUNITY = "341702001001"
CELL_A, CELL_B = f"{COMMUNITY}001", f"{COMMUNITY}002"
CATEGORY = "S0115"  # 门前三包不落实 → 市容环卫科 (CGJ-SRHW), one working day
HANDLING_DEPARTMENT, OTHER_DEPARTMENT, COMMAND_CENTRE = "CGJ-SRHW", "CGJ-SZGY", "CGJ-SZCG"
LIST_URL = "/api/v1/cases/"


def _square(col: int, cols: int = 1) -> dict:
    west, east = LNG0 + col * STEP, LNG0 + (col + cols) * STEP
    ring = [[west, LAT0], [east, LAT0], [east, LAT0 + STEP], [west, LAT0 + STEP], [west, LAT0]]
    return {"type": "Polygon", "coordinates": [ring]}


def _feature(code: str, name: str | None = None, geometry: dict | None = None) -> dict:
    props = {"code": code, **({"name": name} if name else {})}
    return {"type": "Feature", "properties": props, "geometry": geometry}


def centre(cell: str) -> tuple[float, float]:
    col = 0 if cell == CELL_A else 1
    return LNG0 + (col + 0.5) * STEP, LAT0 + STEP / 2


def url(number: str, action: str = "") -> str:
    return f"{LIST_URL}{number}/" + (f"{action}/" if action else "")


def jpeg(name: str = "photo.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 40, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def report_payload(**overrides) -> dict:
    lng, lat = centre(CELL_A)
    payload = {
        "description": "饭店门口堆满纸箱和泔水桶，门前三包不落实。",
        "lng": lng,
        "lat": lat,
        "crs": "wgs84",
        "address": "秋浦路 88 号",
        "category": CATEGORY,
        "reporter_name": "张三丰",
        "reporter_phone": "13812345678",
    }
    payload.update(overrides)
    return payload


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # uploaded photos go to a throw-away folder
    cache.clear()  # throttling history
    yield
    cache.clear()


@pytest.fixture
def world(db):
    import_grid(
        {
            "type": "FeatureCollection",
            "features": [
                _feature("341702", "贵池区"),
                _feature("341702001", "秋浦街道"),
                _feature(COMMUNITY, "百牙社区", _square(0, cols=2)),
                _feature(CELL_A, geometry=_square(0)),
                _feature(CELL_B, geometry=_square(1)),
            ],
        },
        actor=SystemActor("test"),
    )
    bureau = Department.objects.create(code="CGJ", name="城市管理局", kind=DepartmentKind.BUREAU)
    create_default_departments(bureau=bureau)
    load_default_table()
    departments = {d.code: d for d in Department.objects.all()}

    def staff(username: str, name: str, department: str, *roles: str):
        return StaffFactory(
            user__username=username, name=name, department=departments[department], roles=list(roles)
        ).user

    return SimpleNamespace(
        departments=departments,
        operator=staff("operator", "受理员甲", COMMAND_CENTRE, R.INTAKE_OPERATOR),
        dispatcher=staff("dispatcher", "派遣员乙", COMMAND_CENTRE, R.DISPATCHER),
        lead=staff("lead", "值班长丙", COMMAND_CENTRE, R.SHIFT_LEAD),
        inspector=staff("inspector", "监督员丁", COMMAND_CENTRE, R.INSPECTOR),
        handler=staff("handler", "处置员戊", HANDLING_DEPARTMENT, R.HANDLER),
        other_handler=staff("other_handler", "处置员己", OTHER_DEPARTMENT, R.HANDLER),
    )


@pytest.fixture
def report(world):
    """Post a report as the intake operator and return the response body."""

    def make(user=None, **overrides) -> dict:
        response = client_for(user or world.operator).post(
            LIST_URL, report_payload(**overrides), format="json"
        )
        assert response.status_code == 201, response.json()
        return response.json()

    return make


@pytest.fixture
def act(world):
    """POST an action as a user; returns the response."""

    def post(user, number: str, action: str, data: dict | None = None, **kwargs):
        return client_for(user).post(url(number, action), data or {}, format=kwargs.pop("format", "json"))

    return post


@pytest.fixture
def dispatched(world, report, act) -> str:
    """A case accepted and dispatched to the handling department; its number."""
    number = report()["number"]
    response = act(world.dispatcher, number, "accept_and_dispatch")
    assert response.status_code == 200, response.json()
    assert response.json()["department"]["code"] == HANDLING_DEPARTMENT
    return number
