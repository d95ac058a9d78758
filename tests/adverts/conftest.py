"""The world of the register's tests: the case tests' tiny grid, departments and category table (so the
illegal-advertising category S0202 is routed to 广告管理科), people in the roles the register knows, and
`permit(...)` to build a permit in any state through the real services."""

from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from chengguan.adverts import services
from chengguan.adverts.models import Permit
from chengguan.org.models import Role
from chengguan.org.roles import RoleCode as R
from tests.cases.conftest import (  # noqa: F401  (fixtures)
    CELL_1,
    CELL_3,
    STREET,
    STREET_2,
    categories,
    centre,
    departments,
    grid,
    photo,
)
from tests.factories import StaffFactory, UserFactory

SECTION = "CGJ-GGGL"  # 广告管理科: the lead department of S0202 in the default table
PASSWORD = "pw-for-tests-1"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _staff(username, department, *roles):
    user = UserFactory(username=username, password=PASSWORD)
    StaffFactory(user=user, name=f"{username}姓名", department=department, roles=list(roles))
    return user


@pytest.fixture
def people(categories):  # noqa: F811  (the fixture imported above)
    for code in R.values:
        Role.objects.get_or_create(code=code)
    from chengguan.org.models import Department

    d = {dept.code: dept for dept in Department.objects.all()}
    return SimpleNamespace(
        clerk=_staff("clerk", d[SECTION], R.HANDLER),
        leader=_staff("leader", d["CGJ"], R.LEADER),
        section_leader=_staff("section_leader", d[SECTION], R.LEADER),
        other_leader=_staff("other_leader", d["CGJ-HWC"], R.LEADER),
        inspector=_staff("inspector", d["CGJ-SZCG"], R.INSPECTOR),
        inspector_2=_staff("inspector_2", d["CGJ-SZCG"], R.INSPECTOR),
        handler=_staff("handler", d["CGJ-HWC"], R.HANDLER),
        dispatcher=_staff("dispatcher", d["CGJ-SZCG"], R.DISPATCHER),
        admin=_staff("admin", d["CGJ"], R.ADMINISTRATOR),
    )


def application(people, **overrides) -> Permit:
    lng, lat = centre(CELL_1)
    today = timezone.localdate()
    data = {
        "actor": people.clerk,
        "applicant_name": "王老板",
        "applicant_phone": "13912345678",
        "lng": lng,
        "lat": lat,
        "address": "秋浦路12号",
        "width_m": Decimal("4.00"),
        "height_m": Decimal("1.20"),
        "material": "acrylic",
        "content_text": "百牙超市",
        "valid_from": today - timedelta(days=10),
        "valid_until": today + timedelta(days=365),
    }
    return services.apply_for_permit(**{**data, **overrides})


def approved(people, **overrides) -> Permit:
    permit = application(people, **overrides)
    return services.approve_permit(actor=people.leader, permit_id=permit.pk)


def sign(**overrides) -> dict:
    """A sign as found on patrol: by default exactly the sign of `application()`."""
    lng, lat = centre(CELL_1)
    data = {
        "lng": lng,
        "lat": lat,
        "address": "秋浦路12号",
        "width_m": Decimal("4.00"),
        "height_m": Decimal("1.20"),
        "material": "acrylic",
        "content_text": "百牙超市",
        "photo": photo(),
    }
    return {**data, **overrides}
