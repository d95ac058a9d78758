"""The register's world: the case tests' tiny grid, departments and category table, with 门前三包 in
池阳街道 (STREET_2) kept by that street's office; a keeper at 市容环卫科 (the default department for
门前三包) and one at the street office; an inspector, a leader, a civility officer and an outsider."""

import io
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from chengguan.frontage import services
from chengguan.grid.models import Area
from chengguan.org.models import Department, DepartmentKind, Role
from chengguan.org.roles import RoleCode as R
from chengguan.taxonomy.models import Category, Responsibility
from tests.cases.conftest import (  # noqa: F401  (fixtures)
    CELL_1,
    CELL_3,
    STREET_2,
    categories,
    centre,
    departments,
    grid,
)
from tests.factories import StaffFactory, UserFactory

PASSWORD = "pw-for-tests-1"


def _staff(username, department, *roles):
    return StaffFactory(
        user=UserFactory(username=username, password=PASSWORD),
        name=f"{username}姓名",
        department=department,
        roles=list(roles),
    ).user


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(categories, departments):  # noqa: F811
    for code in R.values:
        Role.objects.get_or_create(code=code)
    office = Department.objects.create(code="EXT-JD2", name="池阳街道办事处", kind=DepartmentKind.EXTERNAL)
    Responsibility.objects.create(
        category=Category.objects.get(code="S0115"), area=Area.objects.get(code=STREET_2), department=office
    )
    return SimpleNamespace(
        office=office,
        srhw=departments["CGJ-SRHW"],
        keeper=_staff("keeper", departments["CGJ-SRHW"], R.HANDLER),
        street_keeper=_staff("street_keeper", office, R.HANDLER),
        inspector=_staff("inspector", departments["CGJ-SZCG"], R.INSPECTOR),
        leader=_staff("leader", departments["CGJ"], R.LEADER),
        civility=_staff("civility", departments["CGJ"], R.CIVILITY_OFFICER),
        outsider=_staff("outsider", departments["CGJ-HWC"], R.HANDLER),
    )


def make_unit(world, name="老王面馆", cell=CELL_1, **extra):
    lng, lat = centre(cell)
    actor = extra.pop("actor", world.keeper if cell == CELL_1 else world.street_keeper)
    values = {"address": f"秋浦路{name}", "contact_name": "王小明", "contact_phone": "13800138000", **extra}
    return services.register_unit(actor=actor, name=name, lng=lng, lat=lat, **values)


def photo_upload(name="door.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
